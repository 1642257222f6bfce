"""The counting board's record of a secret ballot (biên bản kiểm phiếu), an annex of the minutes, in the
order a thẩm định officer checks it: the cluster and its founding decision; the counting board; members by
that decision, those voting and those not (each with a reason); the ballots issued, returned, valid and
invalid; the number proposed; each result by votes with its share of ALL members, and who reached the
threshold; the board's signatures. What the workbook leaves out keeps the minutes a draft."""

from __future__ import annotations

from datetime import date

from docx.document import Document as DocumentType

from thidua.config import Config
from thidua.numbers import fmt_count, fmt_percent, header_date, percent
from thidua.report import docx_xml
from thidua.report.frame import body, grid, signature_grid
from thidua.report.lines import line
from thidua.report.pending import Pending
from thidua.report.prose import Block
from thidua.report.year_text import SCORING_BOOK_FIX
from thidua.scoring.meeting import Ballot
from thidua.strings import and_joined

LEADER = "(Trưởng ban)"


def ballot_pending(b: Ballot, cfg: Config, words: dict[str, str]) -> list[Pending]:
    out = []
    if not cfg.cluster.founded_by:
        out.append(Pending(words["pending_ballot_founding"], "ghi cluster.founded_by trong config.yaml"))
    if b.missing:
        what = ", ".join(words[f"ballot_{key}"] for key in b.missing)
        out.append(Pending(words["pending_ballot_counts"].format(what=what), SCORING_BOOK_FIX))
    voting = b.counts.get("voting")
    if voting is not None and b.members and voting < b.members and not b.not_voting:
        out.append(Pending(words["pending_ballot_not_voting"], SCORING_BOOK_FIX))
    return out


def _name(counter: str) -> str:
    return counter.replace(LEADER, "").partition(",")[0].strip()


def _count(value: int | None) -> str:
    return "……" if value is None else fmt_count(value)


def _body(b: Ballot, cfg: Config, words: dict[str, str], held: date | None, year: int) -> list[Block]:
    founded = cfg.cluster.founded_by or "……"
    head, *others = b.counters or ["……"]
    board = words["ballot_board"].format(count=fmt_count(len(b.counters)) if b.counters else "……", head=_name(head))
    board += f", các thành viên: {and_joined([_name(o) for o in others])}" if others else ""
    values = {key: _count(b.counts.get(key)) for key in b.counts}
    not_voting = "; ".join(b.not_voting) if b.not_voting else "không có"
    return [
        Block("para", words["ballot_body"].format(cluster=cfg.cluster.name, founded=founded, date=header_date(held))),
        Block("para", words["ballot_subject"].format(year=year)),
        Block("para", sentence_end(board)),
        Block("para", words["ballot_members"].format(members=_count(b.members), not_voting=not_voting, **values)),
        Block("para", words["ballot_counts"].format(**values)),
        Block("para", words["ballot_proposed"].format(count=fmt_count(len(b.results)))),
        Block("para", words["ballot_results"] + ":"),
    ]


def sentence_end(text: str) -> str:
    return text if text.endswith(".") else text + "."


def write_ballot_annex(
    doc: DocumentType, b: Ballot, cfg: Config, words: dict[str, str], held: date | None, year: int
) -> None:
    section = docx_xml.add_section(doc, landscape=False)
    docx_xml.page_numbers(section, restart=True)
    line(doc, words["annex"], 14, bold=True)
    line(doc, words["ballot_title"], 14, bold=True)
    line(doc, words["ballot_ref"].format(date=header_date(held), cluster=cfg.cluster.name), 14, italic=True)
    line(doc, "", 8)
    body(doc, _body(b, cfg, words, held, year))
    rows = []
    for n, r in enumerate(b.results, 1):
        c = r.candidate
        verdict = "đạt" if c.passed else "không đạt"
        share = fmt_percent(r.share) if r.share is not None else ""
        rows.append([str(n), cfg.unit(c.unit).name, c.award.name, fmt_count(c.agree or 0), share, verdict])
    headers = ["STT", "Tập thể", "Hình thức đề nghị", "Số phiếu đồng ý", "Tỷ lệ trên tổng số thành viên", "Kết quả"]
    grid(doc, headers, [12, 50, 42, 22, 26, 18], rows, ["center", "left", "left", "center", "center", "center"])
    reached = []
    for award in {r.candidate.award.code: r.candidate.award for r in b.results}.values():
        mine = [r for r in b.results if r.candidate.award.code == award.code]
        carried = [cfg.unit(r.candidate.unit).short_name for r in mine if r.candidate.passed]
        need = fmt_percent(percent(award.vote_share, 1) or 0)
        values = {"award": award.name, "need": need, "votes": fmt_count(b.needed.get(award.code, 0))}
        values |= {"members": _count(b.members), "units": and_joined(carried) if carried else "không có tập thể nào"}
        reached.append(Block("para", words["ballot_reached"].format(**values)))
    body(doc, reached)
    head, *others = b.counters or ["……"]
    signers = [(["TRƯỞNG BAN KIỂM PHIẾU"], _name(head))] + [(["THÀNH VIÊN"], _name(o)) for o in others]
    signature_grid(doc, signers, per_row=min(3, len(signers)))
