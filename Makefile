# Strategy Advisor — `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test eval lint format bench clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Install the project and its dev tools into .venv

run: $(STAMP) ## Serve the web page and API on the embedded defaults (no key): http://127.0.0.1:8000/
	$(BIN)/advisor ingest
	$(BIN)/advisor serve --host 127.0.0.1 --port 8000

test: $(STAMP) ## Run the test suite (no network)
	$(BIN)/pytest

eval: $(STAMP) ## Run the offline evals; fails below any threshold (report in evals/reports/)
	$(BIN)/advisor eval --provider offline

lint: $(STAMP) ## ruff + mypy
	$(BIN)/ruff check advisor api tests bench
	$(BIN)/ruff format --check advisor api tests bench
	$(BIN)/mypy

format: $(STAMP) ## Apply ruff's formatting and fixes
	$(BIN)/ruff format advisor api tests bench
	$(BIN)/ruff check --fix advisor api tests bench

bench: $(STAMP) ## Run the benchmarks and print their figures (slow; not part of the tests)
	$(BIN)/python bench/retrieval_scale.py

clean: ## Remove the venv, caches and the local index
	rm -rf $(VENV) .advisor-data .pytest_cache .mypy_cache .ruff_cache
