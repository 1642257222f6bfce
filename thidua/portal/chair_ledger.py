"""The ledger, as the office reads it: what people did, newest first, filtered by unit, action and period,
exported to a spreadsheet; the anonymous refusals (wrong passwords, unknown links) counted apart, so no
amount of noise pushes an upload off the page. Routes on the chair's blueprint, behind its guard."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from typing import Any

from flask import Response, abort, render_template, request

from thidua.portal.chair_views import blueprint
from thidua.portal.context import portal
from thidua.state.access import CHAIR
from thidua.state.base import now
from thidua.state.records import LedgerFilter

LEDGER_SHOWN = 500  # the newest entries matching the filter; the export holds all of them
LEDGER_ACTIONS = {
    "upload": "nộp tệp",
    "resend": "gửi lại tệp đã nhận",
    "download": "tải về",
    "build": "lập báo cáo",
    "login": "đăng nhập",
    "open_link": "mở liên kết",
    "link": "cấp liên kết",
    "password": "đặt mật khẩu",
    "mail": "gửi thư",
    "backup": "sao lưu",
    "restore": "khôi phục",
    "dossier": "hồ sơ đề nghị khen thưởng",
    "sign": "ký số văn bản",
    "account": "tài khoản",
    "login_failed": "đăng nhập sai",  # rows of thidua 0.1; such attempts are now counted as refusals
    "link_refused": "liên kết không hợp lệ",
}
REFUSALS = {
    "login_failed": "đăng nhập sai mật khẩu",
    "login_throttled": "đăng nhập bị chặn vì sai quá nhiều lần",
    "link_refused": "mở liên kết không hợp lệ",
}
_PERIOD = re.compile(r"^[0-9A-Za-z-]{1,20}$")


def _filter(limit: int | None) -> LedgerFilter:
    """The request's filters, each checked against what it may be: a bad value is a 404, never a query."""
    p = portal()
    unit, action, period = (request.args.get(k, "").strip() for k in ("don_vi", "viec", "ky"))
    if (unit and unit not in {u.code for u in p.cfg.units}) or (action and action not in LEDGER_ACTIONS):
        abort(404)
    if period and not _PERIOD.match(period):
        abort(404)
    return LedgerFilter(unit, action, period, limit)


def _names() -> dict[str, str]:
    p = portal()
    return {unit.code: unit.short_name for unit in p.cfg.units} | {CHAIR: f"Văn phòng {p.cfg.cluster.word}"}


@blueprint.get("/nhat-ky")
def ledger() -> str:
    p = portal()
    chosen = _filter(LEDGER_SHOWN)
    day = (now() - timedelta(hours=24)).strftime("%Y-%m-%dT%H")
    month = (now() - timedelta(days=30)).strftime("%Y-%m-%dT%H")
    noise = {"day": p.store.refusals_since(day), "month": p.store.refusals_since(month)}
    return render_template(
        "ledger.html",
        rows=p.store.ledger(chosen),
        chosen=chosen,
        actions=LEDGER_ACTIONS,
        refusals=REFUSALS,
        noise=noise,
        shown=LEDGER_SHOWN,
        names=_names(),
        units=p.cfg.units,
    )


def _cell(value: Any) -> str:
    """Text a spreadsheet shows as text: a leading = + - @ would make Excel read a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@blueprint.get("/nhat-ky.csv")
def ledger_export() -> Response:
    rows = portal().store.ledger(_filter(None))
    names = _names()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Thời điểm", "Người thực hiện", "Việc", "Đơn vị", "Kỳ", "Chi tiết", "Mã băm SHA-256"])
    for row in rows:
        who = names.get(row["actor"], row["actor"])
        what = LEDGER_ACTIONS.get(row["action"], row["action"])
        writer.writerow(
            [_cell(v) for v in (row["at"], who, what, row["unit"], row["period"], row["detail"], row["sha256"])]
        )
    data = ("\ufeff" + buffer.getvalue()).encode("utf-8")  # Excel on Windows reads UTF-8 by its BOM
    headers = {"Content-Disposition": "attachment; filename=nhat-ky.csv"}
    return Response(data, mimetype="text/csv; charset=utf-8", headers=headers)
