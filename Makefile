# govbudget — every entry point a user or CI needs. Only python3 is assumed.
PY     ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JOBS   ?= 2
SAMPLE ?= data/sample
SUBMITTED ?= $(SAMPLE)-submitted
REPORTS ?= reports
# Jupyter refuses to run as root without being told
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: install demo demo-check demo-compare test lint format bench lab clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test,bench]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "govbudget (Python 3)" >/dev/null
	touch $(STAMP)

install: $(STAMP)

data/sample/index.csv: | $(STAMP)
	$(BIN)/govbudget sample --out data/sample

# The whole main job: sample city -> check -> published PDFs against submitted workbooks -> report site
demo: install data/sample/index.csv demo-check demo-compare
	$(BIN)/govbudget report $(SAMPLE) --out $(REPORTS) --jobs $(JOBS)
	@echo "$(CURDIR)/$(REPORTS)/index.html"

# check exits 1 when it finds errors: expected for the sample city, whose defects are planted
# (see data/sample/DEFECTS.md); only 2 (unreadable input, wrong usage) stops the demo.
demo-check: | $(STAMP)
	@status=0; $(BIN)/govbudget check $(SAMPLE) --format json --output $(REPORTS)/check.json || status=$$?; \
	if [ $$status -eq 1 ]; then echo "check: error findings (the sample city's defects are planted on purpose) -> $(REPORTS)/check.json"; \
	elif [ $$status -eq 0 ]; then echo "check: no error findings -> $(REPORTS)/check.json"; \
	else exit $$status; fi

# A few sample units publish PDFs (data/sample) and submitted workbooks ($(SUBMITTED)): each pair must
# give the same figures (compare exits 0), else the demo stops.
demo-compare: | $(STAMP)
	@for pdf in $$(cd $(SAMPLE) && find * -name '*.pdf' | sort); do \
	  book="$(SUBMITTED)/$${pdf%.pdf}.xlsx"; [ -f "$$book" ] || continue; \
	  $(BIN)/govbudget compare "$(SAMPLE)/$$pdf" "$$book" >/dev/null || exit $$?; \
	  echo "compare: $(SAMPLE)/$$pdf = $$book (the same figures)"; \
	done

lint: install
	$(BIN)/ruff check govbudget govbudget_dev tests benchmarks
	$(BIN)/ruff format --check govbudget govbudget_dev tests benchmarks
	$(BIN)/mypy

format: install
	$(BIN)/ruff format govbudget govbudget_dev tests benchmarks
	$(BIN)/ruff check --fix govbudget govbudget_dev tests benchmarks

test: install lint
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python -m benchmarks $(ARGS)

lab: install
	$(BIN)/jupyter lab --notebook-dir=notebooks $(ROOT_FLAG)

clean:
	rm -rf $(VENV) reports/* .pytest_cache .ruff_cache
