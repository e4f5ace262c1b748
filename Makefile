# Two commands for a newcomer: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT := out
HOST ?= 127.0.0.1
PORT ?= 5000
# IRIs are minted under the address the demo serves at, so every one of them dereferences
BASE ?= http://$(HOST):$(PORT)/

.PHONY: demo test install convert validate serve lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

convert: $(STAMP)
	mkdir -p $(OUT)
	$(BIN)/juesuan convert examples/ -o $(OUT)/examples.trig --base $(BASE) -q
	$(BIN)/juesuan convert examples/ -o $(OUT)/examples.ttl --base $(BASE) -q

validate: convert
	@if $(BIN)/juesuan validate --help >/dev/null 2>&1; then \
		$(BIN)/juesuan validate $(OUT)/examples.trig --format text > $(OUT)/validation.txt; \
		status=$$?; head -n 40 $(OUT)/validation.txt; echo "(full report: $(OUT)/validation.txt)"; \
		test $$status -le 1; \
	else echo "validate: not available in this build"; fi

# Converts the bundled examples, validates them, then serves them (Ctrl-C stops).
demo: validate
	@echo "Output: $(OUT)/examples.trig (one named graph per report), $(OUT)/examples.ttl"
	@if $(BIN)/juesuan serve --help >/dev/null 2>&1; then \
		echo "Serving on http://$(HOST):$(PORT)/  reports: http://$(HOST):$(PORT)/page/  SPARQL: http://$(HOST):$(PORT)/sparql"; \
		$(BIN)/juesuan serve $(OUT)/examples.trig --host $(HOST) --port $(PORT) --base $(BASE); \
	else echo "serve: not available in this build"; fi

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python bench/convert.py

clean:
	rm -rf $(OUT) .pytest_cache
