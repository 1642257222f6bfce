"""The board's list for the council (danh sách đề nghị): per cluster and khối, the collectives its own
meeting proposed for the awards the council votes on, with the cluster's score, rank and vote and where
its dossier stands. A draft while any cluster has not voted, or its dossier is missing, returned or not yet
examined, or the list has no date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from thidua.config import default_wording
from thidua.config.province import Province
from thidua.numbers import fmt_count, fmt_number
from thidua.province.board import ACCEPTED, ClusterFacts
from thidua.province.proposals import DONE, VOTED
from thidua.province.words import stage_text, vote_text
from thidua.report.frame import Heading, body, grid, header, new_document, save, signature
from thidua.report.lines import doc_number, line
from thidua.report.pending import Pending, draft_note, issue_date, unsigned
from thidua.report.prose import Block, listed

FIX_DATE = "ghi council_list.issued trong province.yaml"


def _award_names(facts: list[ClusterFacts], province: Province) -> str:
    names = {p.award_code: p.award_name for f in facts for p in f.proposals.proposals}
    return ", ".join(names.get(code, code) for code in province.province.awards if code in names)


def pending_of(facts: list[ClusterFacts]) -> list[Pending]:
    """What keeps the list a draft, cluster by cluster, in the list's own order."""
    out = []
    for f in facts:
        stage = f.proposals.stage
        if stage not in DONE:
            out.append(Pending(f"{f.name}: {stage_text(f.proposals)}", "chờ Cụm, Khối hoàn thành bình xét"))
        elif f.proposals.proposals and f.dossier.state is None:
            out.append(Pending(f"chưa nhận hồ sơ đề nghị của {f.name}", "chờ Cụm, Khối gửi hồ sơ qua cổng thông tin"))
        elif f.proposals.proposals and f.dossier.state != ACCEPTED:
            what = {"returned": "đã trả lại, chưa nhận bản gửi lại", "sent": "đang chờ Sở xem xét"}
            out.append(Pending(f"hồ sơ của {f.name} {what[f.dossier.state or 'sent']}", "xem trang Hồ sơ của cổng"))
    return out


def _rows(facts: list[ClusterFacts]) -> list[list[str]]:
    """One row per collective proposed, numbered; a cluster without any is said under the table."""
    rows: list[list[str]] = []
    for f in facts:
        for p in f.proposals.proposals:
            score = fmt_number(float(p.total))
            rank = str(p.rank) + (" (đồng hạng)" if p.tie else "")
            vote = vote_text(p) if f.proposals.stage == VOTED else stage_text(f.proposals)
            rows.append([str(len(rows) + 1), f.name, p.unit_name, p.award_name, score, rank, vote, f.dossier.label])
    return rows


def _intro(facts: list[ClusterFacts], province: Province, awards: str) -> list[Block]:
    """What the list is, then how far the clusters are, in counts said plainly: the collectives a meeting
    carried, and apart from them the candidates of clusters that have not voted (listed so the council
    sees them coming, never counted as proposed)."""
    carried = sum(len(f.proposals.proposals) for f in facts if f.proposals.stage == VOTED)
    coming = sum(len(f.proposals.proposals) for f in facts if f.proposals.stage != VOTED)
    done = sum(f.proposals.stage in DONE for f in facts)
    year, board, council = province.province.year, province.board, province.province.council
    text = [
        f"Căn cứ kết quả chấm điểm, bình xét thi đua năm {year} của các Cụm, Khối thi đua, {board.name} tổng hợp "
        f"danh sách các tập thể được đề nghị tặng {awards}, trình {council} xem xét."
    ]
    if not done:
        text.append(f"Đến nay, chưa Cụm, Khối nào trong số {fmt_count(len(facts))} Cụm, Khối bình xét xong.")
    else:
        proposed = f"đề nghị {fmt_count(carried)} tập thể" if carried else "chưa đề nghị tập thể nào"
        text.append(f"Đến nay, {fmt_count(done)}/{fmt_count(len(facts))} Cụm, Khối đã bình xét xong, {proposed}.")
    if coming:
        text.append(
            f"Danh sách có thêm {fmt_count(coming)} tập thể dự kiến của các Cụm, Khối chưa bình xét, để Hội đồng "
            "theo dõi; các tập thể này chưa phải là đề nghị."
        )
    return [Block("para", " ".join(text))]


