"""The year's scoring against an independent oracle (tests/scoring_oracle.py): each rule on generated values,
then the whole example year recomputed from the input files themselves (openpyxl, config.yaml as plain
YAML), and every document checked against cham-diem.xlsx."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import scoring_oracle as oracle
import yaml
from conftest import EXAMPLE_CONFIG, ROOT
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from thidua.config.year import Criterion
from thidua.scoring import rules
from thidua.scoring.ranking import passes
from thidua.words.basis import basis_text

D = Decimal
counts = st.integers(min_value=0, max_value=100_000)
positive = st.integers(min_value=1, max_value=100_000)


@settings(max_examples=300, deadline=None)
@given(top=st.integers(1, 400), actual=counts, target=positive, lead=st.one_of(st.none(), counts))
def test_published_rule_matches_the_oracle(top: int, actual: int, target: int, lead: int | None) -> None:
    leader = None if lead is None else max(lead, actual) if actual > target else (lead if lead > target else None)
    ours = rules.rounded(rules.published(D(top), D(actual), D(target), None if leader is None else D(leader)))
    expected = oracle.cents(oracle.published(Fraction(top), Fraction(actual), Fraction(target), leader))
    assert ours == expected


@settings(max_examples=200, deadline=None)
@given(top=st.integers(1, 400), actual=counts, target=counts)
def test_proportional_rule_matches_the_oracle(top: int, actual: int, target: int) -> None:
    ours = rules.rounded(rules.proportional(D(top), D(actual), D(target)))
    assert ours == oracle.cents(oracle.proportional(Fraction(top), Fraction(actual), Fraction(target)))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("XY"), counts, st.one_of(st.none(), positive), st.booleans()), min_size=1, max_size=8
    )
)
def test_the_leader_is_the_best_complete_unit_above_its_plan(rows: list) -> None:
    import pandas as pd

    from thidua.totals.merge import leaders

    frame = pd.DataFrame(rows, columns=["code", "value", "target", "complete"]).astype({"target": "float"})
    frame["unit"] = [f"U{n}" for n in range(len(frame))]
    expected = {}
    for code in "XY":
        best = oracle.leader([(Fraction(v), Fraction(t)) for c, v, t, full in rows if c == code and full and t])
        if best is not None:
            expected[code] = float(best)
    assert {code: lead.value for code, lead in leaders(frame).items()} == expected


def test_the_leader_by_hand() -> None:
    """150 leads: 200 has a month missing, 300 is below its own plan of 400, 120 is behind."""
    import pandas as pd

    from thidua.totals.merge import Leader, leaders

    frame = pd.DataFrame(
        {"code": ["X"] * 4, "value": [150, 200, 300, 120], "target": [100, 100, 400, 100], "complete": [1, 0, 1, 1]}
    ).assign(unit=["A", "B", "C", "D"])
    assert leaders(frame) == {"X": Leader(150.0, ("A",))}
    assert leaders(frame, among={"B", "C", "D"}) == {"X": Leader(120.0, ("D",))}  # A has left: D leads


def test_published_rule_by_hand() -> None:
    """Max 10, plan 100: 80 → 4; 100 → 5; the leader 150 → 10; 120 behind a leader at 150 → 5 + 5·20/50 = 7."""
    assert [rules.published(D(10), D(a), D(100), D(150)) for a in (80, 100, 150, 120)] == [4, 5, 10, 7]
    assert rules.published(D(10), D(130), D(100), None) == 10  # nobody else above: it leads


RUNGS = [(0, 0, 10), (0, 2, 8), (1, 3, 6), (2, 12, 4)]


@given(missing=st.integers(0, 12), late=st.integers(0, 12))
def test_timeliness_scales_match_the_oracle(missing: int, late: int) -> None:
    steps = [{"missing": m, "late": lt, "points": p} for m, lt, p in RUNGS]
    c = Criterion.model_validate({"code": "II.1", "label": "Báo cáo", "kind": "timeliness", "max": 10, "steps": steps})
    expected = oracle.steps([(m, lt, Fraction(p)) for m, lt, p in RUNGS], missing, late)
    assert rules.timeliness(c, missing, late) == D(expected.numerator) / expected.denominator
    other = Criterion.model_validate(
        {"code": "B1", "label": "Báo cáo", "kind": "timeliness", "max": 100, "per_late": 20, "per_missing": 50}
    )
    assert rules.timeliness(other, missing, late) == oracle.per_report(
        Fraction(100), Fraction(20), Fraction(50), missing, late
    )


def test_timeliness_by_hand() -> None:
    """10 when all on time; 8 with one or two late; 6 with one missing; 4 with two; 0 beyond."""
    steps = [{"missing": m, "late": lt, "points": p} for m, lt, p in RUNGS]
    c = Criterion.model_validate({"code": "II.1", "label": "Báo cáo", "kind": "timeliness", "max": 10, "steps": steps})
    cases = {(0, 0): 10, (0, 1): 8, (0, 2): 8, (0, 3): 6, (1, 0): 6, (2, 5): 4, (3, 0): 0}
    assert {k: rules.timeliness(c, *k) for k in cases} == cases


@given(points=st.integers(1, 50), count=st.integers(0, 40), top=st.integers(1, 200))
def test_per_occurrence_is_capped(points: int, count: int, top: int) -> None:
    c = Criterion.model_validate(
        {"code": "I.3", "label": "Mô hình", "kind": "per_occurrence", "points": points, "max": top}
    )
    assert rules.per_occurrence(c, D(count)) == oracle.occurrences(Fraction(points), count, Fraction(top))


@pytest.mark.parametrize(
    ("agree", "members", "share", "carried"),
    [(4, 6, "0.8", False), (5, 6, "0.8", True), (4, 5, "0.8", True), (3, 5, "0.8", False), (3, 4, "0.75", True)],
)
def test_vote_needs_a_share_of_all_members(agree: int, members: int, share: str, carried: bool) -> None:
    assert passes(agree, members, D(share)) is carried
    assert oracle.carried(agree, members, Fraction(share)) is carried


def test_ties_share_a_rank_and_are_stated() -> None:
    from thidua.scoring.ranking import UnitScore, rank

    totals = {"A": D("96"), "B": D("86.78"), "C": D("84"), "D": D("84"), "E": D("72")}
    units = rank([UnitScore(u, [], total=t) for u, t in totals.items()])
    assert {u.unit: u.rank for u in units} == oracle.ranks(totals) == {"A": 1, "B": 2, "C": 3, "D": 3, "E": 5}
    assert next(u for u in units if u.unit == "C").tied == ["D"]


def test_a_tie_at_the_quota_keeps_every_tied_unit() -> None:
    from thidua.config.year import Award, Band
    from thidua.scoring.ranking import UnitScore, candidates, rank

    bands = [Band(label="Tốt", min=D(80)), Band(label="Khá", min=D(0))]
    units = rank([UnitScore(u, [], total=D(t), band="Tốt") for u, t in (("A", 90), ("B", 85), ("C", 85), ("D", 82))])
    found = candidates(units, [Award(code="BK", name="Bằng khen", quota=2, min_band="Tốt")], bands)
    assert [(c.unit, c.tie) for c in found] == [("A", False), ("B", True), ("C", True)]


# ---- the example year, recomputed from the input files ------------------------------------------------

INPUTS = ROOT / "inputs" / "2023"


def _number(raw: object) -> Fraction | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, str):  # the example's one habit: "2.598" typed as text
        return Fraction(int(raw.replace(".", "")))
    return Fraction(str(raw))


def _read(path: Path) -> tuple[dict, dict[str, list[tuple]], datetime]:
    """(identity, every sheet's rows, save time in Vietnam) of one workbook, the file closed again."""
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = {name: list(wb[name].iter_rows(values_only=True)) for name in wb.sheetnames}
        return {r[0]: r[1] for r in sheets["thidua_meta"]}, sheets, wb.properties.modified + timedelta(hours=7)
    finally:
        wb.close()


def _meta(path: Path) -> dict:
    return _read(path)[0]


def _returns() -> tuple[dict, dict]:
    """(unit, code) → yearly total; unit → saved dates per month, from every monthly file (latest copy)."""
    latest: dict[tuple[str, int], tuple[datetime, Path]] = {}
    for path in INPUTS.glob("T*/*.xlsx"):
        meta, _, saved = _read(path)  # Excel stores the save time in UTC
        key = (meta["unit"], int(meta["period"][5:]))
        if key not in latest or saved > latest[key][0]:
            latest[key] = (saved, path)
    totals: dict[tuple[str, str], Fraction] = {}
    saved_on: dict[str, dict[int, datetime]] = {}
    for (unit, month), (saved, path) in latest.items():
        saved_on.setdefault(unit, {})[month] = saved
        for row in _read(path)[1]["Số liệu"][6:]:
            value = _number(row[4]) if len(row) > 4 else None
            if row[1] and value is not None:
                totals[(unit, row[1])] = totals.get((unit, row[1]), Fraction(0)) + value
    return totals, saved_on


def _rows(path: Path, sheet: str, key_col: int) -> dict:
    wb = load_workbook(path, read_only=True)
    try:
        return {r[key_col]: r for r in wb[sheet].iter_rows(values_only=True) if r[key_col]}
    finally:
        wb.close()


def _plans() -> dict[str, dict[str, Fraction]]:
    """unit → indicator → the yearly plan it registered."""
    plans = {}
    for path in (INPUTS / "dang-ky").glob("*.xlsx"):
        rows = _rows(path, "Đăng ký", 1)
        plans[_meta(path)["unit"]] = {
            code: Fraction(r[4]) for code, r in rows.items() if isinstance(r[4], (int, float))
        }
    return plans


def _results(totals: dict, plans: dict, among: set[str]) -> dict[str, list[tuple[Fraction, Fraction]]]:
    """indicator → (result, plan) of every unit in `among` that registered it: the leader's field."""
    results: dict[str, list] = {code: [] for p in plans.values() for code in p}
    for unit, p in plans.items():
        for code, plan in p.items():
            if unit in among:
                results[code].append((totals[(unit, code)], plan))
    return results


@pytest.fixture(scope="module")
def expected() -> dict:
    """Every unit's final lines, totals, band, rank and proposal, worked out by the oracle."""
    config = yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))["year_end"]["scoring"]
    leaves = {c["code"]: c for g in config["criteria"] for c in (g.get("children") or [g])}
    params = config["years"][2023]
    totals, saved_on = _returns()
    plans = _plans()
    results = _results(totals, plans, set(plans))
    chair = INPUTS / "cham-diem-2023.xlsx"
    adjusted = {
        (r[0], r[2]): D(str(r[9]))
        for r in _read(chair)[1]["Chấm điểm"]
        if len(r) > 9 and r[0] and r[2] and isinstance(r[9], (int, float))
    }
    out = {}
    for path in (INPUTS / "tu-cham").glob("*.xlsx"):
        unit = _meta(path)["unit"]
        own = _rows(path, "Tự chấm điểm", 0)
        top = Fraction(leaves["I.1"]["max"]) / len(plans[unit])
        i1 = sum(
            oracle.published(top, totals[(unit, c)], plan, oracle.leader(results[c])) for c, plan in plans[unit].items()
        )
        months = saved_on[unit]
        late = sum(1 for m, when in months.items() if when.date() > datetime(2023 + m // 12, m % 12 + 1, 20).date())
        rungs = [(s["missing"], s["late"], Fraction(s["points"])) for s in leaves["II.1"]["steps"]]
        lines = {"I.1": oracle.cents(i1), "II.1": oracle.cents(oracle.steps(rungs, 12 - len(months), late))}
        lines["I.3"] = oracle.cents(oracle.occurrences(Fraction(2), own["I.3"][5], Fraction(10)))
        for code in ("I.2", "II.2", "II.3", "III.1", "III.2", "C", "T"):
            lines[code] = D(str(own[code][6]))
        lines |= {code: v for (u, code), v in adjusted.items() if u == unit}
        base = sum(v for c, v in lines.items() if c not in ("C", "T"))
        total = base + lines["C"] - lines["T"]
        met = all(totals[(unit, c)] >= plan for c, plan in plans[unit].items())
        out[unit] = {"lines": lines, "base": base, "bonus": lines["C"], "deduction": lines["T"], "total": total}
        out[unit] |= {"met": met, "band": oracle.band(total, [(b["label"], D(str(b["min"]))) for b in params["bands"]])}
    ranks = oracle.ranks({u: v["total"] for u, v in out.items()})
    order = [b["label"] for b in sorted(params["bands"], key=lambda b: b["min"], reverse=True)]
    taken: set[str] = set()
    for award in params["awards"]:
        pool = [
            u
            for u in sorted(out, key=lambda u: ranks[u])
            if u not in taken
            and order.index(out[u]["band"]) <= order.index(award["min_band"])
            and (out[u]["met"] or not award.get("all_targets_met"))
        ]
        for u in pool[: award["quota"]]:
            out[u]["award"], out[u]["share"] = award["code"], Fraction(str(award.get("vote_share", 0.8)))
            taken.add(u)
    for u in out:
        out[u]["rank"] = ranks[u]
    return out


@pytest.fixture(scope="module")
def book(year_run) -> dict:
    wb = load_workbook(year_run / "nam-2023-12" / "cham-diem.xlsx", data_only=True)
    return {name: list(wb[name].iter_rows(values_only=True)) for name in wb.sheetnames if name != "thidua_meta"}


def test_every_line_of_every_unit_agrees_with_the_oracle(book, expected) -> None:
    final = {(r[0], r[2]): D(str(r[11])) for r in book["Chấm điểm"] if r[2] and isinstance(r[11], (int, float))}
    assert {k: v for k, v in final.items()} == {
        (u, code): value for u, e in expected.items() for code, value in e["lines"].items()
    }


def test_totals_bands_ranks_and_proposals_agree_with_the_oracle(book, expected, cfg) -> None:
    names = {u.short_name: u.code for u in cfg.units}
    rows = {names[r[1]]: r for r in book["Tổng hợp điểm"] if r[1] in names}
    for unit, e in expected.items():
        r = rows[unit]
        assert [D(str(v)) for v in r[3:7]] == [e["base"], e["bonus"], e["deduction"], e["total"]], unit
        assert r[7] == e["band"] and r[8] == str(e["rank"]), unit  # tables: digits
    votes = {(r[1], r[3]): r[7] for r in book["Bình xét"] if r[3] in ("CO_TINH", "BK_TINH")}
    assert set(votes) == {(u, e["award"]) for u, e in expected.items() if "award" in e}
    for (unit, _), agree in votes.items():
        carried = oracle.carried(agree, 6, expected[unit]["share"])
        verdict = next(r[9] for r in book["Bình xét"] if r[1] == unit and r[3] in ("CO_TINH", "BK_TINH"))
        assert verdict == ("Đạt" if carried else "Không đạt")


def _vn(value: object) -> str:
    text = f"{Decimal(str(value)):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


PROSE_RANKS = {1: "Nhất", 2: "Nhì", 3: "Ba", 4: "Tư", 5: "Năm", 6: "Sáu"}


def test_the_documents_say_what_the_scoring_workbook_says(year_run, book, cfg) -> None:
    folder = year_run / "nam-2023-12"
    names = {u.short_name for u in cfg.units}
    summary = [r for r in book["Tổng hợp điểm"] if r[1] in names]
    minutes = "\n".join(p.text for p in Document(str(folder / "bien-ban.docx")).paragraphs)
    report = "\n".join(p.text for p in Document(str(folder / "bao-cao.docx")).paragraphs)
    for r in summary:
        parts = [f"điểm chuẩn {_vn(r[3])} điểm"]
        parts += [f"cộng {_vn(r[4])} điểm"] if r[4] else []
        parts += [f"trừ {_vn(r[5])} điểm"] if r[5] else []
        rank = PROSE_RANKS[int(r[8])]  # the workbook's digit, as prose says every rank
        sentence = f"{r[1]}: {', '.join(parts)}, thống nhất đạt {_vn(r[6])} điểm, xếp loại {r[7]}, xếp thứ {rank}."
        assert sentence in minutes and sentence in report, sentence
    carried = [r for r in book["Bình xét"] if r[9] == "Đạt"]
    proposal = Document(str(folder / "to-trinh.docx"))
    listed = [[c.text for c in row.cells] for row in proposal.tables[-1].rows[1:]]
    assert [(row[2], row[3]) for row in listed] == [(r[4], _vn(r[5])) for r in carried]
    for text in (minutes, report, "\n".join(p.text for p in proposal.paragraphs)):
        assert "DỰ THẢO" not in text  # every unit scored, every proposal voted
    assert "04/06 thành viên đồng ý (66,7%), không đạt tỷ lệ tối thiểu 80%" in minutes


def test_draft_until_the_vote(tmp_path) -> None:
    """Without the chair's workbook the scoring documents are drafts and say why."""
    import shutil

    from conftest import run_pipeline

    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    (inputs / "2023" / "cham-diem-2023.xlsx").unlink()
    assert run_pipeline(tmp_path / "out", inputs=inputs) == 0
    minutes = Document(str(tmp_path / "out" / "nam-2023-12" / "bien-ban.docx"))
    text = "\n".join(p.text for p in minutes.paragraphs)
    assert text.startswith("DỰ THẢO") and "chưa bỏ phiếu" in text and "(Kết luận được ghi sau khi bỏ phiếu.)" in text
    assert re.search(r"Hôm nay, vào hồi …… giờ", text)


def test_a_unit_that_has_left_never_sets_the_bar(tmp_path) -> None:
    """Tỉnh đoàn leaves on 30/09, its nine months of suất quà (26.493) above its plan: it is not scored, so
    the leader is chosen among the units that are: Mặt trận's 8.972 suất quà leads, worth the maximum,
    instead of being measured against Tỉnh đoàn's 26.493."""
    from conftest import check_folder, edited_config

    from thidua.config import load_config
    from thidua.scoring.year import score_year

    def leaves(data: dict) -> None:
        next(u for u in data["units"] if u["code"] == "TD")["member_until"] = date(2023, 9, 30)
        # and its plan lowered, so that its nine months (26.493 suất quà) pass it: counted, it would lead
        data["targets"] = {"TD": {"GN_QUA": 20000}}

    leaver = load_config(edited_config(tmp_path, leaves))
    inputs = tmp_path / "inputs"  # before the meeting: no voted workbook whose lines would stand
    shutil.copytree(ROOT / "inputs", inputs, ignore=shutil.ignore_patterns("cham-diem-*.xlsx"))
    checked = check_folder(inputs, leaver)
    scores = score_year(checked, leaver, checked.through)
    assert "TD" not in {u.unit for u in scores.units}
    totals, plans = _returns()[0], _plans()
    field = _results(totals, plans, {u.unit for u in scores.units})
    for score in scores.units:
        line = next(x for x in score.lines if x.code == "I.1")
        top = Fraction(str(line.criterion.max)) / len(plans[score.unit])
        expected = sum(
            oracle.published(top, totals[(score.unit, c)], plan, oracle.leader(field[c]))
            for c, plan in plans[score.unit].items()
        )
        assert line.final == oracle.cents(expected), score.unit
    facts = next(x for x in scores.unit("MTTQ").lines if x.code == "I.1").basis
    gifts = next(row for row in facts.rows if row.value == 8972)  # the facts: exact, and who leads
    assert (gifts.target, gifts.percent, gifts.leads, gifts.points) == (8000, Decimal("112.15"), True, 10)
    basis = basis_text(facts, leaver.wording())
    assert "8.972/8.000 suất quà (112,2%, dẫn đầu) → 10" in basis
    assert "15.686/15.000 m2 (104,6%, so với 20.831 m2 của Hội Nông dân tỉnh, đơn vị dẫn đầu) → 5,59" in basis


def test_the_flag_needs_every_registered_target(cfg) -> None:
    from thidua.config.year import Award, Band
    from thidua.scoring.ranking import UnitScore, candidates, rank

    bands = [Band(label="Xuất sắc", min=D(90)), Band(label="Tốt", min=D(0))]
    units = [UnitScore("A", [], total=D(97), band="Xuất sắc", targets_met=False)]
    units += [UnitScore("B", [], total=D(95), band="Xuất sắc", targets_met=True)]
    units += [UnitScore("C", [], total=D(93), band="Xuất sắc", targets_met=None)]  # some data missing
    units = rank(units)
    flag = Award(code="CO", name="Cờ thi đua", quota=1, min_band="Xuất sắc", all_targets_met=True)
    assert [c.unit for c in candidates(units, [flag], bands)] == ["B"]


def test_a_year_with_missing_months_is_not_scored(cfg) -> None:
    from conftest import BAD, REVIEW_DAY, check_folder

    from thidua.scoring.year import score_year

    checked = check_folder(BAD / "SCORE_NOT_COMPUTED", cfg, REVIEW_DAY)  # May only, against a yearly plan
    line = next(x for x in score_year(checked, cfg, checked.through).unit("MTTQ").lines if x.code == "I.1")
    assert line.computed is None and line.final is None and "thiếu T1/2023" in basis_text(line.basis, cfg.wording())


def test_an_adjustment_without_a_reason_is_not_applied(cfg) -> None:
    from conftest import BAD, REVIEW_DAY, check_folder

    from thidua import layout

    checked = check_folder(BAD / "ADJUSTMENT_NO_REASON", cfg, REVIEW_DAY)
    rows = checked.documents[(layout.SCORING_ID, "")].rows
    assert ("MTTQ", "I.2") not in {(r["unit"], r["code"]) for r in rows}
    assert {(r["unit"], r["code"]) for r in rows} == {("PN", "C"), ("CCB", "II.3")}  # the reasoned ones stay


def test_the_share_is_of_all_members_not_of_those_present(tmp_path) -> None:
    import shutil

    import clerk
    from conftest import run_pipeline

    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    chair = inputs / "2023" / "cham-diem-2023.xlsx"
    clerk.fill_scoring(chair, {}, {"present": 5, "absent_written": 0}, {("CCB", "BK_TINH"): 4})
    assert run_pipeline(tmp_path / "out", inputs=inputs) == 0
    minutes = "\n".join(p.text for p in Document(str(tmp_path / "out" / "nam-2023-12" / "bien-ban.docx")).paragraphs)
    assert "có mặt 05/06 đơn vị thành viên; vắng 01 đơn vị, không có ý kiến bằng văn bản" in minutes
    assert "Hội Cựu chiến binh tỉnh: 04/06 thành viên đồng ý (66,7%), không đạt" in minutes  # 4/5 would be 80 %


def test_votes_without_the_number_of_members_are_not_judged(example_inputs, cfg) -> None:
    import clerk
    from conftest import check_folder

    from thidua.scoring.year import score_year

    clerk.fill_scoring(example_inputs / "2023" / "cham-diem-2023.xlsx", {}, {"members": None}, {})
    checked = check_folder(example_inputs, cfg)
    found = [f for f in checked.findings if f.code == "VOTE_INVALID"]
    assert [(f.sheet, f.cell) for f in found] == [("Bình xét", "D21")]  # the members' row of the meeting block
    assert "Tổng số thành viên của Cụm" in found[0].message
    scores = score_year(checked, cfg, checked.through)
    assert all(c.passed is None for c in scores.candidates) and not scores.final


def test_a_reasonless_adjustment_stays_where_the_chair_typed_it(example_inputs, tmp_path) -> None:
    """Not applied, never lost: the regenerated workbook shows the 8 the chair typed in J, the finding beside
    it, and a final column that, like thidua, counts an adjustment only with its reason."""
    import clerk
    from conftest import run_pipeline

    chair = example_inputs / "2023" / "cham-diem-2023.xlsx"
    clerk.fill_scoring(chair, {("MTTQ", "I.2"): (8, None)}, {}, {})
    assert run_pipeline(tmp_path, inputs=example_inputs) == 1  # ADJUSTMENT_NO_REASON is an error
    wb = load_workbook(tmp_path / "nam-2023-12" / "cham-diem.xlsx")
    ws = wb["Chấm điểm"]
    row = next(r for r in ws.iter_rows() if r[0].value == "MTTQ" and r[2].value == "I.2")
    assert row[9].value == 8 and row[10].value in (None, "")
    assert row[5].value.endswith("[Điểm điều chỉnh 8 chưa được áp dụng vì chưa ghi lý do điều chỉnh.]")
    assert row[11].value == f'=IF(OR(J{row[0].row}="",K{row[0].row}=""),I{row[0].row},J{row[0].row})'
    values = load_workbook(tmp_path / "nam-2023-12" / "cham-diem.xlsx", data_only=True)["Chấm điểm"]
    assert values.cell(row[0].row, 12).value == values.cell(row[0].row, 9).value  # the cluster's score counts
    assert row[5].value.count("[Điểm điều chỉnh") == 1
