"""Nothing the office does is lost (issue 29), as an office meets it: a restore while the portal serves, a
portal process killed between storing a return and recording it, files other accounts must read, and the
messages a person gets for a busy port, an address, a period, a folder, a config typed as the README shows."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

import pytest
import requests
import yaml
from conftest import EXAMPLE_CONFIG, ROOT, run_pipeline, served
from test_operations import PASSWORD, cli, cluster
from test_portal_attacks import july, token, unit_session

from thidua.config import ConfigError, load_config
from thidua.config.load import parse_config, read_yaml
from thidua.state.access import OFFICE_USERNAME
from thidua.state.running import alone
from thidua.state.store import open_store

TODAY = date(2023, 8, 25)


def upload(base: str, link: str, data: bytes, name: str) -> int:
    """A unit uploads through the portal: the id on the answer page."""
    session = unit_session(base, link)
    answer = session.post(
        f"{base}/don-vi/nop", data={"csrf_token": token(session, f"{base}/don-vi")}, files={"tep": (name, data)}
    )
    assert answer.status_code == 200, answer.text[:300]
    return int(answer.url.rsplit("/", 1)[-1])


def test_a_restore_waits_for_the_portal_to_stop_and_keeps_every_answered_upload(tmp_path, capsys) -> None:
    config, inputs = cluster(tmp_path, "")
    cfg = load_config(config)
    state = tmp_path / "portal-data"
    store = open_store(state / "portal.sqlite3")
    store.set_password(OFFICE_USERNAME, PASSWORD)
    link = store.new_link("HND")
    store.close()
    archive = tmp_path / "sao-luu.zip"
    assert cli("backup", "--config", str(config), "--inputs", str(inputs), "--to", str(archive)) == 0
    answered = []
    with served(config, inputs, tmp_path / "out", TODAY) as base:
        answered.append(upload(base, link, july(cfg, tmp_path, datetime(2023, 8, 10)), "thang 7.xlsx"))
        capsys.readouterr()
        args = ("restore", str(archive), "--config", str(config), "--inputs", str(inputs), "--yes")
        assert cli(*args) == 2  # refused while the portal serves from this folder
        said = capsys.readouterr().out
        assert "Cổng thông tin đang chạy" in said and "Chưa có gì bị thay đổi" in said
        again = july(cfg, tmp_path, datetime(2023, 8, 11), NTM_NGAY_CONG=121)
        answered.append(upload(base, link, again, "thang 7 sua.xlsx"))  # the portal never noticed
    with open_store(state / "portal.sqlite3") as live:
        assert {r["id"] for r in live.uploads()} == set(answered)
    assert cli(*args) == 0  # stopped: the restore goes ahead
    kept = next(state.glob("portal.sqlite3.truoc-khoi-phuc-*"))
    alone_copy = tmp_path / "chi-mot-tep.sqlite3"
    shutil.copy(kept, alone_copy)  # the kept database, opened as a file alone: every answered upload is in it
    with closing(sqlite3.connect(alone_copy)) as db:
        assert {row[0] for row in db.execute("SELECT id FROM uploads")} == set(answered)


def test_no_portal_starts_while_a_restore_runs(tmp_path) -> None:
    config, _ = cluster(tmp_path, "")
    with alone(tmp_path / "portal-data"):
        env = {**os.environ, "THIDUA_TODAY": TODAY.isoformat(), "PYTHONIOENCODING": "utf-8"}
        command = [sys.executable, "-m", "thidua", "serve", "--config", str(config), "--port", "0"]
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2 and "Đang khôi phục dữ liệu cổng thông tin" in done.stdout


# The portal, killed right after it stored a return and before it wrote the upload's row (os._exit: no
# clean-up runs, as with a power cut or a killed service).
KILLED_BETWEEN_THE_WRITES = """
import os, sys
import thidua.portal.uploads as uploads
stored = uploads._store
def store_then_die(*args, **kwargs):
    stored(*args, **kwargs)
    os._exit(9)