def _without(facts: list[ClusterFacts]) -> list[Block]:
    """The clusters that have no collective in the list, each with where it stands."""
    missing = [f for f in facts if not f.proposals.proposals]
    if not missing:
        return []
    items = [f"{f.name}: {stage_text(f.proposals)}" for f in missing]
    return [Block("para", "Cụm, Khối chưa có tập thể trong danh sách:"), *listed(items)]


def _note(facts: list[ClusterFacts]) -> str:
    """Whose scores the table shows: the meetings', and for a cluster not voted yet its office's own latest
    scoring, never the board's."""
    note = "Điểm, xếp hạng và kết quả bỏ phiếu là của cuộc họp bình xét của từng Cụm, Khối"
    if any(f.proposals.proposals and f.proposals.stage != VOTED for f in facts):
        note += "; Cụm, Khối chưa bình xét: theo bảng chấm điểm mới nhất của Văn phòng Cụm, Khối"
    return note + ". Sở không chấm lại."


def write_council_list(facts: list[ClusterFacts], province: Province, target: Path) -> list[Pending]:
    """Write the list; returns what keeps it a draft."""
    board, settings, year = province.board, province.council_list, province.province.year
    words = default_wording()  # the board has no config.yaml: the package's wording
    meetings = [(f.proposals.voted_on, f"cuộc họp bình xét của {f.name}") for f in facts]
    voted_days: list[tuple[date | None, str]] = [(held.date(), event) for held, event in meetings if held]
    issued, dated = issue_date(settings.issued, FIX_DATE, voted_days, words)
    pending = dated + pending_of(facts)
    if not board.signer.name:
        pending += unsigned([(board.signer.title.lower(), "ghi board.signer.name trong province.yaml")], words)
    awards = _award_names(facts, province) or "các hình thức khen thưởng cấp tỉnh"
    subject = f"Các tập thể do các Cụm, Khối thi đua đề nghị tặng {awards} năm {year}"
    rows = _rows(facts)
    number = doc_number(settings.number, settings.symbol)
    head = Heading(number, issued, "DANH SÁCH", subject, words["draft"] if pending else "")
    doc = new_document(None)
    header(doc, None, head, place=board.place, issuer=board.letterhead)
    body(doc, [*draft_note(pending, words), *_intro(facts, province, awards)])
    if rows:
        headers = ["STT", "Cụm, Khối thi đua", "Tập thể được đề nghị", "Hình thức", "Điểm", "Xếp hạng trong Cụm, Khối"]
        headers += ["Kết quả bỏ phiếu", "Hồ sơ"]
        aligns = ["center", "left", "left", "left", "right", "center", "left", "left"]
        grid(doc, headers, [13, 30, 31, 24, 15, 16, 20, 16], rows, aligns)
        # the note goes to the next page with the signature rather than leave the signature there alone
        line(doc, _note(facts), 12, italic=True, align="left", before=6).paragraph_format.keep_with_next = True
    else:
        body(doc, [Block("para", "Chưa có tập thể nào được đề nghị.")])
    waiting = _without(facts)
    body(doc, waiting[:1])  # its heading line kept with the list (body keeps a call's last line with the next)
    body(doc, waiting[1:])
    titles = [board.signer.authority, board.signer.title, board.signer.subtitle]
    signature(doc, words["recipients_label"], settings.recipients, titles, board.signer.name, settings.archive)
    save(doc, None, target, head, author=board.name)
    return pending
