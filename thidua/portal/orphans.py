"""Returns the portal stored whose upload was never recorded: the file is written into inputs/ first and its
row second, so a process stopped in between (a crash, a power cut, a killed service) leaves a file that
`check` and `run` date by the receipt time in its name and count, while the unit's history and the ledger
say nothing arrived. At start-up the portal adopts each one: checked as an upload is, recorded with the
receipt time the portal wrote into its name when it stored it, and said so in the ledger."""

from __future__ import annotations

import hashlib
import re
import time
from datetime import date
from pathlib import Path

from thidua import layout
from thidua.atomic import TEMPORARY
from thidua.config import Config
from thidua.intake.arrival import portal_receipt
from thidua.intake.returns import check_files
from thidua.portal.uploads import Sent, upload_period, upload_row
from thidua.state.access import CHAIR
from thidua.state.store import Store

# <stamp>[_nhan-<day>]_<unit>_<sha8>[_<4 hex>]_<the sender's file name>.xlsx: what uploads._store writes
_ORIGINAL = re.compile(r"_[0-9a-f]{8}(?:_[0-9a-f]{4})?_(.+)$")


# A return's scratch file lives for one write and fsync (milliseconds); one this old was left by a process
# killed while writing it (no process can remove its own after SIGKILL or a power cut). Several processes
# may share the folder, so a file being written now by another is never touched.
STALE_SCRATCH_SECONDS = 300


def clear_scratch(folder: Path, now: float) -> list[Path]:
    """Remove the portal's scratch files (never read as returns) that a stopped process left; returns them."""
    stale = []
    for path in folder.rglob(f"{TEMPORARY}*"):
        try:  # another process may finish its own and remove it meanwhile
            if path.is_file() and path.stat().st_mtime < now - STALE_SCRATCH_SECONDS:
                path.unlink()
                stale.append(path)
        except OSError:
            continue
    return stale


def adopt(store: Store, cfg: Config, inputs: Path, today: date) -> int:
    """Record every stored return no upload names (and remove stale scratch files); returns how many."""
    folder = inputs / layout.PORTAL_FOLDER
    if not folder.is_dir():
        return 0
    clear_scratch(folder, time.time())
    known = store.stored_names()
    rows = []
    for path in sorted(folder.rglob("*.xlsx")):
        name = path.relative_to(inputs).as_posix()
        received, declared = portal_receipt(name)
        if name in known or path.name.startswith(TEMPORARY) or received is None:
            continue  # recorded, being written, or not named by the portal (the office's own copy)
        data = path.read_bytes()
        outcome = check_files([path], inputs, cfg, today, jobs=1, threaded=True)[0]
        sub = outcome.submission
        unit, period = (sub.unit, upload_period(sub)) if sub else ("", "")
        original = match[1] if (match := _ORIGINAL.search(path.stem)) else path.stem
        actor = CHAIR if declared or not unit else unit
        sent = Sent(data, f"{original}.xlsx", actor, received, declared.date() if declared else None)
        rows.append(upload_row(outcome, sent, unit, period, name, hashlib.sha256(data).hexdigest(), ""))
    if not rows:
        return 0

    def detail(upload_id: int, row: dict[str, object]) -> str:
        at = str(row["received"])
        when = f"{at[11:16]} ngày {at[8:10]}/{at[5:7]}/{at[:4]}"
        return (
            f"#{upload_id} {row['unit']} {row['period']} {row['original']} → {row['stored']} "
            f"(cổng nhận lúc {when}; cổng dừng trước khi ghi lần nộp này, ghi lại khi khởi động)"
        )

    return store.adopt_uploads(rows, detail)
