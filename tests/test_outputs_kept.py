"""Nothing the office does is lost (issue 29): the chair edits bao-cao.docx in Word and runs again, with
Word's lock file beside it or not; a write fails half-way; the command is stopped with Ctrl-C. Every case
with the real `run` on the bundled example, the documents read back."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONFIG, ROOT, run_pipeline
from docx import Document
from processes import alive

EDIT = "Đoạn Văn phòng thêm bằng Word: đề nghị các đơn vị tiếp tục phát huy."
ARGS = ("--period", "2023-06", "--kind", "thang")


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def edit_in_word(path: Path) -> None:
    document = Document(str(path))
    document.add_paragraph(EDIT)
    document.save(str(path))


def texts(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_the_chairs_edit_is_kept_and_named(tmp_path, capsys) -> None:
    out = tmp_path / "outputs"
    assert run_pipeline(out, *ARGS) == 0
    report = out / "thang-2023-06" / "bao-cao.docx"
    capsys.readouterr()
    assert run_pipeline(out, *ARGS) == 0  # nothing edited: replaced, nothing kept
    assert list(report.parent.glob("bao-cao.*-*.docx")) == []
    assert "được giữ" not in capsys.readouterr().out

    edit_in_word(report)
    assert run_pipeline(out, *ARGS) == 0
    kept = list(report.parent.glob("bao-cao.sua-tay-*.docx"))
    assert len(kept) == 1 and EDIT in texts(kept[0])
    assert EDIT not in texts(report)  # the new report, from the figures
    said = capsys.readouterr().out.replace("\n", "")
    assert f"bao-cao.docx đã được sửa sau lần thidua ghi: bản đã sửa được giữ ở “{kept[0]}”" in said


def test_a_report_open_in_word_is_left_alone_and_the_new_one_written_beside(tmp_path, capsys) -> None:
    out = tmp_path / "outputs"
    assert run_pipeline(out, *ARGS) == 0
    report = out / "thang-2023-06" / "bao-cao.docx"
    edit_in_word(report)
    (report.parent / "~$o-cao.docx").write_bytes(b"\x0cVan phong")  # Word's lock file while it is open
    before = report.read_bytes()
    capsys.readouterr()
    assert run_pipeline(out, *ARGS) == 0
    assert report.read_bytes() == before  # the open document, edits and all, untouched
    beside = list(report.parent.glob("bao-cao.ban-moi-*.docx"))
    assert len(beside) == 1 and EDIT not in texts(beside[0])
    said = capsys.readouterr().out.replace("\n", "")
    assert "bao-cao.docx đang mở trong Word hoặc Excel nên không ghi đè" in said and str(beside[0]) in said
    assert f"Đã ghi {report.parent / 'tong-hop.xlsx'}, {beside[0]}" in said  # what it wrote, where it is


def test_a_write_that_fails_changes_nothing_and_names_the_real_file(tmp_path, capsys, monkeypatch) -> None:
    out = tmp_path / "outputs"
    assert run_pipeline(out, *ARGS) == 0
    before = digests(out)
    real = os.replace

    def refuse(source, target):  # type: ignore[no-untyped-def]
        if "bao-cao.docx" in (Path(source).name, Path(target).name):  # Windows, while Word holds the file
            raise PermissionError(13, "Permission denied", str(target))
        return real(source, target)

    monkeypatch.setattr(os, "replace", refuse)
    capsys.readouterr()
    assert run_pipeline(out, *ARGS) == 2
    said = capsys.readouterr().out.replace("\n", "")
    report = out / "thang-2023-06" / "bao-cao.docx"
    assert f"Không ghi được “{report}”: không có quyền" in said and "Chưa tệp nào trong lần chạy này" in said
    assert ".~tmp" not in said and "Excel" in said  # the reason names the programs that hold files
    assert digests(out) == before  # tong-hop.xlsx and every other output as they were


def test_ctrl_c_stops_cleanly_and_changes_nothing(tmp_path, capsys, monkeypatch) -> None:
    out = tmp_path / "outputs"
    assert run_pipeline(out, *ARGS) == 0
    before = digests(out)

    def pressed(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr("thidua.report.render.write_report", pressed)  # after tong-hop.xlsx was written
    capsys.readouterr()
    assert run_pipeline(out, *ARGS) == 130
    assert "Đã dừng; không có tệp nào ghi dở." in capsys.readouterr().out
    assert digests(out) == before


def run_in_a_terminal(out: Path, **env: str) -> subprocess.Popen[str]:
    """A real `thidua run` on the example into `out`, with `env` added to the environment."""
    command = [sys.executable, "-m", "thidua", "run", "--config", str(EXAMPLE_CONFIG), "--inputs"]
    command += [str(ROOT / "inputs"), "--outputs", str(out)]
    # A test runner started in the background ignores SIGINT, and a child would inherit that: the clerk's
    # terminal does not, so the child gets the default handler back.
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "THIDUA_TODAY": "2024-01-25", "PYTHONIOENCODING": "utf-8", **env},
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


@pytest.mark.parametrize("delay", [0.3, 1.5])
def test_ctrl_c_in_a_real_process_prints_no_traceback(tmp_path, delay) -> None:
    """SIGINT to a real `thidua run` while it starts or works: one line, exit 130, no half file."""
    out = tmp_path / "outputs"
    process = run_in_a_terminal(out)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=120)
    assert "Traceback" not in output, output
    # 130: stopped; 0: it had finished. -SIGINT: CPython ended the process by sending itself SIGINT after
    # thidua's handler had printed its line and returned 130 (seen under strace: kill(self, SIGINT) at exit,
    # CPython's way out after an interrupt it counts as unhandled; a script that only imports pandas,
    # pydantic, lxml and openpyxl, interrupted while importing, ends so in about a fifth of tries, even when
    # the import then finishes), and a shell shows 130 for it too; or the signal came as Python was exiting
    # after the run. Either way one line says which, and nothing is half done.
    assert process.returncode in (130, 0, -signal.SIGINT), output
    stopped, finished = "Đã dừng; không có tệp nào ghi dở." in output, "Đã ghi" in output
    if process.returncode == -signal.SIGINT:
        assert stopped != finished, output  # one of the two lines, whichever it was
    else:
        assert (stopped, finished) == (process.returncode == 130, process.returncode == 0), output
    assert not [p for p in out.rglob("*") if p.name.startswith(".~tmp")]


def test_ctrl_c_that_a_library_turns_into_another_error_is_still_a_stop(tmp_path, monkeypatch, capsys) -> None:
    """numpy interrupted while importing raised "'epsneg' in 'finfo'" (1 in 40 tries): the command line called
    that an unexpected error and asked the clerk to send it to a technician. Ctrl-C is remembered, and said."""
    from thidua.cli import commands
    from thidua.cli.entry import main

    def interrupted_import(args, cfg):  # type: ignore[no-untyped-def]
        try:
            os.kill(os.getpid(), signal.SIGINT)  # the clerk's Ctrl-C, while a library imports
            time.sleep(5)
        except KeyboardInterrupt:
            raise AttributeError("'epsneg' in 'finfo'") from None  # what the library made of it
        return 0

    monkeypatch.setattr(commands, "cmd_check", interrupted_import)
    outer = signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a clerk's terminal
    argv = ["check", "--config", str(EXAMPLE_CONFIG), "--inputs", str(ROOT / "inputs"), "--outputs", str(tmp_path)]
    try:
        assert main(argv) == 130
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Python's own handler back
    finally:
        signal.signal(signal.SIGINT, outer)
    said = capsys.readouterr().out
    assert "Đã dừng; không có tệp nào ghi dở." in said and "không mong đợi" not in said

    def a_bug(args, cfg):  # type: ignore[no-untyped-def]
        raise AttributeError("a real bug")

    monkeypatch.setattr(commands, "cmd_check", a_bug)
    assert main(argv) == 3 and "thidua gặp lỗi không mong đợi" in capsys.readouterr().out  # no Ctrl-C: a bug


FAKE_SOFFICE = """#!/bin/bash
# LibreOffice as it behaves when stopped: a launcher whose worker (soffice.bin) writes on in its profile
# (for 30 seconds at most, so a failing test leaves no endless writer behind)
profile=$(printf '%s\\n' "$@" | sed -n 's|^-env:UserInstallation=file://||p')
mkdir -p "$profile/user"
(
  i=0
  while [ $SECONDS -lt 30 ]; do
    i=$((i+1)); [ -d "$profile/user" ] || mkdir -p "$profile/user"; echo x > "$profile/user/f$i"
  done
) &
echo $! > "$FAKE_SOFFICE_WORKER"
wait
"""


def test_ctrl_c_while_libreoffice_makes_the_pdfs(tmp_path) -> None:
    """The year-end run converts the dossier with LibreOffice: Ctrl-C then (seen on CI at 1,5 s) ends it and its
    worker, and the clerk reads "Đã dừng", not that a temporary folder could not be removed."""
    worker = tmp_path / "worker.pid"
    out = tmp_path / "outputs"
    process = run_in_a_terminal(out, **stand_in_libreoffice(tmp_path, worker))
    deadline = time.monotonic() + 60
    while not (worker.exists() and worker.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)  # the worker has written into the profile
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=60)
    time.sleep(0.1)
    assert not ended_by_the_test(worker)  # LibreOffice's worker ended with thidua
    assert process.returncode == 130, output
    assert "Đã dừng; không có tệp nào ghi dở." in output
    assert "Traceback" not in output and "“user”" not in output, output
    assert not [p for p in out.rglob("*") if p.name.startswith(".~tmp")]


def stand_in_libreoffice(tmp_path: Path, worker: Path) -> dict[str, str]:
    """FAKE_SOFFICE installed as `soffice`; the environment that finds it first and has it write its
    worker's pid into `worker`."""
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    (bin_folder / "soffice").write_text(FAKE_SOFFICE)
    (bin_folder / "soffice").chmod(0o755)
    return {"PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}", "FAKE_SOFFICE_WORKER": str(worker)}


