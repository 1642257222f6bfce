"""The mutation run (`make mutate`, scripts/mutate.py) is too long for every commit, but a mutant whose
snippet no longer occurs in the code would stop it dead or test nothing. This fast check keeps each one
pointed at exactly one place in today's code."""

from __future__ import annotations

import importlib.util

from conftest import ROOT


def test_every_mutant_names_code_that_exists_once() -> None:
    spec = importlib.util.spec_from_file_location("mutate", ROOT / "scripts" / "mutate.py")
    assert spec and spec.loader
    mutate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mutate)
    counts = {
        name: (ROOT / path).read_text(encoding="utf-8").count(old) for name, (path, old, _, _) in mutate.MUTANTS.items()
    }
    assert {name: n for name, n in counts.items() if n != 1} == {}
    assert all(new != old for _, old, new, _ in mutate.MUTANTS.values())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"applies {len(mutate.MUTANTS)} hand-written mutants" in readme, "the README counts the mutants"


def test_the_mutation_run_leaves_this_check_out() -> None:
    """In a mutated tree this file's check fails (the snippet is gone), and with -x it would count every
    mutant killed whatever the rest of the suite says: scripts/mutate.py must run the suite without it."""
    source = (ROOT / "scripts" / "mutate.py").read_text(encoding="utf-8")
    assert '[*PYTEST, "--ignore=tests/test_mutants.py"]' in source
