"""What a cluster's backup and restore share with a province's: the database written into the archive
with the files; on restore, the archive opened and checked whole before anything changes (cli/archive.py),
the confirmation, files written back only where missing, a config that differs kept and the backup's copy
written beside it, the database replaced with the current one kept aside, and what was kept said."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from thidua.cli.archive import BackupError, Contents, staging, verify, write
from thidua.cli.common import UsageError, console
from thidua.config import Config

if TYPE_CHECKING:
    from thidua.state.store import Store

SCOPE_PROVINCE = "tinh"  # the manifest's "scope" of a province's backup; a cluster's has none


def write_backup(
    store: Store,
    contents: Contents,
    target: Path,
    moment: datetime,
    logged: tuple[str, str],
    extra: Mapping[str, object] | None = None,
) -> str:
    """The archive at `target`: `contents` and the store's database, after the backup is logged in it
    (`logged`: actor, detail) so the restored ledger shows it. Returns the database's kind."""
    from thidua.state.backup import dump
    from thidua.state.database import revision

    with staging(target.parent) as tmp:
        store.log(logged[0], "backup", logged[1])
        database = dump(store.engine, Path(tmp))
        contents.files[f"state/{database.name}"] = database
        kind = store.engine.dialect.name
        write(contents, target, kind, revision(store.engine), moment, extra)
    return kind


@contextmanager
def checked_archive(archive: Path, near: Path) -> Iterator[tuple[Path, dict[str, object]]]:
    """The archive unpacked next to `near` and its manifest, once every hash and the database have been
    checked; UsageError saying nothing changed otherwise."""
    with staging(near) as tmp:
        unpacked = Path(tmp)
        try:
            manifest = verify(archive, unpacked)
        except BackupError as error:
            raise UsageError(f"Không khôi phục được từ “{archive}”: {error}. Chưa có gì bị thay đổi.") from None
        if problem := database_problem(unpacked):
            raise UsageError(f"Không khôi phục được từ “{archive}”: {problem}. Chưa có gì bị thay đổi.")
        yield unpacked, manifest


@contextmanager
def no_portal_running(state: Path) -> Iterator[None]:
    """The restore holds the portal's folder alone: UsageError, before any change, while a portal serves
    from it (state/running.py)."""
    from thidua.state.running import Busy, alone

    try:
        with alone(state):
            yield
    except Busy:
        raise UsageError(
            f"Cổng thông tin đang chạy với dữ liệu ở “{state}”: hãy dừng cổng (Ctrl+C ở cửa sổ đang chạy cổng, "
            "hoặc dừng dịch vụ thidua; với cả tỉnh: mọi tiến trình) rồi khôi phục. Chưa có gì bị thay đổi."
        ) from None


def database_problem(unpacked: Path) -> str:
    from thidua.state.backup import ROWS_NAME, SQLITE_NAME, rows_problem, sqlite_problem

    if (unpacked / "state" / SQLITE_NAME).is_file():
        return sqlite_problem(unpacked / "state" / SQLITE_NAME)
    if (unpacked / "state" / ROWS_NAME).is_file():
        return rows_problem(unpacked / "state" / ROWS_NAME)
    return "bản sao lưu không có dữ liệu cổng thông tin"


def confirm(args: argparse.Namespace, manifest: dict[str, object], where: Path) -> None:
    if args.yes:
        return
    if not sys.stdin.isatty():
        raise UsageError("Khôi phục sẽ thay dữ liệu cổng thông tin hiện có: thêm --yes để xác nhận.")
    answer = input(f"Khôi phục bản sao lưu ngày {created(manifest)} vào “{where}”? (c/k) ")
    if answer.strip().lower() not in ("c", "có", "y", "yes"):
        raise UsageError("Đã hủy; chưa có gì bị thay đổi.")


def created(manifest: dict[str, object]) -> str:
    """The backup's day as an office writes it: 25/01/2024."""
    year, month, day = str(manifest["created"])[:10].split("-")
    return f"{day}/{month}/{year}"


