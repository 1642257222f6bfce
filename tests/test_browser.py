"""The portal in a real browser (Debian's chromium through Selenium and chromedriver), as a unit's clerk and
as the chair's office would use it. Screenshots go to the test's folder, and to THIDUA_SCREENSHOTS when set
(that is how docs/cong-*.png are made). Skipped, saying why, where the browser is not installed; .ci/run
installs it, so CI always runs this."""

from __future__ import annotations

import os
import shutil
import time
from datetime import date
from pathlib import Path

import clerk
import pytest
from conftest import CHROMIUM, DRIVER, ROOT, chromium, edited_config, served
from docx import Document
from openpyxl import load_workbook

from thidua.state.access import OFFICE_USERNAME
from thidua.state.store import open_store

pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="chromium and chromedriver are not installed")
PASSWORD = "mat-khau-van-phong-2023"


@pytest.fixture()
def server(tmp_path):  # type: ignore[no-untyped-def]
    """`thidua serve` on the example's 2023 returns, as on 25/07/2023; yields (the portal's store, its URL)."""
    config = edited_config(tmp_path, lambda data: data.update(portal={"state": str(tmp_path / "state")}))
    shutil.copytree(ROOT / "inputs" / "2023", tmp_path / "inputs" / "2023")
    store = open_store(tmp_path / "state" / "portal.sqlite3")
    store.set_password(OFFICE_USERNAME, PASSWORD)
    with served(config, tmp_path / "inputs", tmp_path / "out", date(2023, 7, 25)) as base:
        yield store, base


@pytest.fixture()
def browser(tmp_path):  # type: ignore[no-untyped-def]
    with chromium(tmp_path) as driver:
        yield driver


def downloaded(driver, suffix: str, timeout: float = 20) -> Path:  # type: ignore[no-untyped-def]
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = [p for p in driver.downloads.iterdir() if p.name.endswith(suffix)]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"nothing ending in {suffix} was downloaded")


