"""The knowledge base: load markdown/text documents with front matter, chunk them with
stable ids, and ingest the chunks into the index."""
