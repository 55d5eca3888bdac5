# aikg — two commands do all set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
AIKG := $(VENV)/bin/aikg
STAMP := $(VENV)/.installed
# the packages mypy --strict checks; extract joins them once it is typed (it is read, its errors not reported)
MYPY_PACKAGES ?= ontology graph

.PHONY: run test bench system venv lint clean eval train

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# Debian packages the views, report and browser tests need: Chromium and a CJK font.
system:
	@bash scripts/system-deps.sh

run: $(STAMP) system
	$(AIKG) build --out exports

test: $(STAMP) system
	$(PY) -m pytest -q -n 2 --dist loadgroup

lint: $(STAMP)
	$(VENV)/bin/ruff check ontology extract graph tests bench
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy $(MYPY_PACKAGES)

# make bench BASELINE=<git revision>: the same measurements of that revision too, side by side
bench: $(STAMP) system
	AIKG_BENCH_BASELINE=$(BASELINE) $(PY) -m bench $(BENCH)

SHARED ?= ../shared
# the extractor's scores: all dev documents and every batch held out (rewrites the README's results table)
eval: $(STAMP)
	$(AIKG) eval $(SHARED)/eval/gold $(SHARED)/corpus --by-batch --readme README.md

# refit the learned scorers on the annotated dev corpus (their weights ship in extract/)
train: $(STAMP)
	$(PY) -m extract.learn.train $(SHARED)/eval/gold $(SHARED)/corpus

clean:
	rm -rf $(VENV) .aikg .pytest_cache