def own_template(config: Path, cfg: Config) -> tuple[str, Path] | None:
    """The cluster's own Word template when it has one inside its folder: (its path relative to the
    config, the file); None for the bundled template."""
    template = cfg.report.template
    if not template or Path(template).is_absolute() or ".." in Path(template).parts:
        return None
    return Path(template).as_posix(), config.parent / template


def keep_or_write(saved: Path, current: Path) -> bool:
    """A config file from the backup: written when there is none; when the current one differs it is kept
    and the backup's written beside it (<name>.tu-sao-luu.yaml). True when a differing copy was kept."""
    current.parent.mkdir(parents=True, exist_ok=True)
    if not current.exists():
        shutil.copy2(saved, current)
        return False
    if current.read_bytes() == saved.read_bytes():
        return False
    beside = current.with_name(f"{current.stem}.tu-sao-luu{current.suffix}")
    shutil.copy2(saved, beside)
    console.print(f"[yellow]{current} hiện có khác bản sao lưu: giữ nguyên, bản sao lưu ghi ở {beside.name}.[/]")
    return True


def say_kept(opening: str, kept: list[str]) -> None:
    """The restore's last words: what came back (`opening`), then each file in place that differs from the
    backup and was kept."""
    console.print(opening + (f"; {len(kept)} tệp đang có khác bản sao lưu được giữ nguyên: " if kept else "."))
    for name in kept:
        console.print(f"  - {name}")


# What a backup keeps of outputs/ and the portal's builds (archive.Contents.add_irreplaceable), as counted
IRREPLACEABLE = "{count} tệp thidua không tự lập lại được (bản đã ký số, bản đã sửa tay, tệp riêng của Văn phòng)"


def restore_made(unpacked: Path, outputs: Path, builds: Path) -> tuple[int, list[str]]:
    """The backup's signed, edited and own files of outputs/ and the builds, written back where missing and
    never over a file: (files written, names of the differing ones kept)."""
    added, kept = restore_missing(unpacked / "outputs", outputs)
    more, differing = restore_missing(unpacked / "builds", builds)
    return added + more, [f"outputs/{name}" for name in kept] + [f"builds/{name}" for name in differing]


def restore_missing(saved: Path, target_folder: Path) -> tuple[int, list[str]]:
    """Returns (and received dossiers) are never overwritten nor removed: a missing file is written back,
    a differing one kept. (files written, names of the differing ones)."""
    added, kept = 0, []
    for path in sorted(p for p in saved.rglob("*") if p.is_file()) if saved.is_dir() else []:
        target = target_folder / path.relative_to(saved)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            added += 1
        elif target.read_bytes() != path.read_bytes():
            kept.append(target.relative_to(target_folder).as_posix())
    return added, kept


def restore_database(unpacked: Path, url: str, state: Path) -> None:
    """The database at `url` replaced by the backup's, the current one kept aside in `state` (never
    deleted): a SQLite file moved whole, a PostgreSQL database's thidua tables written out as rows before
    they are made again from the backup's."""
    from thidua.state.backup import ROWS_NAME, SQLITE_NAME, dump, load_rows, settle
    from thidua.state.base import now
    from thidua.state.database import engine_for

    aside = f".truoc-khoi-phuc-{now():%Y%m%d-%H%M%S}"
    if url.startswith("sqlite"):
        current = Path(url.removeprefix("sqlite:///"))
        current.parent.mkdir(parents=True, exist_ok=True)
        kept = current.with_name(current.name + aside)
        if current.exists():
            settle(current)  # the write-ahead log folded into the file: the copy kept aside is whole alone
        for suffix in ("", "-wal", "-shm"):  # any log left goes with it, named as SQLite pairs it: <kept>-wal
            if (old := current.with_name(current.name + suffix)).exists():
                os.replace(old, kept.with_name(kept.name + suffix))
        shutil.copy2(unpacked / "state" / SQLITE_NAME, current)
        return
    engine = engine_for(url)
    try:
        state.mkdir(parents=True, exist_ok=True)
        with staging(state) as tmp:
            written = dump(engine, Path(tmp))
            os.replace(written, state / f"{written.name}{aside}")
        load_rows(engine, unpacked / "state" / ROWS_NAME)
    finally:
        engine.dispose()
