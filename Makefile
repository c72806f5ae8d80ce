# The commands of the README: `make demo` and `make test` (both set everything up first, from PyPI
# only), and `make browser`, the one step that installs a system package (Debian's chromium, with
# apt-get) for the browser test; `make test` never installs one: without chromium that test skips.
PY ?= python3.11
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: setup demo serve browser test lint train

$(BIN)/geopol: pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(BIN)/geopol

setup: $(BIN)/geopol

demo: setup
	$(BIN)/geopol demo

# the web page over the store `make demo` wrote
serve: setup
	@test -f geopol.duckdb || $(BIN)/geopol demo
	$(BIN)/geopol serve

# the browser test drives Debian's Chromium (a test tool never downloads a browser of its own);
# CI runs `make browser test`
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then run=""; elif command -v sudo >/dev/null 2>&1; then run="sudo -n"; else run=none; fi; \
	  if [ "$$run" != none ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser test"; \
	    $$run apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$run apt-get install -y -qq --no-install-recommends chromium >/dev/null \
	      || echo "chromium could not be installed: the browser test will be skipped"; \
	  else echo "no apt-get or root: install chromium to run the browser test (it is skipped without it)"; fi; }

test: setup
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy src/geopol

# rebuild the learned event model shipped in the package from ../shared/data and annotations/
# (fixed seed; 50 to 75 minutes on 2 cores from scratch as the machine goes, two encoders); writes src/geopol/data/models/events/ and its card;
# TRAIN_ARGS=--quick fine-tunes in bfloat16 where the CPU has it (about a third less time, a slightly weaker model)
# TRAIN_ARGS=--student makes the second encoder the first's student (README: measured, not the shipped recipe)
SHARED ?= ../shared
TRAIN_ARGS ?=
train: setup
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,train]'
	$(BIN)/geopol train --shared $(SHARED) $(TRAIN_ARGS)
