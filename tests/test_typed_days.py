"""Days typed as a Vietnamese office types them (31/01/2023) read as the same days as the examples' ISO form
(2023-01-31), in config.yaml (typed as text, not dumped), in next year's config, and in the portal's date
field; a day that does not exist is named, with where it is."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONFIG, run_next_year

from thidua.config import ConfigError, load_config
from thidua.config.days import parse_day


def _typed(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """The example's config.yaml with each (as written, as the office types it) replaced in its text."""
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


LEAVES = "    head_name: Nông Thị Lan   # dữ liệu mẫu, như trong biên bản họp\n"  # Hội Liên hiệp Phụ nữ tỉnh


def test_days_typed_day_first_read_as_the_same_days_as_iso(tmp_path: Path) -> None:
    (tmp_path / "iso").mkdir()
    (tmp_path / "typed").mkdir()
    iso = _typed(tmp_path / "iso", (LEAVES, LEAVES + "    member_until: 2023-09-30\n"))
    typed = _typed(
        tmp_path / "typed",
        (LEAVES, LEAVES + "    member_until: 30/09/2023\n"),
        ("signed: 2023-02-15", "signed: 15/02/2023"),
        ("issued: 2023-07-05", "issued: 5/7/2023"),
        ("in_force_from: 2024-01-01}", "in_force_from: 01.01.2024}"),
    )
    by_iso, by_typed = load_config(iso), load_config(typed)
    assert by_typed.unit("PN").member_until == date(2023, 9, 30)
    assert by_typed.year_end.pact.signed == date(2023, 2, 15)
    assert by_typed.model_dump() == by_iso.model_dump()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2023", "“31/02/2023” không phải là một ngày có thật"),
        ("29/02/2023", "“29/02/2023” không phải là một ngày có thật"),
        ("15/13/2023", "“15/13/2023” không phải là một ngày có thật"),
        ("15/02/23", "phải là một ngày, viết ngày/tháng/năm như 31/01/2023"),
        ("ngày 15 tháng 2", "phải là một ngày, viết ngày/tháng/năm như 31/01/2023"),
    ],
)
def test_a_day_that_cannot_be_read_is_named_with_its_place(tmp_path: Path, typed: str, message: str) -> None:
    path = _typed(tmp_path, ("signed: 2023-02-15", f"signed: {typed}"))
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert [p for p, m in err.value.problems if message in m] == ["year_end.pact.signed"], err.value.problems


def test_next_year_reads_a_day_typed_day_first(tmp_path: Path) -> None:
    """A unit that left on 30/09/2023, typed so, is not a member of next year's cluster (next_year.py reads
    the file's own data, before any model)."""
    config = _typed(tmp_path, (LEAVES, LEAVES + "    member_until: 30/09/2023\n"))
    target = tmp_path / "nam-2024"
    assert run_next_year(config, target, tmp_path / "out") == 0
    assert "PN" not in {u.code for u in load_config(target / "config.yaml").units}


def test_a_unit_leaving_early_next_year_may_still_be_elected(tmp_path: Path) -> None:
    """Hội Nông dân leaves on 15/01/2024, typed so: a member on 1 January, so the meeting may elect it (the check
    compared the typed text with "2024-01-01" and refused it); one that left on 31/12/2023 may not."""
    config = _typed(tmp_path, ("    role: cụm phó\n", "    role: cụm phó\n    member_until: 15/01/2024\n"))
    assert run_next_year(config, tmp_path / "nam-2024", tmp_path / "out") == 0
    gone = _typed(tmp_path, ("    role: cụm phó\n", "    role: cụm phó\n    member_until: 31/12/2023\n"))
    assert run_next_year(gone, tmp_path / "khac", tmp_path / "out") == 2
    assert load_config(tmp_path / "nam-2024" / "config.yaml").unit("HND").role == "cụm phó"


def test_the_portals_date_field_reads_both_forms() -> None:
    assert parse_day("2023-08-19") == parse_day("19/08/2023") == parse_day(" 19.8.2023 ") == date(2023, 8, 19)
    for wrong in ("19/08", "31/02/2023", "08/19/2023", ""):
        with pytest.raises(ValueError):
            parse_day(wrong)


DECIMAL_POINT = "mà trong tệp cấu hình dấu chấm là dấu thập phân"
NTM_MAX = 'label: "Diện tích đất được hiến", measure: m2, max: 500000,'


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "500.000",
            f"“500.000” có dấu chấm ngăn cách hàng nghìn, {DECIMAL_POINT}: viết liền 500000",
        ),
        (
            "1.000.000",
            f"“1.000.000” có dấu chấm ngăn cách hàng nghìn, {DECIMAL_POINT}: viết liền 1000000",
        ),
        # a decimal comma inside {…}, where a comma separates the entries: "5" becomes a key of its own
        ("500,5", "“5” không phải là tên khóa: trong dấu ngoặc nhọn {…}, dấu phẩy ngăn cách các mục"),
    ],
)
def test_a_number_typed_with_thousands_separators_is_refused_not_read_as_a_decimal(
    tmp_path: Path, typed: str, message: str
) -> None:
    """`max: 500.000` is how a Vietnamese office writes five hundred thousand, and YAML reads it as 500.0: the
    plausibility ceiling of an indicator would have been 500, and every unit's true figure above it an
    error. It is refused, with the way to write it; so is a decimal comma, with why."""
    path = _typed(tmp_path, (NTM_MAX, NTM_MAX.replace("500000", typed)))
    with pytest.raises(ConfigError) as err:
        load_config(path)
    index = next(n for n, i in enumerate(load_config(EXAMPLE_CONFIG).indicators) if i.code == "NTM_DAT_HIEN")
    where = f"indicators[{index}][5]" if "," in typed else f"indicators[{index}].max"
    assert [p for p, m in err.value.problems if message in m] == [where], err.value.problems


def test_text_that_looks_grouped_stays_text_and_decimals_stay_decimals(tmp_path: Path) -> None:
    path = _typed(
        tmp_path,
        ("symbol: LĐLĐ", "symbol: 1.234"),  # a text field: kept as typed
        ("vote_share: 0.8", "vote_share: 0.800")
        if "vote_share: 0.8" in EXAMPLE_CONFIG.read_text("utf-8")
        else ("", ""),
        (NTM_MAX, NTM_MAX.replace("500000", "500000.5")),
    )
    cfg = load_config(path)
    hien = next(i for i in cfg.indicators if i.code == "NTM_DAT_HIEN")
    assert cfg.unit("LDLD").symbol == "1.234" and hien.max == 500000.5
    awards = cfg.year_end.scoring.years[2023].awards
    assert [a.vote_share for a in awards if a.code == "CO_TINH"] == [Decimal("0.8")]
