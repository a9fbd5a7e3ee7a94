"""Parts of the openai provider (advisor.llm.openai_provider): the drafts the model
returns, the mapping of client failures, and the chat agent.

Nothing here imports langchain-openai at module import time: it costs ~2 s, and an
offline command must start fast. The agent imports langchain lazily.
"""
