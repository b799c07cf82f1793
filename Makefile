# geoevents: `make demo` and `make test` do all the set-up on a fresh machine (Python 3.11).
VENV   := .venv
PY     := $(VENV)/bin/python
GEO    := $(VENV)/bin/geoevents
PYTHON ?= python3
DEMO_STORE ?= demo.db

.PHONY: demo test bench lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	rm -f $(DEMO_STORE) $(DEMO_STORE)-wal $(DEMO_STORE)-shm
	GEOEVENTS_STORE=$(DEMO_STORE) ./examples/demo.sh

test: $(VENV)/.installed-test
	$(PY) -m pytest -q -n 2 --dist loadgroup

bench: $(VENV)/.installed-test
	$(PY) -m tests.benchmarks.run

clean:
	rm -rf $(VENV) $(DEMO_STORE)* bench-results.json .pytest_cache .hypothesis
