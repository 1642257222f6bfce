"""An upload, from the bytes a browser sent to a return in inputs/: checked by the same intake as the CLI
(in a worker process, so no file can take the server down), stored atomically under a generated name
that keeps the original visible, recorded with its findings, and logged in the ledger."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from thidua import layout
from thidua.atomic import scratch_file, sha256_of
from thidua.config import Config
from thidua.findings import Finding
from thidua.intake import stored as stored_outcome
from thidua.intake.arrival import portal_receipt
from thidua.intake.cache import OutcomeCache, cacheable
from thidua.intake.returns import Outcome, check_files
from thidua.intake.submission import Submission, YearDoc
from thidua.state.access import CHAIR
from thidua.state.store import Store

PORTAL_FOLDER = layout.PORTAL_FOLDER  # under inputs/: returns received through the portal
_UNSAFE = re.compile(r"[^\w\s().,-]+")


NAME_BYTES = 120  # of the client's name kept in the stored name: with stamp, unit and hash, far below 255 bytes


def safe_name(original: str, limit: int = NAME_BYTES) -> str:
    """The client's file name reduced to a harmless label: no folders, no control or path characters, at
    most `limit` bytes in UTF-8 (file systems count bytes: 80 Vietnamese letters can be 240)."""
    name = unicodedata.normalize("NFC", original.replace("\\", "/").rsplit("/", 1)[-1])
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"\.{2,}", ".", re.sub(r"\s+", " ", _UNSAFE.sub("", stem))).strip(" .") or "bao-cao"
    while len(stem.encode("utf-8")) > limit:
        stem = stem[:-1]
    return stem.strip(" .") or "bao-cao"


def _rejection(outcome: Outcome, actor: str, word: str) -> str:
    """Why an upload is not kept in inputs/, or '' when it is."""
    sub = outcome.submission
    if sub is None:
        return f"Tệp không được nhận vì không đọc được là biểu mẫu của {word} (xem lý do bên dưới)."
    if actor != CHAIR and sub.unit != actor:
        return f"Tệp là biểu mẫu của đơn vị mã “{sub.unit}”, không phải của đơn vị mình; hãy tải biểu mẫu ở trang này."
    return ""


def receive(
    store: Store,
    cfg: Config,
    inputs: Path,
    staging: Path,
    sent: Sent,
    today: date,
    counting: Callable[[str, str], str | None] = lambda unit, period: None,
    cache: OutcomeCache | None = None,
) -> Received:
    """Check and (when it is a return of this cluster, sent by its own unit) store one upload. Nothing from
    the client's name or content chooses where it is written. A file that is byte for byte the copy already
    counting for its unit and period (`counting` names that file) is answered as received and not stored
    twice: when that copy is an upload, the sending is a line in the ledger and the answer is that upload
    (one record of one file); when the office put it in inputs/ by hand, a row that points to it."""
    sha = hashlib.sha256(sent.data).hexdigest()
    outcome = check_staged(cfg, staging, sent.data, today)
    if cache is not None and cacheable(outcome):  # the grid will not read this file again
        cache.remember({sha: stored_outcome.dumps(outcome)})
    sub = outcome.submission
    reason = _rejection(outcome, sent.actor, cfg.cluster.word)
    # Whose history shows it: the template's unit when it is kept or the chair sent it, else the uploader,
    # so a unit never sees (nor is shown) an upload of another unit's template.
    unit = sub.unit if sub and (not reason or sent.actor == CHAIR) else sent.actor if sent.actor != CHAIR else ""
    period = upload_period(sub) if sub else ""
    received = sent.received
    stored, duplicate_of = "", None
    if not reason:
        same = _same_as_counting(store, inputs, counting(unit, period), sha)
        if same is not None and same[1]:
            name = safe_name(sent.original)
            what = f"#{same[1]} {unit} {period} {name} gửi lại, giống hệt bản đã nhận: không lưu thêm"
            store.log(sent.actor, "resend", what, sha, unit, period)
            return Received(same[1], repeated=True)
        if same is not None:
            stored, duplicate_of = same
        else:
            stamp = received.strftime("%Y%m%d-%H%M%S")
            if sent.declared:
                stamp += f"_{layout.DECLARED_MARK}{sent.declared:%Y%m%d}"
            stored = _store(inputs, unit, period, stamp, sha, sent.original, sent.data)
    row = upload_row(outcome, sent, unit, period, stored, sha, reason) | {"duplicate_of": duplicate_of}
    what = "trùng bản đang dùng, không lưu thêm" if duplicate_of is not None else stored or "không lưu"
    detail = f"{unit} {period} {safe_name(sent.original)} → {what}"
    return Received(store.add_upload(row, lambda upload_id: f"#{upload_id} {detail}"))


def upload_row(
    outcome: Outcome, sent: Sent, unit: str, period: str, stored: str, sha: str, reason: str
) -> dict[str, Any]:
    """The upload's row: who sent what when, where it is stored, and what the intake found in it."""
    sub = outcome.submission
    findings = sub.findings if sub else outcome.findings
    return {
        "unit": unit,
        "period": period,
        "received": sent.received.isoformat(timespec="seconds"),
        "actor": sent.actor,
        "original": sent.original[:200],
        "stored": stored,
        "sha256": sha,
        "saved": sub.book.saved.isoformat() if sub and sub.book.saved else "",
        "accepted": int(bool(stored)),
        "findings": json.dumps({"reason": reason, "findings": [_plain(f) for f in findings]}, ensure_ascii=False),
        "declared": sent.declared.isoformat() if sent.declared else "",
        "duplicate_of": None,
    }


