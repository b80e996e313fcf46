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

data/sample/index.csv: | $(STAMP)
	$(BIN)/govbudget sample --out data/sample

# The whole main job: sample city -> check -> report site (exit status 1 from check = findings)
demo: install data/sample/index.csv
	-$(BIN)/govbudget check data/sample --format json --output reports/check.json
	$(BIN)/govbudget report data/sample --out reports --jobs $(JOBS)
	@echo "$(CURDIR)/reports/index.html"

lint: install
	$(BIN)/ruff check govbudget tests benchmarks
	$(BIN)/ruff format --check govbudget tests benchmarks

format: install
	$(BIN)/ruff format govbudget tests benchmarks
	$(BIN)/ruff check --fix govbudget tests benchmarks

test: install lint
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python -m benchmarks $(ARGS)

lab: install
	$(BIN)/jupyter lab --notebook-dir=notebooks

clean:
	rm -rf $(VENV) reports/* .pytest_cache .ruff_cache