uploads._store = store_then_die
from thidua.cli.entry import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_return_stored_by_a_portal_killed_before_recording_it_is_adopted(tmp_path, capsys) -> None:
    config, inputs = cluster(tmp_path, "")
    cfg = load_config(config)
    store = open_store(tmp_path / "portal-data" / "portal.sqlite3")
    link = store.new_link("HND")
    data = july(cfg, tmp_path, datetime(2023, 8, 10))
    with served(config, inputs, tmp_path / "out", TODAY, [sys.executable, "-c", KILLED_BETWEEN_THE_WRITES]) as base:
        session = unit_session(base, link)
        form = {"csrf_token": token(session, f"{base}/don-vi")}
        with pytest.raises(requests.ConnectionError):  # no answer: the process is gone
            session.post(f"{base}/don-vi/nop", data=form, files={"tep": ("BC thang 7.xlsx", data)})
    orphan = next((inputs / "cong-thong-tin" / "2023-07").glob("*.xlsx"))
    assert store.uploads() == []
    received = re.match(r"(\d{8}-\d{6})_", orphan.name)[1]  # type: ignore[index]
    with served(config, inputs, tmp_path / "out", TODAY) as base:
        history = unit_session(base, link).get(f"{base}/don-vi").text
    rows = store.uploads("HND")
    assert len(rows) == 1 and rows[0]["stored"] == orphan.relative_to(inputs).as_posix()
    assert rows[0]["original"] == "BC thang 7.xlsx" and rows[0]["actor"] == "HND"
    assert rows[0]["received"].replace("-", "").replace(":", "").replace("T", "-").startswith(received)
    assert "BC thang 7.xlsx" in history  # the unit sees what it sent
    line = next(r for r in store.ledger() if r["action"] == "upload")
    assert "cổng dừng trước khi ghi lần nộp này" in line["detail"]
    capsys.readouterr()
    args = ["--config", str(config), "--inputs", str(inputs), "--outputs", str(tmp_path / "out")]
    assert cli("check", "--json", *args) in (0, 1)
    said = capsys.readouterr().out
    assert "SUBMISSION_UNDATED" not in said or "HND" not in said.split("SUBMISSION_UNDATED")[1][:80]
    with served(config, inputs, tmp_path / "out", TODAY):  # a second start adopts nothing again
        pass
    assert len(store.uploads("HND")) == 1


def test_outputs_are_readable_by_the_offices_other_accounts(tmp_path) -> None:
    out = tmp_path / "outputs"
    assert run_pipeline(out, "--period", "2023-06", "--kind", "thang") == 0
    mask = os.umask(0)
    os.umask(mask)
    expected = 0o666 & ~mask
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()}
    assert modes and set(modes.values()) == {expected}, modes


