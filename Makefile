# Two commands a newcomer needs (see README): `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: install demo test lint bench clean

$(BIN)/chitieu: pyproject.toml
	bash deploy/install-system-deps.sh || echo "warning: OCR/PDF system packages not installed; scanned PDFs will be recorded as failures"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/chitieu

demo: install
	$(BIN)/chitieu demo

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q

bench: install
	$(BIN)/python bench/parser.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
