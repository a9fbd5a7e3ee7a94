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

SAMPLE := "Northwind Freight is a 450-person logistics company. We want to automate customer support tickets. Our data lives in spreadsheets and a legacy ERP, we have no data team, and we must comply with GDPR."

run: $(STAMP) ## Index the playbook and draft a sample roadmap on the embedded defaults (no key)
	$(BIN)/advisor ingest
	$(BIN)/advisor roadmap $(SAMPLE) --format md --gantt roadmap.svg

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
