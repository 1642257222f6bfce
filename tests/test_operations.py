"""An office's second year: a new cluster's folder, a backup restored after the state is lost (on both back
ends), a tampered or newer backup refused before anything changes, and reminders and upload notices sent
through a real SMTP server on loopback, each at most once."""

from __future__ import annotations

import email
import hashlib
import re
import shutil
import time
import zipfile
from email import policy
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONFIG, ROOT

import pipeline
from thidua.state.access import OFFICE_USERNAME
from thidua.state.database import resolve
from thidua.state.running import LOCK_FILE
from thidua.state.store import open_store

PASSWORD = "mat-khau-van-phong-2023"


def cli(*args: str, today: str = "2023-08-25") -> int:
    import os

    os.environ["THIDUA_TODAY"] = today
    try:
        return pipeline.main(list(args))
    finally:
        os.environ.pop("THIDUA_TODAY")


def test_init_makes_a_new_cluster_folder_and_says_what_to_do_next(tmp_path, capsys) -> None:
    folder = tmp_path / "Cum thi dua moi"
    assert cli("init", str(folder)) == 0
    assert (folder / "config.yaml").read_bytes() == EXAMPLE_CONFIG.read_bytes()
    assert (folder / "inputs").is_dir() and (folder / "outputs").is_dir()
    said = capsys.readouterr().out
    assert "Việc tiếp theo" in said and "check-template --config" in said and str(folder.resolve()) in said
    assert cli("check-template", "--config", str(folder / "config.yaml")) == 0
    assert cli("init", str(folder)) == 2 and "đã có dữ liệu" in capsys.readouterr().out


def test_the_packaged_example_is_the_example(tmp_path) -> None:
    packaged = ROOT / "thidua" / "assets" / "config-mau.yaml"
    assert packaged.read_bytes() == EXAMPLE_CONFIG.read_bytes(), "copy config.yaml to thidua/assets/config-mau.yaml"


def cluster(tmp_path: Path, database: str, mail: dict | None = None, emails: bool = False) -> tuple[Path, Path]:
    """A cluster folder with the first half-year's returns and its portal's state on `database`, as on
    25/08/2023 when July is overdue for every unit; (config, inputs). config.yaml is the example as an office
    types it: a `portal` block (and a `mail` block) added at the end, each unit's `email` on a line under its
    code; never rewritten by a YAML dumper."""
    typed = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    typed += "\nportal:\n  state: portal-data\n" + (f"  database: {database}\n" if database else "")
    if mail:
        typed += "mail:\n" + "".join(f"  {name}: {value}\n" for name, value in mail.items())
    if emails:
        start = typed.index("\nunits:\n")
        end = re.compile(r"\n\S").search(typed, start + 1).start()  # type: ignore[union-attr]
        units = re.sub(
            r"\n  - code: (\w+)\n", lambda m: f"{m[0]}    email: vanthu@{m[1].lower()}.example\n", typed[start:end]
        )
        typed = typed[:start] + units + typed[end:]
    config = tmp_path / "config.yaml"
    config.write_text(typed, encoding="utf-8")
    for month in range(1, 7):
        shutil.copytree(ROOT / "inputs" / "2023" / f"T{month:02d}", tmp_path / "inputs" / "2023" / f"T{month:02d}")
    return config, tmp_path / "inputs"


