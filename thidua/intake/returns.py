"""One return, start to finish, as a worker handles it: read, identify, check every sheet, apply the
cross-field rules, summarise repeated findings, drop the cell values. Many returns go through the
worker pool; only the cross-file work (which copy counts, plausibility, timeliness) is left to the parent."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from thidua.config import Config
from thidua.findings import Finding
from thidua.intake import workers
from thidua.intake.read import read_book
from thidua.intake.rules import cross_field
from thidua.intake.submission import Submission
from thidua.intake.validate import validate_book
from thidua.numbers import fmt_number

SHOWN_PER_CODE = 5  # beyond this many findings of one code in one file, one summary stands for them
CRASHED = {
    "crash": "Chương trình đọc tệp bị dừng đột ngột khi mở tệp này (tệp hỏng hoặc có cấu trúc bất thường)",
    "timeout": "Đọc tệp này quá lâu nên đã dừng (tệp có cấu trúc bất thường)",
    "memory": "Tệp này cần quá nhiều bộ nhớ để đọc (tệp có cấu trúc bất thường)",
}


@dataclass
class Outcome:
    """A return that was identified (submission), or the findings that stopped it (file-level)."""

    findings: list[Finding] = field(default_factory=list)
    submission: Submission | None = None
    transient: bool = False  # a worker's crash or timeout: worth trying again, never remembered


def summarise(findings: list[Finding]) -> list[Finding]:
    """Many findings of one code in one file → the first few, then one that counts the rest and names
    their first cells, so a file with 50.000 bad rows gives a readable answer, not 50.000 lines."""
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        groups[(f.file, f.code)].append(f)
    out = []
    for group in groups.values():
        out += group[:SHOWN_PER_CODE]
        if rest := group[SHOWN_PER_CODE:]:
            cells = ", ".join(f.cell for f in rest[:5] if f.cell) + (", …" if len(rest) > 5 else "")
            first = rest[0]
            message = f"Còn {fmt_number(len(rest))} ô khác cùng loại lỗi này ({cells}); ví dụ: {first.message}"
            out.append(Finding(first.code, message, first.unit, first.period, first.file, first.sheet, first.cell))
    return out


def check_file(path: Path, root: Path, cfg: Config, today: date) -> Outcome:
    book = read_book(path, root)
    if not book.readable:
        return Outcome(book.findings)
    result = validate_book(book, cfg, today)
    if isinstance(result, Finding):
        return Outcome([result])
    cross_field(cfg, result)
    result.findings = summarise(result.findings)
    result.book.lighten()
    return Outcome(submission=result)


def failed_file(path: Path, why: str, root: Path) -> Outcome:
    """The answer for a file whose worker died, hung or ran out of memory on it."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    reason = CRASHED.get(why, f"Lỗi khi đọc tệp ({why})")
    message = f"{reason}; hãy mở tệp bằng Excel, lưu lại và gửi lại. Các tệp khác vẫn được đọc bình thường."
    return Outcome([Finding("FILE_CORRUPT", message, file=name)], transient=True)


def check_files(
    paths: list[Path],
    root: Path,
    cfg: Config,
    today: date,
    jobs: int = 2,
    progress: Callable[[], None] | None = None,
    threaded: bool = False,
) -> list[Outcome]:
    """Every file checked in worker processes, answers in the order of `paths`."""
    outcomes: list[Outcome | None] = [None] * len(paths)
    work = functools.partial(check_file, root=root, cfg=cfg, today=today)
    on_failure = functools.partial(failed_file, root=root)
    stream: Iterator = workers.run(paths, work, on_failure, jobs, threaded=threaded)
    for index, outcome in stream:
        outcomes[index] = outcome
        if progress:
            progress()
    return [o for o in outcomes if o is not None]