@dataclass(frozen=True)
class Received:
    """The upload that answers a sending: a new one, or (`repeated`) the one already received with exactly
    these bytes."""

    upload_id: int
    repeated: bool = False


@dataclass(frozen=True)
class Sent:
    """What a browser sent: the bytes, the name it gave them, who sent them, when the portal received them
    and, for a file the office received by e-mail, the day the e-mail came."""

    data: bytes
    original: str
    actor: str
    received: datetime  # the portal's clock when the upload arrived: the unit's submission time
    declared: date | None = None


def check_staged(cfg: Config, staging: Path, data: bytes, today: date) -> Outcome:
    staging.mkdir(parents=True, exist_ok=True)
    staged = staging / f"{secrets.token_hex(8)}.xlsx"
    staged.write_bytes(data)
    try:
        return check_files([staged], staging, cfg, today, jobs=1, threaded=True)[0]
    finally:
        staged.unlink(missing_ok=True)


def _same_as_counting(store: Store, inputs: Path, name: str | None, sha: str) -> tuple[str, int | None] | None:
    """(stored name, its upload id) when the file that counts now has exactly these bytes."""
    if not name:
        return None
    try:
        if sha256_of(inputs / name) != sha:
            return None
    except OSError:
        return None
    earlier = next((r["id"] for r in store.uploads() if r["stored"] == name and r["duplicate_of"] is None), 0)
    if not earlier and portal_receipt(name)[0] is not None:
        # stored by a portal process stopped before recording it (portal/orphans.py): these very bytes, sent
        # again, are that upload; this one is its record
        return name, None
    # 0: the copy that counts is a file the office put in inputs/ by hand, not an upload
    return name, earlier


def upload_period(sub: Submission) -> str:
    """'2023-07' for a return; '2023-dang-ky', '2023-tu-cham' or '2023-cham-diem' for the year's workbooks."""
    return f"{sub.year}-{sub.kind.removeprefix('thidua-')}" if isinstance(sub, YearDoc) else sub.period.key


def year_kind(period_key: str) -> str:
    """The year workbook's template id behind an upload's period key ('2023-dang-ky'), or '' for a return."""
    kind = "thidua-" + period_key.partition("-")[2]
    return kind if kind in layout.YEAR_KINDS else ""


def _plain(finding: Finding) -> dict[str, str]:
    return {**asdict(finding), "severity": finding.severity}


def _store(inputs: Path, unit: str, period: str, stamp: str, sha: str, original: str, data: bytes) -> str:
    """Write the return into inputs/ atomically (a crash leaves no half file) and never over another
    file: the finished temporary is hard-linked to its name, which fails if the name exists."""
    folder = inputs / PORTAL_FOLDER / period
    folder.mkdir(parents=True, exist_ok=True)
    tmp = scratch_file(folder, ".xlsx")
    try:
        with tmp.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        for attempt in range(100):
            extra = f"_{secrets.token_hex(2)}" if attempt else ""
            target = folder / f"{stamp}_{unit}_{sha[:8]}{extra}_{safe_name(original)}.xlsx"
            try:
                os.link(tmp, target)
                return target.relative_to(inputs).as_posix()
            except FileExistsError:
                continue
        raise FileExistsError(f"no free name in {folder}")
    finally:
        tmp.unlink(missing_ok=True)


def findings_of(row: Any) -> tuple[str, list[dict[str, str]]]:
    """(why not kept, findings) recorded for an upload."""
    data = json.loads(row["findings"])
    return data["reason"], data["findings"]