def shot(driver, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    driver.save_screenshot(str(tmp_path / name))
    if target := os.environ.get("THIDUA_SCREENSHOTS"):
        shutil.copy(tmp_path / name, Path(target) / name)


def sign_in_as_chair(driver, base: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/chu-tri/dang-nhap")
    driver.find_element(By.ID, "mat_khau").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button").click()


def build(driver, period: str, kind: str, link: str):  # type: ignore[no-untyped-def]
    """From any chair page: build the report for `period` and `kind`; returns the download link `link`."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    driver.find_element(By.LINK_TEXT, "Lập báo cáo").click()
    field = driver.find_element(By.ID, "ky")
    field.clear()
    field.send_keys(period)
    driver.find_element(By.CSS_SELECTOR, f"select#loai option[value='{kind}']").click()
    driver.find_element(By.CSS_SELECTOR, "form[action='/chu-tri/lap-bao-cao'] button").click()
    # Only on the page after the build, which for a year end (the dossier, its PDFs) can take longer than the
    # ten seconds a page is given when the machine runs other tests at the same time.
    return WebDriverWait(driver, 120).until(lambda d: d.find_element(By.LINK_TEXT, link))


def test_a_unit_then_the_chair_in_a_real_browser(server, browser, tmp_path) -> None:
    from selenium.webdriver.common.by import By

    store, base = server
    link = store.new_link("HND")
    # The unit's clerk: open the private link, download July's template, fill it, upload it.
    browser.get(f"{base}/u/{link}")
    assert "Hội Nông dân tỉnh Lạng Sơn" in browser.find_element(By.TAG_NAME, "h1").text
    browser.find_element(By.LINK_TEXT, "Biểu mẫu tháng 6 năm 2023").click()
    template = downloaded(browser, ".xlsx")
    clerk.fill(template, {"NTM_DAT_HIEN": 2500, "NTM_NGAY_CONG": -5, "GN_HO_GIUP": 110, "GN_HO_THOAT_NGHEO": 20})
    browser.find_element(By.ID, "tep").send_keys(str(template))
    browser.find_element(By.CSS_SELECTOR, "form[action='/don-vi/nop'] button").click()
    verdict = browser.find_element(By.CSS_SELECTOR, ".verdict").text
    assert "đã được nhận nhưng có 1 lỗi" in verdict
    rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "table.findings tbody tr")]
    assert any("E9" in r and "không được âm" in r for r in rows)
    shot(browser, tmp_path, "cong-don-vi.png")
    template.unlink()
    browser.find_element(By.PARTIAL_LINK_TEXT, "Tải bản đã đánh dấu").click()
    marked = load_workbook(downloaded(browser, ".xlsx"))
    assert marked.sheetnames[0] == "Kết quả kiểm tra" and "không được âm" in marked["Số liệu"]["E9"].comment.text
    # The chair's office: log in, see June turn to "có lỗi" for the Farmers' Union, build the 6-month report.
    browser.delete_all_cookies()
    sign_in_as_chair(browser, base)
    browser.find_element(By.CSS_SELECTOR, "table.grid")  # the grid page has loaded
    row = next(r for r in browser.find_elements(By.CSS_SELECTOR, "table.grid tbody tr") if "Hội Nông dân" in r.text)
    assert row.find_elements(By.TAG_NAME, "td")[5].text == "có lỗi"
    shot(browser, tmp_path, "cong-van-phong.png")
    browser.find_element(By.PARTIAL_LINK_TEXT, "phát hiện khi kiểm tra").click()
    mine = next(r for r in browser.find_elements(By.CSS_SELECTOR, "table.findings tbody tr") if "E9" in r.text)
    assert "Số liệu không hợp lệ" in mine.text or "không được âm" in mine.text
    assert "Hội Nông dân tỉnh" in mine.text and "CELL_" not in mine.text
    shot(browser, tmp_path, "cong-phat-hien.png")
    browser.find_element(By.LINK_TEXT, "← Tiến độ nộp").click()
    link = build(browser, "2023-06", "6thang", "bao-cao.docx")
    assert "Đã lập báo cáo" in browser.find_element(By.CSS_SELECTOR, "section.card p").text
    link.click()
    report = Document(str(downloaded(browser, ".docx")))
    text = "\n".join(p.text for p in report.paragraphs)
    assert text.startswith("DỰ THẢO") and "báo cáo tháng 6 năm 2023 của Hội Nông dân tỉnh có lỗi" in text


def test_the_chair_builds_the_year_end_in_a_real_browser(server, browser, tmp_path) -> None:
    from selenium.webdriver.common.by import By

    _, base = server
    sign_in_as_chair(browser, base)
    link = build(browser, "2023-12", "nam", "bien-ban.docx")
    items = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "section.card ul li")]
    for name in ("cham-diem.xlsx", "to-trinh.docx", "giao-uoc.docx"):
        assert any(t.startswith(name + " (") for t in items), name  # each with what it is
    assert browser.find_element(By.CSS_SELECTOR, "select#loai option[value='nam']").is_selected()  # kept
    shot(browser, tmp_path, "cong-lap-bao-cao-nam.png")
    link.click()
    minutes = "\n".join(p.text for p in Document(str(downloaded(browser, ".docx"))).paragraphs)
    assert "Họp bình xét, suy tôn thi đua năm 2023" in minutes and "Tỉnh đoàn: 06/06 thành viên đồng ý" in minutes


def test_pages_fit_a_phone(server, browser, tmp_path) -> None:
    """390 px wide, as on a phone: a file name without a single space must not push the page sideways."""
    from selenium.webdriver.common.by import By

    store, base = server
    browser.set_window_size(390, 844)
    browser.get(f"{base}/u/{store.new_link('PN')}")
    template = tmp_path / ("BaoCaoThiDuaThang6NamHaiNghinKhongTramHaiMuoiBaHoiLienHiepPhuNuTinhLangSon" * 2 + ".xlsx")
    browser.find_element(By.LINK_TEXT, "Biểu mẫu tháng 6 năm 2023").click()
    downloaded(browser, ".xlsx").rename(template)
    clerk.fill(template, {"NTM_MO_HINH": 1, "GN_HO_GIUP": 4})
    browser.find_element(By.ID, "tep").send_keys(str(template))
    browser.find_element(By.CSS_SELECTOR, "form[action='/don-vi/nop'] button").click()
    browser.find_element(By.CSS_SELECTOR, ".verdict")
    for page in ("result", "history"):
        if page == "history":
            browser.find_element(By.LINK_TEXT, "← Quay lại").click()
            browser.find_element(By.LINK_TEXT, "Xem kết quả")
        shot(browser, tmp_path, f"dien-thoai-{page}.png")
        wide, window = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert wide <= window, (page, wide, window)


def test_the_board_reads_the_province_in_a_real_browser(example_province, browser, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The board's grid and the proposals, as the Sở Nội vụ's officer sees them (docs/cong-so-*.png)."""
    from selenium.webdriver.common.by import By
    from test_province import province_copy
    from test_province_portal import BOARD_PASSWORD, accounts

    folder = province_copy(example_province, tmp_path / "tinh")
    seed = accounts(folder, monkeypatch)
    import pyotp

    with served(None, today=date(2024, 1, 25), province=folder) as base:
        browser.get(f"{base}/")
        assert "Cụm thi đua Ủy ban Mặt trận Tổ quốc các phường, xã thành phố Lạng Sơn" in browser.page_source
        browser.find_element(By.LINK_TEXT, "Đăng nhập").click()
        browser.find_element(By.ID, "ten").send_keys("can-bo-so")
        browser.find_element(By.ID, "mat_khau").send_keys(BOARD_PASSWORD)
        browser.find_element(By.ID, "ma").send_keys(pyotp.TOTP(seed).now())
        browser.find_element(By.CSS_SELECTOR, "form button").click()
        cells = [c.text for c in browser.find_elements(By.CSS_SELECTOR, "table.grid tbody tr td")]
        assert "0/5 · 5 chưa nộp" in cells and "6/6" in cells
        shot(browser, tmp_path, "cong-so-tien-do.png")
        browser.find_element(By.LINK_TEXT, "Đề nghị khen thưởng").click()
        text = browser.find_element(By.TAG_NAME, "main").text
        assert "Tỉnh đoàn Lạng Sơn" in text and "06/06 (100%), đạt" in text and "Văn phòng chưa chấm điểm" in text
        shot(browser, tmp_path, "cong-so-de-nghi.png")
