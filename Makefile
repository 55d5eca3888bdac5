# aikg — two commands do all set-up on a fresh machine: `make run` and `make test`; `make notebooks` opens
# JupyterLab on notebooks/.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
AIKG := $(VENV)/bin/aikg
STAMP := $(VENV)/.installed
# the packages mypy --strict checks
MYPY_PACKAGES ?= ontology extract graph
# make notebooks: JupyterLab on 127.0.0.1:NOTEBOOKS_PORT; JUPYTER_TOKEN (default: a new random one) guards it;
# NOTEBOOKS_ARGS= (empty) lets JupyterLab open a browser itself
NOTEBOOKS_PORT ?= 8888
NOTEBOOKS_ARGS ?= --no-browser
# JupyterLab's settings for this venv: a .py file of notebooks/ opens as a notebook (jupytext) on a click
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json

.PHONY: run test bench system venv lint clean eval train notebooks

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,notebooks]'
	touch $(STAMP)

$(LAB_OVERRIDES): scripts/jupyterlab-overrides.json $(STAMP)
	install -D -m 644 $< $@

venv: $(STAMP)

# Debian packages the views, report and browser tests need: Chromium and a CJK font.
system:
	@bash scripts/system-deps.sh

run: $(STAMP) system
	$(AIKG) build --out exports
	$(AIKG) report --out exports --notebooks

# JupyterLab with jupytext on notebooks/ (the .py files open as notebooks); the kernels read the project's
# store once `make run` built it, else the bundled corpus (see graph.tables.open_graph). Ctrl-C stops it.
notebooks: $(STAMP) system $(LAB_OVERRIDES)
	@export JUPYTER_TOKEN="$${JUPYTER_TOKEN:-$$($(PY) -c 'import secrets; print(secrets.token_hex(16))')}"; \
	echo "aikg: JupyterLab on notebooks/ at http://127.0.0.1:$(NOTEBOOKS_PORT)/lab?token=$$JUPYTER_TOKEN"; \
	exec $(VENV)/bin/jupyter lab --ServerApp.root_dir=notebooks --ServerApp.ip=127.0.0.1 \
	  --ServerApp.port=$(NOTEBOOKS_PORT) --ServerApp.port_retries=0 --allow-root $(NOTEBOOKS_ARGS)

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
