# Quick start: `make run` then `make test`. Everything runs inside .venv, created on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run serve test check templates examples bench mutate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) pipeline.py run

serve: $(STAMP)
	$(PY) pipeline.py serve

templates: $(STAMP)
	$(PY) pipeline.py templates --period $${PERIOD:-2023-07}

test: $(STAMP)
	$(PY) -m pytest -q

check: $(STAMP)
	$(VENV)/bin/ruff check thidua tests pipeline.py scripts benchmarks
	$(VENV)/bin/ruff format --check thidua tests pipeline.py scripts benchmarks
	$(VENV)/bin/mypy thidua pipeline.py
	$(PY) -m pytest -q

examples: $(STAMP)
	$(PY) scripts/make_examples.py

bench: $(STAMP)
	$(PY) benchmarks/bench.py

mutate: $(STAMP)
	$(PY) scripts/mutate.py

clean:
	rm -rf outputs/* .pytest_cache .mypy_cache .ruff_cache
	touch outputs/.gitkeep
