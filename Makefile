# govbudget — every entry point a user or CI needs. Only python3 is assumed.
PY     ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JOBS   ?= 2

.PHONY: install demo test lint format bench lab clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test,bench]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "govbudget (Python 3)" >/dev/null
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/govbudget ingest data/examples --output reports/examples_lines.csv
	-$(BIN)/govbudget check data/examples --feedback reports/feedback --format text
	@echo "Results: reports/examples_lines.csv and reports/feedback/"

lint: install
	$(BIN)/ruff check govbudget tests benchmarks
	$(BIN)/ruff format --check govbudget tests benchmarks

format: install
	$(BIN)/ruff format govbudget tests benchmarks
	$(BIN)/ruff check --fix govbudget tests benchmarks

test: install lint
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python -m benchmarks

lab: install
	$(BIN)/jupyter lab --notebook-dir=notebooks

clean:
	rm -rf $(VENV) reports/* .pytest_cache .ruff_cache
