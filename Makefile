# dzkg: the two commands of the README, and a few helpers. Every target is idempotent.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
TEST_STAMP := $(VENV)/.installed-test-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test install lint clean docs bench

demo: $(STAMP)
	$(BIN)/dzkg build data/briefings -o build/dzkg.trig
	$(BIN)/dzkg validate --graph build/dzkg.trig
	$(BIN)/dzkg view --graph build/dzkg.trig -o build/view.html
	$(BIN)/python -m dzkg.ontodoc ontology/dzkg.ttl build/ontology.html
	@echo "== summary =="
	$(BIN)/dzkg stats --graph build/dzkg.trig
	@echo "== sample answer: where does the city rank first in its province? =="
	$(BIN)/dzkg query ranks-first-in-province --graph build/dzkg.trig

test: $(TEST_STAMP)
	scripts/check-system-deps
	@status=0; $(BIN)/python -m pytest -q -p no:cacheprovider || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests (exit 5): failing" >&2; exit 1; fi; \
	exit $$status

install: $(STAMP)

# Corpus-scale figures (issue 8): builds of 100 and 1,000 synthetic briefings, then the named questions at 1,000
# and the rdflib comparison. About 5 minutes on 2 cores (its two scripts, run separately); results are printed,
# see benchmarks/RESULTS.md.
bench: $(TEST_STAMP)
	cd benchmarks && ../$(BIN)/python build.py 100 1000 --workdir ../build/bench
	cd benchmarks && ../$(BIN)/python queries.py 1000 --workdir ../build/bench/1000

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "dzkg needs Python >= 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.installed-*; touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,notebooks,export]'
	@$(BIN)/python -c 'import playwright.sync_api' || { echo "make: the dev extra must install playwright (browser tests drive Debian's chromium; never 'playwright install')" >&2; exit 1; }
	rm -f $(VENV)/.installed-*; touch $@ $(STAMP)

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests

clean:
	rm -rf build
