"""What a cluster's restore and a province's share: the archive opened and checked whole before anything
changes (cli/archive.py), the confirmation, files written back only where missing, a config that differs
kept and the backup's copy written beside it, and the database replaced with the current one kept aside."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from thidua.cli.archive import BackupError, staging, verify
from thidua.cli.common import UsageError, console
from thidua.config import Config

SCOPE_PROVINCE = "tinh"  # the manifest's "scope" of a province's backup; a cluster's has none


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
    from thidua.state.backup import ROWS_NAME, SQLITE_NAME, dump, load_rows
    from thidua.state.base import now
    from thidua.state.database import engine_for

    aside = f".truoc-khoi-phuc-{now():%Y%m%d-%H%M%S}"
    if url.startswith("sqlite"):
        current = Path(url.removeprefix("sqlite:///"))
        current.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            if (old := current.with_name(current.name + suffix)).exists():
                os.replace(old, old.with_name(old.name + aside))
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
