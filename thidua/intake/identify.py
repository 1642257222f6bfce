"""Who sent a returned workbook and for which period, from its very hidden metadata sheet (never the file name)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from thidua import layout
from thidua.config import Config
from thidua.findings import Finding
from thidua.intake.read import RawBook
from thidua.intake.submission import Submission, YearDoc
from thidua.periods import Period, PeriodError, parse_period
from thidua.strings import clean_text

YEAR_IDS = layout.YEAR_KINDS
SCORED = {layout.SELF_SCORE_ID, layout.SCORING_ID}  # the workbooks that need a scoring table in config


def _year_doc(book: RawBook, cfg: Config, meta: dict[str, str], fail: Callable[..., Finding]) -> YearDoc | Finding:
    kind, unit, year = meta["template_id"], meta.get("unit", ""), meta.get("period", "")
    what = YEAR_IDS[kind]
    if kind != layout.SCORING_ID and unit not in {u.code for u in cfg.units}:
        return fail(
            "FILE_UNKNOWN_UNIT", f"Mã đơn vị “{unit}” không có trong danh sách đơn vị của cấu hình.", unit, year
        )
    if year != str(cfg.reporting.year):
        message = f"Đây là {what} năm {year}, không phải của năm thi đua {cfg.reporting.year}; hãy kiểm tra lại tệp."
        return fail("FILE_PERIOD_OUT_OF_YEAR", message, unit, year)
    if cfg.year_end is None or (kind in SCORED and cfg.year_end.scoring is None):
        return fail("FILE_NOT_TEMPLATE", f"Tệp là {what} nhưng cấu hình chưa có phần chấm điểm (year_end).", unit)
    doc = YearDoc(book, unit, Period(cfg.reporting.year, 12), kind=kind, year=cfg.reporting.year)
    expected = {layout.REGISTRATION_ID: cfg.catalogue_hash, layout.PROFILE_ID: layout.PROFILE_HASH}.get(kind)
    if meta.get("catalogue_hash") != (expected or cfg.scoring_hash):
        doc.add("FILE_OUTDATED", f"Mẫu {what} đã cũ (danh mục đã thay đổi); đã đọc theo mã. Hãy dùng mẫu mới.")
    return doc


def identify(book: RawBook, cfg: Config, today: date) -> Submission | Finding:
    """A Submission to fill, or the one Finding that stops reading this file."""

    def fail(code: str, msg: str, unit: str = "", period: str = "") -> Finding:
        return Finding(code, msg, unit, period, book.name)

    rows = book.sheets.get(layout.SHEET_META)
    meta = {clean_text(r[0]): clean_text(r[1]) for r in rows or [] if len(r) >= 2}
    if meta.get("template_id") in YEAR_IDS:
        book.meta = meta
        if meta.get("cluster") != cfg.cluster.name:
            what = YEAR_IDS[meta["template_id"]].capitalize()
            message = f"{what} của “{meta.get('cluster')}”, không phải của {cfg.cluster.name}."
            return fail("FILE_OTHER_CLUSTER", message, meta.get("unit", ""), meta.get("period", ""))
        return _year_doc(book, cfg, meta, fail)
    if meta.get("template_id") != layout.TEMPLATE_ID:
        return fail(
            "FILE_NOT_TEMPLATE",
            "Tệp không phải biểu mẫu do thidua tạo (có thể đơn vị tự lập bảng hoặc sao "
            f"chép sang tệp mới); hãy gửi lại đúng biểu mẫu {cfg.cluster.word} đã gửi.",
        )
    book.meta = meta
    unit, period_key = meta.get("unit", ""), meta.get("period", "")
    if meta.get("cluster") != cfg.cluster.name:
        return fail(
            "FILE_OTHER_CLUSTER",
            f"Biểu mẫu của “{meta.get('cluster')}”, không phải của {cfg.cluster.name}.",
            unit,
            period_key,
        )
    if unit not in {u.code for u in cfg.units}:
        return fail(
            "FILE_UNKNOWN_UNIT", f"Mã đơn vị “{unit}” không có trong danh sách đơn vị của cấu hình.", unit, period_key
        )
    try:
        period = parse_period(period_key, cfg.reporting.frequency)
    except PeriodError:
        return fail("FILE_NOT_TEMPLATE", f"Kỳ báo cáo “{period_key}” ghi trong biểu mẫu không hợp lệ.", unit)
    if period.year not in (cfg.reporting.year, cfg.reporting.year - 1):
        return fail(
            "FILE_PERIOD_OUT_OF_YEAR",
            f"Biểu mẫu của {period.label}, ngoài năm thi đua {cfg.reporting.year}"
            " (và năm trước để so sánh); hãy kiểm tra lại tệp.",
            unit,
            period.key,
        )
    if period.year == cfg.reporting.year and not cfg.is_member(unit, period.first_day, period.day_after):
        name = cfg.unit(unit).short_name
        return fail(
            "FILE_NOT_MEMBER",
            f"{name} không là thành viên của {cfg.cluster.word} trong {period.label} (theo cấu hình) nên báo cáo "
            "này không được tổng hợp; hãy kiểm tra lại kỳ báo cáo của tệp hoặc ngày vào, ra của đơn vị.",
            unit,
            period.key,
        )
    if period.day_after > today:
        return fail("FILE_FUTURE_PERIOD", f"Kỳ {period.label} chưa kết thúc nên chưa thể báo cáo.", unit, period.key)
    sub = Submission(book, unit, period)
    if meta.get("catalogue_hash") != cfg.catalogue_hash or meta.get("template_version") != str(layout.TEMPLATE_VERSION):
        sub.add(
            "FILE_OUTDATED",
            "Biểu mẫu được tạo theo danh mục chỉ tiêu cũ; số liệu đã được đọc theo mã chỉ tiêu. "
            "Kỳ sau hãy dùng biểu mẫu mới.",
        )
    return sub
