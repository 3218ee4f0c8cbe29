# The two set-up commands (README): `make demo` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3
STAMP := $(VENV)/.installed
# Tesseract and the language packs of the exams (Spanish, Portuguese, Catalan, Basque, Galician)
TESS_PKGS := tesseract-ocr tesseract-ocr-spa tesseract-ocr-por tesseract-ocr-cat tesseract-ocr-eus tesseract-ocr-glg
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test bench clean system

# Debian/Ubuntu packages, installed only when one is missing
system:
	@missing=$$(for p in $(TESS_PKGS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing $$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml | system
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Install, then extract a bundled sample exam and score it against its gold answers.
demo: $(STAMP)
	$(BIN)/include-extract fixtures/samples/es_tc_2003/exam.pdf --language es --country ES \
		--exam "Comisión de Selección (judicial)" --year 2003 --level Professional -o out/es_tc_2003.jsonl
	$(BIN)/include-score out/es_tc_2003.jsonl fixtures/samples/es_tc_2003/gold.json
	@echo "records: out/es_tc_2003.jsonl"

# Install, then lint and run the whole test suite (what CI runs).
test: $(STAMP) system
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n auto --durations=15

bench: $(STAMP)
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/ocr_throughput.py

clean:
	rm -rf $(VENV) out build *.egg-info