def ended_by_the_test(worker: Path) -> bool:
    """Whether the stand-in's worker was still running (then the test ends it: no writer is left behind)."""
    pid = int(worker.read_text())
    running = alive(pid)
    if running:
        os.kill(pid, signal.SIGKILL)
    return running


def test_a_stuck_libreoffice_is_ended_and_the_index_says_why(tmp_path, monkeypatch, cfg) -> None:
    """LibreOffice that never finishes (here: past a one-second limit) is ended with its worker, and the note the
    dossier's index carries says so in words, not an exit code."""
    from thidua.cli import dossier_pdf as dossier

    worker = tmp_path / "worker.pid"
    for name, value in stand_in_libreoffice(tmp_path, worker).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(dossier, "LIBREOFFICE_SECONDS", 1)
    document = tmp_path / "01-to-trinh.docx"
    document.write_bytes(b"")
    note = dossier.to_pdf([document], tmp_path, cfg.wording())
    assert not ended_by_the_test(worker)
    assert note.startswith("Chưa tạo được bản PDF: LibreOffice chạy quá 0 phút nên đã bị dừng; các bản Word vẫn đủ.")
    assert not list(tmp_path.glob("*.pdf"))


def test_what_a_person_changed_or_put_among_the_outputs_outlives_the_next_runs(tmp_path, capsys) -> None:
    """A dossier document the chair edited in Word is kept aside under a new name, as the console says; the
    next run must not then remove that kept copy as a stale file of the dossier (it did: the signed or
    edited copy the chair had been told was kept was gone one run later). A note of the office's own in the
    dossier folder and a workbook of its own among the feedback copies stay too; a stale file thidua wrote
    itself is still removed."""
    import json

    year = ("--period", "2023-12", "--kind", "nam")
    out = tmp_path / "outputs"
    assert run_pipeline(out, *year) in (0, 1)
    folder = out / "nam-2023-12" / "ho-so-khen-thuong-cum-mttq-2023"
    proposal = folder / "01-to-trinh-cum-mttq-2023.docx"
    edit_in_word(proposal)
    own_note = folder / "ghi-chu-van-phong.txt"
    own_note.write_text("Đã trình Cụm trưởng ký ngày 05/01/2024.", encoding="utf-8")
    own_book = out / "phan-hoi" / "2023-06" / "theo-doi-sua-loi.xlsx"
    own_book.parent.mkdir(parents=True, exist_ok=True)
    own_book.write_bytes(b"PK not really a workbook, but the office's own file")
    stale = folder / "05-bao-cao-thanh-tich-ccb-cum-mttq-2023.docx"  # as an earlier run wrote and recorded it
    stale.write_bytes((folder / "03-bao-cao-thanh-tich-td-cum-mttq-2023.docx").read_bytes())
    record = out / ".thidua-da-ghi.json"
    written = json.loads(record.read_text(encoding="utf-8"))
    written[stale.relative_to(out).as_posix()] = hashlib.sha256(stale.read_bytes()).hexdigest()
    record.write_text(json.dumps(written), encoding="utf-8")
    capsys.readouterr()

    assert run_pipeline(out, *year) in (0, 1)
    (kept,) = folder.glob("01-to-trinh-cum-mttq-2023.sua-tay-*.docx")
    assert EDIT in texts(kept) and "được giữ" in capsys.readouterr().out
    assert not stale.exists()
    for _ in range(2):  # the runs after: nothing of the office's is removed
        assert run_pipeline(out, *year) in (0, 1)
        assert kept.is_file() and EDIT in texts(kept)
        assert own_note.read_text(encoding="utf-8").startswith("Đã trình") and own_book.is_file()
    with zipfile.ZipFile(out / "nam-2023-12" / "ho-so-khen-thuong-cum-mttq-2023.zip") as bundle:
        assert not [n for n in bundle.namelist() if "sua-tay" in n or "ghi-chu" in n]  # the dossier as made
