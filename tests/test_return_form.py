"""The return filled in the browser: Debian's Chromium, 390 px wide as a phone, against a real `thidua
serve`. The clerk types a figure the template's reader refuses, sees why beside that field, corrects it and
sends; what the portal stored is then compared cell by cell with the same values typed into the Excel
template, and read by `check` the same. A form after a file, and a file after a form, count by the one
rule for two files."""

from __future__ import annotations

import os
import re
import shutil
import time
from datetime import date
from pathlib import Path

import clerk
import pytest
from conftest import CHROMIUM, DRIVER, ROOT, check_folder, chromium, edited_config, press, served
from openpyxl import load_workbook

from thidua.config import load_config
from thidua.periods import Period
from thidua.state.store import open_store
from thidua.workbooks.template import write_template

VALUES = {"NTM_DAT_HIEN": 2500, "NTM_NGAY_CONG": 1300, "GN_HO_GIUP": 110, "GN_HO_THOAT_NGHEO": 20}
TYPED = {"NTM_DAT_HIEN": "2.500", "NTM_NGAY_CONG": "-5", "GN_HO_GIUP": "110", "GN_HO_THOAT_NGHEO": "20"}
STORY = "Tổ chức hội nghị nông dân sản xuất giỏi cấp tỉnh."


@pytest.fixture()
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The example's 2023 returns without the Farmers' Union's June, served as on 25/07/2023."""
    config = edited_config(tmp_path, lambda data: data.update(portal={"state": str(tmp_path / "state")}))
    shutil.copytree(ROOT / "inputs" / "2023", tmp_path / "inputs" / "2023")
    for path in (tmp_path / "inputs" / "2023" / "T06").glob("*HND*"):
        path.unlink()
    store = open_store(tmp_path / "state" / "portal.sqlite3")
    return config, tmp_path / "inputs", store


def _excel(tmp_path: Path, config: Path) -> Path:
    """The same return typed into the Excel template, as a clerk would."""
    cfg = load_config(config)
    path = tmp_path / "excel" / "2023" / "T06" / "BC T6 HND.xlsx"
    write_template(cfg, cfg.unit("HND"), Period(2023, 6), path)
    clerk.fill(path, VALUES, {"noi_bat": STORY})
    return path


@pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="chromium and chromedriver are not installed")
def test_a_clerk_fills_the_return_on_a_phone(office, tmp_path) -> None:
    from selenium.webdriver.common.by import By

    config, inputs, store = office
    link = store.new_link("HND")
    with served(config, inputs, tmp_path / "out", date(2023, 7, 25)) as base, chromium(tmp_path, width=390) as phone:
        phone.get(f"{base}/u/{link}")
        phone.find_element(By.XPATH, "//a[contains(@href, '/don-vi/dien/2023-06')]").click()
        for code, text in TYPED.items():
            phone.find_element(By.ID, f"so-lieu-{code}").send_keys(text)
        phone.find_element(By.ID, "thuyet-minh-noi_bat").send_keys(STORY)
        _click(phone, "button[value='kiem-tra']")
        field = phone.find_element(By.ID, "so-lieu-NTM_NGAY_CONG").find_element(By.XPATH, "..")
        beside = field.find_element(By.CSS_SELECTOR, ".form-findings .loi").text
        assert "âm" in beside and "Ngày công" in beside  # the reader's own words, at the field
        assert phone.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
        _shot(phone, tmp_path, "cong-dien-bao-cao-dien-thoai.png")
        corrected = phone.find_element(By.ID, "so-lieu-NTM_NGAY_CONG")
        corrected.clear()
        corrected.send_keys("1.300")
        _click(phone, "button[value='nop']")
        assert "đã được nhận" in phone.find_element(By.CSS_SELECTOR, ".verdict").text
    stored = next((inputs / "cong-thong-tin").rglob("*.xlsx"))
    excel = _excel(tmp_path, config)
    assert _cells(stored) == _cells(excel)  # cell by cell, every sheet a unit fills
    from_form = check_folder(inputs, load_config(config), date(2023, 7, 25))
    from_excel = check_folder(excel.parents[2], load_config(config), date(2023, 7, 25))
    assert _june(from_form) == _june(from_excel) == VALUES


