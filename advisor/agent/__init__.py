"""The advisor's jobs (ask, roadmap, governance) and chat on top of them."""
