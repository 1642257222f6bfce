"""What keeps a document from being signed, gathered while it is built: said once in the document's draft
note (what is missing) and listed by the command that wrote it (what is missing and where to write it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from thidua.report.prose import Block


@dataclass(frozen=True)
class Pending:
    what: str  # for the document's reader: "chưa có ngày ban hành"
    fix: str = ""  # for the secretary: "ghi report.texts.nam-2023-12.issued trong config.yaml"

    def line(self) -> str:
        return f"{self.what}: {self.fix}" if self.fix else self.what


def vn_date(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def issue_date(
    issued: date | None, fix: str, not_before: list[tuple[date | None, str]], words: dict[str, str]
) -> tuple[date | None, list[Pending]]:
    """The date a document carries and what is wrong with it: no date is left blank (never today's), a
    date before an event the document states (the period's end, the meeting it reports) keeps it a draft."""
    if issued is None:
        return None, [Pending(words["pending_no_date"], fix)]
    late = [
        Pending(words["pending_date_before"].format(date=vn_date(issued), event=event, event_date=vn_date(day)), fix)
        for day, event in not_before
        if day is not None and issued < day
    ]
    return issued, late


def draft_note(pending: list[Pending], words: dict[str, str]) -> list[Block]:
    """The note under the header of a draft that says why it is one, in the document's own words."""
    if not pending:
        return []
    reasons = "; ".join(dict.fromkeys(p.what for p in pending))
    return [Block("note", words["pending_note"].format(reasons=reasons))]


def unsigned(signers: list[tuple[str, str]], words: dict[str, str]) -> list[Pending]:
    """One rule for every document: a signature block without a name keeps the document a draft, saying
    whose name is missing and where to write it. `signers`: (whose block, in words, where its name goes)
    for each block whose name is empty."""
    return [Pending(words["pending_no_signer"].format(who=who), fix) for who, fix in signers]