def thidua(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "THIDUA_TODAY": TODAY.isoformat(), "PYTHONIOENCODING": "utf-8", "COLUMNS": "300"}
    command = [sys.executable, "-m", "thidua", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def test_what_a_person_is_told_for_a_port_an_address_a_period_and_a_folder(tmp_path) -> None:
    import socket

    said = thidua("--version")
    assert said.returncode == 0 and re.fullmatch(r"thidua \d+\.\d+\.\d+\n", said.stdout)
    config = str(EXAMPLE_CONFIG)
    wrong_port = thidua("serve", "--config", config, "--port", "99999")
    assert wrong_port.returncode == 2 and "“99999” không phải là số cổng" in wrong_port.stderr
    assert "argument" not in wrong_port.stderr
    wrong_host = thidua("serve", "--config", config, "--host", "999.1.1.1", "--port", "0")
    assert wrong_host.returncode == 2 and "địa chỉ “999.1.1.1”" in wrong_host.stdout
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        busy = thidua("serve", "--config", config, "--port", port)
    assert busy.returncode == 2 and f"Cổng {port} đã có chương trình khác dùng" in busy.stdout
    assert "Excel" not in busy.stdout and "Address already in use" not in busy.stdout
    late = thidua("templates", "--config", config, "--outputs", str(tmp_path / "o"), "--period", "2099-01")
    assert late.returncode == 2 and "không thuộc năm thi đua 2023" in late.stdout
    assert not (tmp_path / "o").exists()

    folder = tmp_path / "Cụm mới"
    made = thidua("init", str(folder))
    assert "templates --period 2023-01" in made.stdout  # the config's year, not this one's
    empty = thidua("check", cwd=folder)
    assert empty.returncode == 0 and "chưa có báo cáo nào của đơn vị" in empty.stdout and "templates" in empty.stdout
    missing = thidua("check", "--inputs", str(tmp_path / "khong-co"), cwd=folder)
    assert missing.returncode == 2 and "Không có thư mục báo cáo" in missing.stdout


def readme_yaml_examples() -> list[tuple[str, str]]:
    """Every YAML example the README shows inline, as (path, value): `portal.trusted_proxy: 127.0.0.1`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"`((?:[a-z_]+\.)*(?:[a-z_]+|<năm>)+): ([^`]+)`", readme)
    return [(path, value) for path, value in found if not value.startswith(("http", "thidua"))]


def test_every_yaml_example_in_the_readme_reads_as_it_is_typed() -> None:
    """Each inline example, typed into config.yaml at its place as a person would (text, not a dumped
    structure): YAML reads the key and value the README means, `on` included."""
    from thidua.config.load import _yaml

    examples = readme_yaml_examples()
    assert ("successors", "[{unit: C, predecessors: [A, B], on: 2023-07-01}]") in examples
    for path, value in examples:
        key = path.rsplit(".", 1)[-1]
        data = _yaml(f"{key}: {value}")
        assert list(data) == [key], (path, value)
    merged = _yaml("successors: [{unit: C, predecessors: [A, B], on: 2023-07-01}]")["successors"][0]
    assert merged == {"unit": "C", "predecessors": ["A", "B"], "on": date(2023, 7, 1)}
    reopened = _yaml('reopened: {on: 2024-01-25, reason: "…"}')["reopened"]
    assert reopened["on"] == date(2024, 1, 25)


def test_a_merge_typed_as_the_readme_shows_it_loads(tmp_path) -> None:
    """config.yaml written as text, the merge line exactly as the README gives it (codes of the example)."""
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    for code in ("HND", "TD"):  # both leave when the merge takes effect
        text = text.replace(f"  - code: {code}\n", f"  - code: {code}\n    member_until: 2023-06-30\n", 1)
    joiner = (
        "  - {code: LH, name: Liên hiệp Hội - Đoàn, short_name: Liên hiệp, member_from: 2023-07-01,\n"
        "     letterhead: [LIÊN HIỆP HỘI - ĐOÀN TỈNH], symbol: LH}\n"
    )
    text = text.replace("\nmovements:", f"\n{joiner}movements:", 1)
    path = tmp_path / "config.yaml"
    path.write_text(text + "successors: [{unit: LH, predecessors: [HND, TD], on: 2023-07-01}]\n", encoding="utf-8")
    try:
        cfg = load_config(path)
    except ConfigError as err:  # the example's own units list may be shaped otherwise: say what it was
        pytest.fail(str(err))
    assert cfg.successors[0].on == date(2023, 7, 1)


def test_a_key_typed_twice_is_named_with_both_lines(tmp_path) -> None:
    """An office adds `deadline_day: 25` under `reporting` instead of changing the line above it: YAML kept the
    last without a word, and the office worked with a deadline it could not see in its own file."""
    text = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    typed = "  deadline_day: 20        # hạn nộp: ngày 20 của tháng sau kỳ báo cáo\n"
    assert typed in text
    path = tmp_path / "config.yaml"
    path.write_text(text.replace(typed, typed + "  deadline_day: 25\n", 1), encoding="utf-8")
    first = text[: text.index(typed)].count("\n") + 1
    with pytest.raises(ConfigError) as err:
        load_config(path)
    (message,) = [m for _, m in err.value.problems]
    assert f"ở dòng {first + 1}, cột 3: khóa này đã ghi ở trên, trong cùng một mục" in message
    assert f"Dòng {first + 1} đang là: “deadline_day: 25”. Lần đầu ở dòng {first}: “deadline_day: 20" in message
    flow = tmp_path / "flow.yaml"  # in a {…} line: the same key twice among a unit's entries
    flow.write_text(text.replace("measure: m2, max: 500000,", "measure: m2, max: 500000, max: 5000,", 1), "utf-8")
    with pytest.raises(ConfigError, match="khóa này đã ghi ở trên"):
        load_config(flow)


def test_a_config_with_a_tab_says_where_and_why(tmp_path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("cluster:\n\tname: Cụm thi đua\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        read_yaml(path)
    message = err.value.problems[0][1]
    assert "dòng 2" in message and "Tab" in message and "“name: Cụm thi đua”" in message
    data = yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    data["reporting"]["frequency"] = "tuan"
    with pytest.raises(ConfigError) as wrong:
        parse_config(data)
    assert "chọn một trong: “month”, “quarter”" in wrong.value.problems[0][1] and " or " not in str(wrong.value)


def test_a_return_sent_again_after_its_process_was_killed_is_recorded_once(tmp_path) -> None:
    """Two processes serve the office; the one the unit reaches is killed between storing the return and
    recording it; the unit sends the same file again and reaches the other, already running (so nothing was
    adopted at its start). The stored file is these very bytes: the new upload is its record (not "identical
    to a copy the office put there by hand"), and no second copy is stored."""
    config, inputs = cluster(tmp_path, "")
    cfg = load_config(config)
    store = open_store(tmp_path / "portal-data" / "portal.sqlite3")
    link = store.new_link("HND")
    data = july(cfg, tmp_path, datetime(2023, 8, 10))
    with served(config, inputs, tmp_path / "out", TODAY) as other:
        with served(config, inputs, tmp_path / "out", TODAY, [sys.executable, "-c", KILLED_BETWEEN_THE_WRITES]) as base:
            session = unit_session(base, link)
            form = {"csrf_token": token(session, f"{base}/don-vi")}
            with pytest.raises(requests.ConnectionError):
                session.post(f"{base}/don-vi/nop", data=form, files={"tep": ("BC thang 7.xlsx", data)})
        orphan = next((inputs / "cong-thong-tin" / "2023-07").glob("*.xlsx"))
        session = unit_session(other, link)
        form = {"csrf_token": token(session, f"{other}/don-vi")}
        answer = session.post(f"{other}/don-vi/nop", data=form, files={"tep": ("BC thang 7.xlsx", data)})
        assert answer.status_code == 200
    rows = store.uploads("HND")
    assert [(r["stored"], r["duplicate_of"], r["accepted"]) for r in rows] == [
        (orphan.relative_to(inputs).as_posix(), None, 1)
    ]
    assert list((inputs / "cong-thong-tin").rglob("*.xlsx")) == [orphan]


def test_a_scratch_file_a_killed_process_left_is_removed_at_the_next_start(tmp_path) -> None:
    """SIGKILL while the portal writes a return leaves its scratch file in inputs/cong-thong-tin (seen in the
    province load test): never read as a return, and removed by the next start once older than any write
    takes; one being written now (another process sharing the folder) is left alone."""
    from thidua.atomic import TEMPORARY
    from thidua.intake.read import discover
    from thidua.portal.orphans import STALE_SCRATCH_SECONDS, clear_scratch

    folder = tmp_path / "inputs" / "cong-thong-tin" / "2023-07"
    folder.mkdir(parents=True)
    left, writing = folder / f"{TEMPORARY}ab12cd.xlsx", folder / f"{TEMPORARY}ef34gh.xlsx"
    left.write_bytes(b"PK\x03\x04 half")
    writing.write_bytes(b"PK\x03\x04 going on")
    now = time.time()
    os.utime(left, (now - STALE_SCRATCH_SECONDS - 1, now - STALE_SCRATCH_SECONDS - 1))
    assert discover(tmp_path / "inputs") == []  # neither is ever read as a return
    assert clear_scratch(tmp_path / "inputs" / "cong-thong-tin", now) == [left]
    assert not left.exists() and writing.exists()


def test_a_narrow_console_gives_each_finding_its_own_lines(capsys, monkeypatch, tmp_path) -> None:
    """On a console 100 columns wide the table would leave the message a column of two words a line and
    cut a code in half: each finding is a line of what and where, its message wrapped whole under it."""
    from thidua.cli.checking import console, print_findings
    from thidua.findings import Finding
    from thidua.intake.check import Checked

    message = (
        "Ô này phải là một số (đã gõ “[bold]mười hai[/]”); hãy gõ số, không kèm chữ, rồi gửi lại tệp cho Văn phòng."
    )
    findings = [
        Finding("CELL_NOT_NUMBER", message, "HND", "2023-07", "2023/T07/BC T7 HND.xlsx", "Số liệu", "D8"),
        Finding(
            "SUBMISSION_LATE", "Báo cáo tháng 7 năm 2023 nộp sau hạn.", "HND", "2023-07", "2023/T07/BC T7 HND.xlsx"
        ),
    ]
    monkeypatch.setattr(console, "width", 100)
    print_findings(Checked([], [], [], [], [], [], findings, {}), tmp_path)
    lines = capsys.readouterr().out.splitlines()
    assert "│" not in "".join(lines) and lines[0] == "HND" and all(len(line) <= 100 for line in lines)
    assert lines[1] == "  lỗi CELL_NOT_NUMBER · kỳ 2023-07 · tệp 2023/T07/BC T7 HND.xlsx · ô Số liệu!D8"
    assert " ".join(line.strip() for line in lines[2:4]) == message  # wrapped under it, markup as typed
    assert lines[4] == "  cảnh báo SUBMISSION_LATE · kỳ 2023-07 · tệp 2023/T07/BC T7 HND.xlsx"
    assert not [line for line in lines if line.endswith(" ") or "\u00a0" in line]  # nothing a copy carries along
    long = Finding("CELL_NOT_NUMBER", "Ô này phải là một số.", "HND", "2023-07", "2023/T07/" + "Báo cáo " * 8 + ".xlsx")
    print_findings(Checked([], [], [], [], [], [], [long], {}), tmp_path)
    head = capsys.readouterr().out.splitlines()[1:3]  # a file's name is never split: it moves down whole
    assert head == ["  lỗi CELL_NOT_NUMBER · kỳ 2023-07 ·", f"      tệp {long.file}"]


@pytest.mark.parametrize(
    ("errors", "warnings", "told"),
    [
        (10, 20, None),  # 30 findings: all listed
        (70, 500, "Còn 500 cảnh báo, thông tin không in ở đây (VALUE_IMPLAUSIBLE 500)"),
        (300, 0, "Còn 60 lỗi không in ở đây (CELL_NOT_NUMBER 60)"),
        (250, 40, "Còn 10 lỗi và 40 cảnh báo, thông tin không in ở đây (VALUE_IMPLAUSIBLE 40, CELL_NOT_NUMBER 10)"),
    ],
)
@pytest.mark.parametrize("width", [400, 100])  # a table; a block per finding (Windows' console is 120 wide)
def test_the_console_says_how_many_findings_it_left_out(
    capsys, monkeypatch, tmp_path, errors, warnings, told, width
) -> None:
    """The console lists at most 240 findings (errors first); whatever it leaves out, errors included, is
    counted by kind beside the way to kiem-tra.xlsx, and the total is every finding."""
    from thidua.cli.checking import console, print_findings
    from thidua.findings import Finding
    from thidua.intake.check import Checked

    def made(n: int, code: str) -> Finding:
        return Finding(code, "…", f"DV{n % 7}", "2023-07", f"T{n:03}.xlsx", "Số liệu", f"D{n + 5}")

    findings = [made(n, "CELL_NOT_NUMBER") for n in range(errors)]
    findings += [made(n, "VALUE_IMPLAUSIBLE") for n in range(warnings)]
    monkeypatch.setattr(console, "width", width)
    print_findings(Checked([], [], [], [], [], [], findings, {}), tmp_path)
    said = " ".join(capsys.readouterr().out.split())
    assert f"Tổng cộng: {errors} lỗi, {warnings} cảnh báo, 0 thông tin." in said
    if told is None:
        assert "Còn" not in said and said.count("T0") == errors + warnings
    else:
        assert f"{told}; xem đủ trong {tmp_path / 'kiem-tra.xlsx'}." in said
