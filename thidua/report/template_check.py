"""Before rendering: does the Word template have the styles the report uses, and does every piece of
configurable wording use only placeholders the report can fill? Problems come back in Vietnamese."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from thidua.config import Config
from thidua.config.wording import placeholders
from thidua.report.docx_xml import STYLES


def check_wording(cfg: Config) -> list[str]:
    """Each wording key may use the placeholders its default uses, and no others."""
    problems = []
    defaults = cfg.default_wording
    for key, text in cfg.wording().items():
        found, allowed = placeholders(text), (placeholders(defaults.get(key, "")) or set()) - {"group"}
        if found is None:
            problems.append(f"report.wording.{key}: dấu {{ }} không khớp trong “{text}”.")
        elif extra := found - allowed:
            known = ", ".join(f"{{{a}}}" for a in sorted(allowed)) or "(không có)"
            problems.append(
                f"report.wording.{key}: không biết điền {', '.join(f'{{{e}}}' for e in sorted(extra))}; "
                f"chỉ dùng được {known}."
            )
    opening = placeholders(cfg.report.opening)
    if opening is None or opening - {"year", "cluster", "window"}:
        problems.append("report.opening: chỉ dùng được {year}, {cluster}, {window}.")
    return problems


def check_phrases(cfg: Config) -> list[str]:
    problems = []
    for n, ind in enumerate(cfg.indicators):
        if placeholders(ind.phrase) != {"v"}:
            problems.append(f"indicators[{n}].phrase: phải có đúng một chỗ {{v}} cho số liệu, ví dụ “hỗ trợ {{v}}”.")
    for m, mov in enumerate(cfg.movements):
        own = {i.code for i in cfg.indicators if i.movement == mov.code}
        for p, phrase in enumerate(mov.phrases):
            unknown = (placeholders(phrase) or {"?"}) - own
            if unknown:
                problems.append(
                    f"movements[{m}].phrases[{p}]: {', '.join(sorted(unknown))} không phải chỉ tiêu của "
                    f"phong trào {mov.code}."
                )
    return problems


def check_styles(template: Path) -> tuple[list[str], list[str]]:
    """(errors, warnings) about the Word file itself; a missing style is only a warning."""
    if not template.is_file():
        return [f"Không tìm thấy tệp mẫu Word “{template}” (report.template)."], []
    try:
        names = {s.name for s in Document(str(template)).styles}
    except Exception:  # python-docx raises several types for a file that is not a .docx
        return [f"Tệp “{template}” không phải tệp Word (.docx) hợp lệ."], []
    missing = [n for n in STYLES if n not in names]
    return [], [
        f"Tệp mẫu “{template.name}” thiếu kiểu (style) {', '.join(missing)}; báo cáo sẽ dùng kiểu mặc định."
    ] if missing else []


def check_report_template(cfg: Config, template: Path) -> tuple[list[str], list[str]]:
    """(errors, warnings): errors stop rendering."""
    errors, warnings = check_styles(template)
    return check_wording(cfg) + check_phrases(cfg) + errors, warnings