def _click(driver, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Press a button that sends the form, and wait for the page it brings."""
    from selenium.webdriver.common.by import By

    press(driver, driver.find_element(By.CSS_SELECTOR, selector))


def _shot(driver, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    driver.set_window_size(390, 2400)
    driver.save_screenshot(str(tmp_path / name))
    if target := os.environ.get("THIDUA_SCREENSHOTS"):
        shutil.copy(tmp_path / name, Path(target) / name)


def _cells(path: Path) -> dict[str, list[tuple]]:
    book = load_workbook(path)
    sheets = ("Số liệu", "Thuyết minh", "Khen thưởng", "thidua_meta")
    return {name: [tuple(c.value for c in row) for row in book[name].iter_rows()] for name in sheets}


def _june(checked) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {r["code"]: r["value"] for r in checked.figure_rows if r["unit"] == "HND" and r["period"] == "2023-06"}


def _form(client, period: str, action: str, values: dict[str, str]):  # type: ignore[no-untyped-def]
    page = client.get(f"/don-vi/dien/{period}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]  # type: ignore[index]
    form = {"csrf_token": token, "hanh-dong": action} | {f"so-lieu-{c}": v for c, v in values.items()}
    return client.post(f"/don-vi/dien/{period}", data=form)


@pytest.mark.parametrize("order", ["file then form", "form then file"])
def test_a_form_and_a_file_count_by_the_one_rule(tmp_path, order) -> None:
    """The later of the two is the copy that counts, whichever door each came through."""
    import io

    from test_portal import as_unit, make_app, token_of

    app, cfg = make_app(tmp_path)
    unit = as_unit(app, "HND")
    excel = _excel(tmp_path, app.extensions["thidua"].config_path)
    form_values = {c: str(v + 1) for c, v in VALUES.items()}

    def by_file() -> None:
        sent = {"csrf_token": token_of(unit, "/don-vi"), "tep": (io.BytesIO(excel.read_bytes()), "BC T6 HND.xlsx")}
        assert unit.post("/don-vi/nop", data=sent, content_type="multipart/form-data").status_code == 302

    def by_form() -> None:
        assert _form(unit, "2023-06", "nop", form_values).status_code == 302

    steps = [by_file, by_form] if order == "file then form" else [by_form, by_file]
    for step in steps:
        step()
        time.sleep(1.1)  # the portal's receipt times a second apart, as two sendings are
    inputs = app.extensions["thidua"].inputs
    counted = _june(check_folder(inputs, cfg, date(2023, 8, 1)))
    later = {c: float(v) for c, v in form_values.items()} if order == "file then form" else VALUES
    assert counted == later


def test_a_draft_is_kept_and_a_return_with_an_error_is_not_sent(tmp_path) -> None:
    from test_portal import as_unit, make_app

    app, _ = make_app(tmp_path)
    unit = as_unit(app, "HND")
    saved = _form(unit, "2023-06", "luu", {"NTM_DAT_HIEN": "2.500", "NTM_NGAY_CONG": "-5"})
    assert "Đã lưu bản nháp lúc" in saved.get_data(as_text=True)
    reopened = unit.get("/don-vi/dien/2023-06").get_data(as_text=True)
    assert 'value="2.500"' in reopened and "Đang mở bản nháp đã lưu lúc" in reopened
    refused = _form(unit, "2023-06", "nop", {**TYPED})
    assert refused.status_code == 400 and "Còn lỗi" in refused.get_data(as_text=True)
    assert app.extensions["thidua"].store.uploads("HND") == []  # nothing sent
    assert unit.get("/don-vi/dien/2024-01").status_code == 404  # not a period of this year it owes
