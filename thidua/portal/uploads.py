"""An upload, from the bytes a browser sent to a return in inputs/: checked by the same intake as the CLI
(in a worker process, so no file can take the server down), stored atomically under a generated name
that keeps the original visible, recorded with its findings, and logged in the ledger."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import tempfile
import unicodedata
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from thidua import layout
from thidua.config import Config
from thidua.findings import Finding
from thidua.intake.read import TEMPORARY
from thidua.intake.returns import Outcome, check_files
from thidua.intake.submission import Submission, YearDoc
from thidua.portal.store import CHAIR, Store, now

PORTAL_FOLDER = "cong-thong-tin"  # under inputs/: returns received through the portal
_UNSAFE = re.compile(r"[^\w\s().,-]+")


def safe_name(original: str, limit: int = 80) -> str:
    """The client's file name reduced to a harmless label: no folders, no control or path characters."""
    name = unicodedata.normalize("NFC", original.replace("\\", "/").rsplit("/", 1)[-1])
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"\.{2,}", ".", re.sub(r"\s+", " ", _UNSAFE.sub("", stem))).strip(" .") or "bao-cao"
    return stem[:limit]


def _rejection(outcome: Outcome, actor: str, word: str) -> str:
    """Why an upload is not kept in inputs/, or '' when it is."""
    sub = outcome.submission
    if sub is None:
        return f"Tệp không được nhận vì không đọc được là biểu mẫu của {word} (xem lý do bên dưới)."
    if actor != CHAIR and sub.unit != actor:
        return f"Tệp là biểu mẫu của đơn vị mã “{sub.unit}”, không phải của đơn vị mình; hãy tải biểu mẫu ở trang này."
    return ""


def receive(
    store: Store, cfg: Config, inputs: Path, staging: Path, data: bytes, original: str, actor: str, today: date
) -> int:
    """Check and (when it is a return of this cluster, sent by its own unit) store one upload; returns
    the upload's id. Nothing from the client's name or content chooses where it is written."""
    sha = hashlib.sha256(data).hexdigest()
    staging.mkdir(parents=True, exist_ok=True)
    staged = staging / f"{secrets.token_hex(8)}.xlsx"
    staged.write_bytes(data)
    try:
        outcome = check_files([staged], staging, cfg, today, jobs=1, threaded=True)[0]
    finally:
        staged.unlink(missing_ok=True)
    sub = outcome.submission
    findings = sub.findings if sub else outcome.findings
    reason = _rejection(outcome, actor, cfg.cluster.word)
    # Whose history shows it: the template's unit when it is kept or the chair sent it, else the uploader,
    # so a unit never sees (nor is shown) an upload of another unit's template.
    unit = sub.unit if sub and (not reason or actor == CHAIR) else actor if actor != CHAIR else ""
    period = upload_period(sub) if sub else ""
    received = now()
    stored = ""
    if not reason:
        if duplicate := _same_file(store, unit, period, sha):
            reason = f"Giống hệt tệp đã nộp lúc {duplicate}; không lưu thêm bản nữa."
        else:
            stored = _store(inputs, unit, period, received.strftime("%Y%m%d-%H%M%S"), sha, original, data)
    row: dict[str, Any] = {
        "unit": unit,
        "period": period,
        "received": received.isoformat(timespec="seconds"),
        "actor": actor,
        "original": original[:200],
        "stored": stored,
        "sha256": sha,
        "saved": sub.book.saved.isoformat() if sub and sub.book.saved else "",
        "accepted": int(bool(stored)),
        "findings": json.dumps({"reason": reason, "findings": [_plain(f) for f in findings]}, ensure_ascii=False),
    }
    upload_id = store.add_upload(row)
    store.log(actor, "upload", f"#{upload_id} {unit} {period} {safe_name(original)} → {stored or 'không lưu'}", sha)
    return upload_id


def upload_period(sub: Submission) -> str:
    """'2023-07' for a return; '2023-dang-ky', '2023-tu-cham' or '2023-cham-diem' for the year's workbooks."""
    return f"{sub.year}-{sub.kind.removeprefix('thidua-')}" if isinstance(sub, YearDoc) else sub.period.key


def year_kind(period_key: str) -> str:
    """The year workbook's template id behind an upload's period key ('2023-dang-ky'), or '' for a return."""
    kind = "thidua-" + period_key.partition("-")[2]
    return kind if kind in layout.YEAR_KINDS else ""


def _plain(finding: Finding) -> dict[str, str]:
    return {**asdict(finding), "severity": finding.severity}


def _same_file(store: Store, unit: str, period: str, sha: str) -> str:
    for row in store.uploads(unit):
        if row["period"] == period and row["sha256"] == sha and row["accepted"]:
            return str(row["received"]).replace("T", " ")
    return ""


def _store(inputs: Path, unit: str, period: str, stamp: str, sha: str, original: str, data: bytes) -> str:
    """Write the return into inputs/ atomically (a crash leaves no half file) and never over another
    file: the finished temporary is hard-linked to its name, which fails if the name exists."""
    folder = inputs / PORTAL_FOLDER / period
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=TEMPORARY, suffix=".xlsx", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
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
