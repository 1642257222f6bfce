"""A province's backup and restore, on both back ends: province.yaml, every cluster's config and returns,
the dossiers the clusters sent and the one database they share come back after the state is lost; a file
in place is never overwritten; a cluster's archive and a province's are never mistaken for each other;
and a restore onto a new machine's empty folder gives a province the board can work with again."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

from test_operations import digests
from test_province import province_copy, text_of, thidua

from thidua.config.province import load_province
from thidua.state.access import BOARD
from thidua.state.dossiers import ACCEPTED
from thidua.state.place import CLUSTER_STATE, DOSSIERS, in_province
from thidua.state.store import open_store

BOARD_PASSWORD = "mat-khau-so-noi-vu-2024"
DOSSIER = b"%PDF-1.7 ho so de nghi cua Cum xa phuong (noi dung thu)"


def _database_url(folder: Path) -> str:
    province = load_province(folder)
    return in_province(folder, province.portal.state, province.portal.database, "").database_url()


def _with_state(folder: Path) -> Path:
    """The board's account, a dossier the commune cluster sent (its file under the cluster's state) and the
    board's acceptance; returns the dossier's file."""
    store = open_store(_database_url(folder))
    store.set_password("so-noi-vu", BOARD_PASSWORD, role=BOARD)
    stored = f"{DOSSIERS}/2023/20240120-090000-{hashlib.sha256(DOSSIER).hexdigest()[:12]}.pdf"
    file = folder / "portal-data" / CLUSTER_STATE / "cum-xa-phuong" / stored
    file.parent.mkdir(parents=True)
    file.write_bytes(DOSSIER)
    cluster = store.for_cluster("cum-xa-phuong")
    sha = hashlib.sha256(DOSSIER).hexdigest()
    sent = cluster.send_dossier(2023, "chair", "Ho so de nghi 2023.pdf", stored, sha)
    assert sent and cluster.judge_dossier(2023, ACCEPTED, "board:so-noi-vu", "", sent, sha).done
    store.engine.dispose()
    return file


def _lose_state(folder: Path, database: str) -> None:
    if database:
        with open_store(_database_url(folder)) as lost, lost.write() as db:
            for table in ("ledger", "accounts", "dossiers", "links", "sessions"):
                db.exec_driver_sql(f"DROP TABLE {table} CASCADE")
        shutil.rmtree(folder / "portal-data" / CLUSTER_STATE / "cum-xa-phuong" / DOSSIERS)
    else:
        shutil.rmtree(folder / "portal-data")


def test_a_province_backup_brings_every_cluster_back(example_province, tmp_path, database, capsys) -> None:
    folder = province_copy(example_province, tmp_path / "tinh", database)
    dossier = _with_state(folder)
    # the commune cluster's tờ trình, signed on the portal in one of its builds: thidua cannot make it again
    build = folder / "portal-data" / CLUSTER_STATE / "cum-xa-phuong" / "builds" / "b7c1"
    signed = build / "outputs" / "ho-so" / "01-to-trinh.pdf"
    signed.parent.mkdir(parents=True)
    signed.write_bytes(b"%PDF-1.7\n9 0 obj << /Type /Sig /ByteRange [0 1 2 3] >> endobj\n%%EOF\n")
    before = {code: digests(folder / code / "inputs") for code in ("cum-mttq", "cum-xa-phuong", "khoi-kinh-te")}
    archive = tmp_path / "sao-luu-tinh.zip"
    assert thidua("backup", "--province", str(folder), "--to", str(archive)) == 0
    said = capsys.readouterr().out
    assert "Đã sao lưu cả tỉnh" in said and "3 cụm, khối" in said and "1 tệp hồ sơ đề nghị" in said
    assert "1 tệp thidua không tự lập lại được (bản đã ký số" in said
    # the disaster: the state and a dossier gone, a return deleted; since the backup, a return received
    # again and a cluster's config edited
    _lose_state(folder, database)
    shutil.rmtree(build, ignore_errors=True)
    returns = sorted((folder / "cum-xa-phuong" / "inputs").rglob("*.xlsx"))
    resent = returns[0]  # a unit's corrected copy received since the backup, under the same name
    resent.write_bytes(returns[1].read_bytes())
    expected = {code: digests(folder / code / "inputs") for code in before}  # after the restore
    next((folder / "khoi-kinh-te" / "inputs").rglob("*.xlsx")).unlink()
    edited = folder / "cum-mttq" / "config.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# sửa sau khi sao lưu\n", encoding="utf-8")

    assert thidua("restore", str(archive), "--province", str(folder), "--yes") == 0
    said = capsys.readouterr().out
    assert "Đã khôi phục cả tỉnh" in said and "3 tệp báo cáo, hồ sơ, bản đã ký số và bản đã sửa tay ghi lại" in said
    assert signed.read_bytes().endswith(b"%%EOF\n")
    assert "1 tệp đang có khác bản sao lưu được giữ nguyên" in said and resent.name in said
    assert resent.read_bytes() == returns[1].read_bytes()  # the copy received since is kept
    assert {code: digests(folder / code / "inputs") for code in before} == expected
    assert dossier.read_bytes() == DOSSIER
    assert edited.read_text(encoding="utf-8").endswith("# sửa sau khi sao lưu\n")  # kept, never overwritten
    assert "sửa sau" not in (folder / "cum-mttq" / "config.tu-sao-luu.yaml").read_text(encoding="utf-8")
    restored = open_store(_database_url(folder))
    assert restored.check_password("so-noi-vu", BOARD_PASSWORD)
    assert restored.dossier_states(2023)["cum-xa-phuong"]["action"] == ACCEPTED
    assert [r["action"] for r in restored.ledger()][:2] == ["restore", "backup"]
    restored.engine.dispose()
    if database:  # what PostgreSQL held before the restore is written aside, never just dropped
        assert len(list((folder / "portal-data").glob("portal.json.truoc-khoi-phuc-*"))) == 1


def test_a_province_restored_on_a_new_machine_is_whole(example_province, tmp_path, capsys) -> None:
    folder = province_copy(example_province, tmp_path / "tinh")
    _with_state(folder)
    archive = tmp_path / "sao-luu-tinh.zip"
    assert thidua("backup", "--province", str(folder), "--to", str(archive)) == 0
    new = tmp_path / "may-moi" / "ThiDuaTinh"
    assert thidua("restore", str(archive), "--province", str(new), "--yes") == 0
    for code in ("cum-mttq", "cum-xa-phuong", "khoi-kinh-te"):
        assert digests(new / code / "inputs") == digests(folder / code / "inputs")
        assert (new / code / "config.yaml").read_bytes() == (folder / code / "config.yaml").read_bytes()
    assert (new / "province.yaml").read_bytes() == (folder / "province.yaml").read_bytes()
    capsys.readouterr()
    # the board works on the restored province as on the original: the same list, the same things pending
    # (the commune cluster's dossier, accepted before the backup, is not among them)
    assert thidua("board", "--province", str(folder)) == 0
    original = capsys.readouterr().out.split("DỰ THẢO")[1]
    assert thidua("board", "--province", str(new)) == 0
    assert capsys.readouterr().out.split("DỰ THẢO")[1] == original
    assert "Cụm thi đua Mặt trận Tổ quốc" in original and "phường, xã" not in original
    assert text_of(new / "outputs" / "tinh-2023" / "danh-sach-de-nghi.docx") == text_of(
        folder / "outputs" / "tinh-2023" / "danh-sach-de-nghi.docx"
    )


def test_a_cluster_archive_and_a_province_archive_are_never_mistaken(example_province, tmp_path, capsys) -> None:
    folder = province_copy(example_province, tmp_path / "tinh")
    province_archive = tmp_path / "tinh.zip"
    assert thidua("backup", "--province", str(folder), "--to", str(province_archive)) == 0
    capsys.readouterr()
    # a cluster of a province shares the province's database: its own backup is refused, saying what to do
    assert thidua("backup", "--province", str(folder), "--cluster", "cum-mttq") == 2
    said = capsys.readouterr().out
    assert "dùng chung cơ sở dữ liệu với cả tỉnh" in said and f"thidua backup --province {folder}" in said
    assert thidua("restore", str(province_archive), "--province", str(folder), "--cluster", "cum-mttq") == 2
    # the province's archive restored as a cluster's: refused before anything changes
    single = tmp_path / "cum-don"
    single.mkdir()
    assert thidua("restore", str(province_archive), "--config", str(single / "config.yaml"), "--yes") == 2
    assert "là bản sao lưu của cả tỉnh" in capsys.readouterr().out
    assert list(single.iterdir()) == []
    # a cluster's archive restored as a province's: refused the same way
    shutil.copy(folder / "cum-mttq" / "config.yaml", single / "config.yaml")
    cluster_archive = tmp_path / "cum.zip"
    assert thidua("backup", "--config", str(single / "config.yaml"), "--to", str(cluster_archive)) == 0
    capsys.readouterr()
    before = digests(folder)
    assert thidua("restore", str(cluster_archive), "--province", str(folder), "--yes") == 2
    assert "không phải của cả tỉnh" in capsys.readouterr().out
    assert digests(folder) == before
    # a province's archive whose list of clusters was edited into something else: refused, nothing changed
    broken = tmp_path / "hong.zip"
    with zipfile.ZipFile(province_archive) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["clusters"] = {"../../ngoai": "cum-mttq"}
                data = json.dumps(manifest).encode()
            target.writestr(item, data)
    assert thidua("restore", str(broken), "--province", str(folder), "--yes") == 2
    assert "danh mục các cụm, khối trong bản sao lưu hỏng" in capsys.readouterr().out
    assert digests(folder) == before


def test_a_broken_province_file_stops_the_restore_before_anything_changes(example_province, tmp_path, capsys) -> None:
    folder = province_copy(example_province, tmp_path / "tinh")
    archive = tmp_path / "tinh.zip"
    assert thidua("backup", "--province", str(folder), "--to", str(archive)) == 0
    (folder / "province.yaml").write_text("province: [không đóng ngoặc\n", encoding="utf-8")
    next((folder / "cum-mttq" / "inputs").rglob("*.xlsx")).unlink()
    before = digests(folder)
    capsys.readouterr()
    assert thidua("restore", str(archive), "--province", str(folder), "--yes") == 2
    assert "province.yaml" in capsys.readouterr().out
    assert digests(folder) == before  # no return written back, no database moved aside
