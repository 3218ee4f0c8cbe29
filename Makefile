# The two set-up commands (README): `make demo` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
STAMP := $(VENV)/.installed

.PHONY: demo test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Install, then extract a bundled sample exam and score it against its gold answers.
demo: $(STAMP)
	$(BIN)/include-extract fixtures/samples/es_tc_2003/exam.pdf --language es --country ES \
		--exam "Comisión de Selección (judicial)" --year 2003 --level Professional -o out/es_tc_2003.jsonl
	$(BIN)/include-score out/es_tc_2003.jsonl fixtures/samples/es_tc_2003/gold.json
	@echo "records: out/es_tc_2003.jsonl"

# Install, then run the whole test suite (what CI runs).
test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) out build *.egg-info
