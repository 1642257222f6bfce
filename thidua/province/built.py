"""Which periods' reports a cluster has built: an output folder "<kind>-<period>" (thidua run's, or a build
the portal made) that holds its bao-cao.docx."""

from __future__ import annotations

from pathlib import Path

REPORT_FILE = "bao-cao.docx"


def built_reports(folders: list[Path]) -> frozenset[str]:
    """Period keys ("2023-06") of every report found in `folders` (outputs/, and the portal's builds/ whose
    every build keeps its own outputs/)."""
    found = set()
    for folder in folders:
        if not folder.is_dir():
            continue
        for report in folder.glob(f"**/{REPORT_FILE}"):
            kind, _, period = report.parent.name.partition("-")
            if kind and period:
                found.add(period)
    return frozenset(found)