def digests(folder: Path) -> dict[str, str]:
    files = (p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_a_backup_brings_everything_back(tmp_path, database, capsys) -> None:
    config, inputs = cluster(tmp_path, database)
    url = resolve(database, tmp_path / "portal-data" / "portal.sqlite3")
    store = open_store(url)
    store.set_password(OFFICE_USERNAME, PASSWORD)
    link = store.new_link("HND")
    store.log("HND", "upload", "#1 HND 2023-06 BC tháng 6", unit="HND", period="2023-06")
    before = digests(inputs)
    archive = tmp_path / "sao-luu.zip"
    assert cli("backup", "--config", str(config), "--inputs", str(inputs), "--to", str(archive)) == 0
    # the disaster: the state is gone, and with it a return
    store.close()
    if database:
        with open_store(url) as lost, lost.write() as db:
            for table in ("ledger", "links", "accounts", "sessions", "uploads"):
                db.exec_driver_sql(f"DROP TABLE {table} CASCADE")
    else:
        shutil.rmtree(tmp_path / "portal-data")
    (inputs / "2023" / "T06" / "BC thi dua T6-2023 HND.xlsx").unlink()
    assert cli("restore", str(archive), "--config", str(config), "--inputs", str(inputs), "--yes") == 0
    assert "Đã khôi phục" in capsys.readouterr().out
    restored = open_store(url)
    assert restored.unit_for_token(link) == "HND" and restored.check_password(OFFICE_USERNAME, PASSWORD)
    actions = [r["action"] for r in restored.ledger()]
    assert actions[:2] == ["restore", "backup"] and "upload" in actions
    assert digests(inputs) == before  # the lost return is back, nothing else touched
    restored.engine.dispose()
    if database:  # what PostgreSQL held before the restore is written aside, never just dropped
        assert len(list((tmp_path / "portal-data").glob("portal.json.truoc-khoi-phuc-*"))) == 1


def test_a_backup_keeps_what_the_outputs_hold_that_cannot_be_made_again(tmp_path, capsys) -> None:
    """outputs/ is made again from inputs/ and config.yaml, but not what people did to it: the chair's edits
    not yet run over, a signed PDF (here one the office put there, and one signed on the portal in a build),
    the office's own note. The backup keeps those and nothing thidua can make again; after the disk is lost,
    the restore puts them back byte for byte, and over nothing."""
    from docx import Document

    config, inputs = cluster(tmp_path, "")
    outputs = tmp_path / "outputs"
    common = ["--config", str(config), "--inputs", str(inputs), "--outputs", str(outputs)]
    assert cli("run", *common, "--period", "2023-06", "--kind", "thang") in (0, 1)
    report = outputs / "thang-2023-06" / "bao-cao.docx"
    edited = Document(str(report))
    edited.add_paragraph("Văn phòng bổ sung: đề nghị các đơn vị tiếp tục phát huy.")
    edited.save(str(report))
    signed = b"%PDF-1.7\n% signed\n9 0 obj << /Type /Sig /ByteRange [0 1 2 3] >> endobj\n%%EOF\n"
    (outputs / "thang-2023-06" / "bao-cao-da-ky.pdf").write_bytes(signed)
    (outputs / "ghi-chu.txt").write_text("Đã gửi Ban Thi đua ngày 10/07/2023.", encoding="utf-8")
    build = tmp_path / "portal-data" / "builds" / "b7c1" / "outputs" / "ho-so"
    build.mkdir(parents=True)
    (build / "01-to-trinh.pdf").write_bytes(signed)
    made_by_people = {
        "outputs/thang-2023-06/bao-cao.docx", "outputs/thang-2023-06/bao-cao-da-ky.pdf", "outputs/ghi-chu.txt",
        "builds/b7c1/outputs/ho-so/01-to-trinh.pdf",
    }  # fmt: skip
    before = {
        name: (tmp_path / name.replace("builds/", "portal-data/builds/", 1)).read_bytes() for name in made_by_people
    }
    archive = tmp_path / "sao-luu.zip"
    capsys.readouterr()
    assert cli("backup", *common, "--to", str(archive)) == 0
    assert "4 tệp thidua không tự lập lại được (bản đã ký số, bản đã sửa tay" in capsys.readouterr().out
    with zipfile.ZipFile(archive) as bundle:
        kept = {n for n in bundle.namelist() if n.startswith(("outputs/", "builds/"))}
    assert kept == made_by_people  # tong-hop.xlsx, kiem-tra.xlsx, the feedback copies: made again, not kept

    shutil.rmtree(outputs)
    shutil.rmtree(tmp_path / "portal-data")
    assert cli("restore", str(archive), *common, "--yes") == 0
    assert "4 tệp thidua không tự lập lại được" in capsys.readouterr().out
    after = {
        name: (tmp_path / name.replace("builds/", "portal-data/builds/", 1)).read_bytes() for name in made_by_people
    }
    assert after == before
    report.write_bytes(b"changed again since")
    assert cli("restore", str(archive), *common, "--yes") == 0
    assert report.read_bytes() == b"changed again since"  # a file in place is never overwritten
    assert "outputs/thang-2023-06/bao-cao.docx" in capsys.readouterr().out


def test_outputs_in_the_clusters_own_folder_do_not_take_the_rest_in_twice(tmp_path, capsys) -> None:
    """--outputs set to the cluster's folder itself: inputs/, config.yaml, the portal's state and earlier backups
    lie under the outputs, and none of them is taken again as the office's work; a note of its own is."""
    config, inputs = cluster(tmp_path, "")
    common = ["--config", str(config), "--inputs", str(inputs), "--outputs", str(tmp_path)]
    assert cli("backup", *common) == 0  # an earlier backup, in sao-luu/ beside config.yaml
    (tmp_path / "ghi-chu.txt").write_text("Ghi chú của Văn phòng", encoding="utf-8")
    archive = tmp_path / "sao-luu" / "lan-hai.zip"
    assert cli("backup", *common, "--to", str(archive)) == 0
    with zipfile.ZipFile(archive) as bundle:
        assert [n for n in bundle.namelist() if n.startswith(("outputs/", "builds/"))] == ["outputs/ghi-chu.txt"]


def test_a_tampered_or_newer_backup_changes_nothing(tmp_path, capsys) -> None:
    config, inputs = cluster(tmp_path, "")
    open_store(tmp_path / "portal-data" / "portal.sqlite3").set_password(OFFICE_USERNAME, PASSWORD)
    archive = tmp_path / "sao-luu.zip"
    assert cli("backup", "--config", str(config), "--inputs", str(inputs), "--to", str(archive)) == 0
    tampered = tmp_path / "sua.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "config.yaml":  # one letter changed, the manifest left as it was
                data = data.replace("Hội Nông dân".encode(), "Hội Nông Dân".encode())
            target.writestr(item, data)
    state = what_the_portal_holds(tmp_path)
    assert cli("restore", str(tampered), "--config", str(config), "--inputs", str(inputs), "--yes") == 2
    said = capsys.readouterr().out
    assert "mã băm không khớp" in said and "Chưa có gì bị thay đổi" in said
    assert what_the_portal_holds(tmp_path) == state
    newer = _from_a_newer_release(archive, tmp_path)
    assert cli("restore", str(newer), "--config", str(config), "--inputs", str(inputs), "--yes") == 2
    assert "phiên bản thidua mới hơn" in capsys.readouterr().out
    assert what_the_portal_holds(tmp_path) == state
    assert cli("restore", str(archive), "--config", str(config), "--inputs", str(inputs)) == 2  # not confirmed
    assert "--yes" in capsys.readouterr().out
    # a broken config.yaml in place: said, and the restore stops before writing anything back
    good = config.read_text(encoding="utf-8")
    config.write_text(good.replace("units:", "units: [", 1), encoding="utf-8")
    (inputs / "2023" / "T06" / "BC thi dua T6-2023 HND.xlsx").unlink()
    files = digests(inputs), sorted(p.name for p in tmp_path.iterdir())
    assert cli("restore", str(archive), "--config", str(config), "--inputs", str(inputs), "--yes") == 2
    assert "config.yaml" in capsys.readouterr().out
    assert (digests(inputs), sorted(p.name for p in tmp_path.iterdir())) == files
    assert what_the_portal_holds(tmp_path) == state


def test_a_backup_missing_a_listed_file_is_refused(tmp_path, capsys) -> None:
    """A return dropped from the archive, its manifest left as it was: the restore would bring back less than
    the backup promised, so it is refused whole."""
    config, inputs = cluster(tmp_path, "")
    archive = tmp_path / "sao-luu.zip"
    assert cli("backup", "--config", str(config), "--inputs", str(inputs), "--to", str(archive)) == 0
    short = tmp_path / "thieu.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(short, "w") as target:
        dropped = next(n for n in source.namelist() if n.startswith("inputs/") and n.endswith("HND.xlsx"))
        for item in source.infolist():
            if item.filename != dropped:
                target.writestr(item, source.read(item.filename))
    (inputs / dropped.removeprefix("inputs/")).unlink()
    before = digests(inputs)
    capsys.readouterr()
    assert cli("restore", str(short), "--config", str(config), "--inputs", str(inputs), "--yes") == 2
    assert "đã bị thêm, bớt tệp" in capsys.readouterr().out
    assert digests(inputs) == before


def what_the_portal_holds(tmp_path: Path) -> tuple[object, ...]:
    """The portal's state as the office would see it (its files change when SQLite folds its journal back,
    so they are not compared byte for byte), and the files of the folder besides the database's own."""
    store = open_store(tmp_path / "portal-data" / "portal.sqlite3")
    seen = (store.account(OFFICE_USERNAME)["password_hash"], [dict(r) for r in store.ledger()])
    store.engine.dispose()
    # the restore's lock (state/running.py) holds no data: it is not part of what changed
    ignored = ("portal.sqlite3", LOCK_FILE)
    names = sorted(p.name for p in (tmp_path / "portal-data").iterdir() if not p.name.startswith(ignored))
    return (*seen, names)


def _from_a_newer_release(archive: Path, tmp_path: Path) -> Path:
    """The same backup as a later thidua would write it: its database at a revision this one does not know
    (with the manifest's hash made to match, so only the revision can refuse it)."""
    import json
    import sqlite3

    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(archive) as source:
        source.extractall(unpacked)
    database = unpacked / "state" / "portal.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    db.close()
    manifest = json.loads((unpacked / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["state/portal.sqlite3"]["sha256"] = hashlib.sha256(database.read_bytes()).hexdigest()
    (unpacked / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    newer = tmp_path / "moi.zip"
    with zipfile.ZipFile(newer, "w") as target:
        for path in unpacked.rglob("*"):
            if path.is_file():
                target.write(path, path.relative_to(unpacked).as_posix())
    return newer


def _free_port() -> int:
    """aiosmtpd's controller connects to its own port to see it start, so it needs a real one, not 0."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Mailbox:
    """A real SMTP server on a loopback port (aiosmtpd), keeping every message it accepts."""

    def __init__(self, refuse: str = "") -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[email.message.EmailMessage] = []

        class Handler:
            async def handle_RCPT(inner, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
                if address == refuse:  # a mailbox the server does not know
                    return "550 5.1.1 User unknown"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(inner, server, session, envelope):  # type: ignore[no-untyped-def]
                self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=_free_port())

    def __enter__(self) -> Mailbox:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    @property
    def port(self) -> int:
        return int(self.controller.port)

    def config(self) -> dict:
        return {"host": "127.0.0.1", "port": self.port, "security": "none", "sender": "Văn phòng Cụm <vp@cum.example>"}


def with_addresses(data: dict) -> None:
    for unit in data["units"]:
        unit["email"] = f"vanthu@{unit['code'].lower()}.example"


def test_reminders_go_out_once_through_a_real_mail_server(tmp_path, capsys) -> None:
    with Mailbox() as box:
        config, inputs = cluster(tmp_path, "", mail=box.config(), emails=True)
        paths = ["--config", str(config), "--inputs", str(inputs), "--outputs", str(tmp_path / "out")]
        assert cli("remind", *paths) == 0  # by default only shown
        assert "Chưa gửi thư nào" in capsys.readouterr().out and box.messages == []
        assert cli("remind", *paths, "--send") == 0
        assert cli("remind", *paths, "--send") == 0  # again: nothing twice
        said = capsys.readouterr().out
    assert len(box.messages) == 6 and said.count("đã gửi trước đó, không gửi lại") == 6
    first = next(m for m in box.messages if m["To"] == "vanthu@hnd.example")
    cluster_name = "Cụm thi đua MTTQ và các tổ chức chính trị - xã hội tỉnh"
    assert first["Subject"] == f"Nhắc nộp báo cáo thi đua tháng 7 năm 2023 — {cluster_name}"
    body = first.get_content()
    assert body.startswith("Kính gửi: Hội Nông dân tỉnh Lạng Sơn.")
    assert "báo cáo kết quả thi đua tháng 7 năm 2023" in body
    mails = [r for r in open_store(tmp_path / "portal-data" / "portal.sqlite3").ledger() if r["action"] == "mail"]
    assert len(mails) == 6 and {r["period"] for r in mails} == {"2023-07"}


def test_the_portal_sends_reminders_and_tells_a_unit_its_upload(tmp_path) -> None:
    from test_portal import as_chair, as_unit, filled, make_app, token_of, upload

    with Mailbox() as box:

        def change(data: dict) -> None:
            with_addresses(data)
            data["mail"] = {**box.config(), "notify_uploads": True}

        app, cfg = make_app(tmp_path, change)
        hnd = as_unit(app, "HND")
        upload(hnd, filled(cfg, tmp_path, NTM_NGAY_CONG="khoảng 30"), "BC tháng 7.xlsx")
        deadline = time.monotonic() + 30
        while not box.messages and time.monotonic() < deadline:  # the notice goes out beside the request
            time.sleep(0.1)
        chair = as_chair(app)
        page = chair.post("/chu-tri/nhac-nop/gui", data={"csrf_token": token_of(chair, "/chu-tri/nhac-nop")})
    notice = box.messages[0]
    assert notice["To"] == "vanthu@hnd.example" and "tệp đã được nhận nhưng có 1 lỗi" in notice["Subject"]
    assert "“BC tháng 7.xlsx”" in notice.get_content()
    sent = page.get_data(as_text=True)
    assert page.status_code == 200 and sent.count("<td>đã gửi</td>") == 6  # only June is in: all owe months
    reminder = next(m for m in box.messages[1:] if m["To"] == "vanthu@hnd.example")
    assert "tháng 1, 2, 3, 4, 5 năm 2023 của đơn vị" in reminder.get_content()  # its July came in
    assert len(box.messages) == 7


@pytest.mark.parametrize("security", ["starttls"])
def test_a_mail_server_that_refuses_leaves_the_reminder_to_send_again(tmp_path, security, capsys) -> None:
    """No server listening: nothing is marked sent, the office is told, the next try sends."""
    mail = {"host": "127.0.0.1", "port": _free_port(), "security": security, "sender": "vp@cum.example"}
    config, inputs = cluster(tmp_path, "", mail=mail, emails=True)
    assert cli("remind", "--config", str(config), "--inputs", str(inputs), "--send") == 4
    said = capsys.readouterr().out
    assert said.count("chưa gửi được: không kết nối được máy chủ thư") == 6 and "kiểm tra mail.host, mail.port" in said
    assert "6/6 thư chưa gửi được" in said and "refused" not in said.lower()  # no English inside the sentence
    assert open_store(tmp_path / "portal-data" / "portal.sqlite3").sent_messages() == []


def test_remind_says_which_setting_is_missing_and_fails(tmp_path, capsys) -> None:
    config, inputs = cluster(tmp_path, "", emails=True)  # no mail section
    assert cli("remind", "--config", str(config), "--inputs", str(inputs), "--send") == 4
    said = capsys.readouterr().out
    assert said.count("chưa cấu hình thư điện tử: thêm mục mail (mail.host, mail.sender)") == 6


def test_a_refused_address_names_the_units_setting(tmp_path, capsys) -> None:
    """The server takes the other units' letters and refuses one address: that one fails, by name."""
    with Mailbox(refuse="vanthu@hnd.example") as box:
        config, inputs = cluster(tmp_path, "", mail=box.config(), emails=True)
        assert cli("remind", "--config", str(config), "--inputs", str(inputs), "--send") == 4
    said = capsys.readouterr().out
    assert "Hội Nông dân tỉnh (vanthu@hnd.example): chưa gửi được: máy chủ thư từ chối địa chỉ nhận" in said
    assert "kiểm tra units[].email" in said and len(box.messages) == 5
