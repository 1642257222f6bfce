# Quick start: `make run` then `make test`. Everything runs inside .venv, created on first use, with the
# exact versions of constraints.txt (refresh it with `make constraints` after a deliberate upgrade).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run serve test check templates examples bench mutate clean constraints dist

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/thidua run

serve: $(STAMP)
	$(VENV)/bin/thidua serve

templates: $(STAMP)
	$(VENV)/bin/thidua templates --period $${PERIOD:-2023-07}

# Two test processes (pytest-xdist): the suite's tests are independent (own folders, own database schemas, own
# server ports), and two at once halve the wall time on a 2-core machine. worksteal: a process that runs out of
# tests takes some of the other's, so a 30-second test near the end does not leave one core idle (251 against
# 269 s in one pair of runs).
test: $(STAMP)
	$(PY) -m pytest -q -n 2 --dist worksteal

check: $(STAMP)
	$(VENV)/bin/ruff check thidua tests pipeline.py scripts benchmarks
	$(VENV)/bin/ruff format --check thidua tests pipeline.py scripts benchmarks
	$(VENV)/bin/mypy thidua pipeline.py
	$(PY) -m pytest -q -n 2 --dist worksteal

examples: $(STAMP)
	$(PY) scripts/make_examples.py

bench: $(STAMP)
	$(PY) benchmarks/bench.py

mutate: $(STAMP)
	$(PY) scripts/mutate.py

# The wheel and the source archive an office installs from (README, “Cài đặt cho một văn phòng”), in dist/
# (DIST=folder elsewhere: tests/test_installed.py builds into its own).
DIST ?= dist
dist: $(STAMP)
	rm -rf $(DIST) build
	$(PY) -m build --outdir $(DIST) .

clean:
	rm -rf outputs/* .pytest_cache .mypy_cache .ruff_cache
	touch outputs/.gitkeep

constraints: $(STAMP)
	$(PY) -m pip freeze --exclude-editable | grep -v '^thidua' > constraints.txt
