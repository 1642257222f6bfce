"""`python pipeline.py …` in a checkout: the same command as the installed `thidua` (thidua/cli/main.py)."""

from __future__ import annotations

import sys

from thidua.cli.entry import console
from thidua.cli.main import build_parser, main

__all__ = ["build_parser", "main"]

if __name__ == "__main__":
    sys.exit(console())
