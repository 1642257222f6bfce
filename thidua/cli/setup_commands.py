"""Setting a cluster up and keeping it safe: a new cluster's folder (init), a backup of everything that is
not rebuilt from it (backup) and its restore, checked before anything is replaced (restore)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from thidua.cli.archive import BackupError, Contents, staging, verify, write
from thidua.cli.common import Exit, UsageError, console
from thidua.config import Config

if TYPE_CHECKING:  # the database layer is imported by the commands that use it, not when the CLI starts
    from thidua.state.store import Store

EXAMPLE = "config-mau.yaml"  # the bundled example cluster's config, with its comments (thidua/assets)
NEXT_STEPS = """Đã tạo thư mục cho cụm, khối thi đua tại {folder}:
  config.yaml   cấu hình (bản mẫu của Cụm thi đua MTTQ tỉnh Lạng Sơn, có chú thích): sửa cho cụm của mình
  inputs/       nơi lưu báo cáo các đơn vị gửi về (cổng thông tin cũng lưu vào đây)
  outputs/      kết quả: biểu mẫu, bảng tổng hợp, báo cáo

Việc tiếp theo:
  1. Sửa config.yaml: tên cụm, tỉnh, năm thi đua (reporting.year), danh sách đơn vị, phong trào, chỉ tiêu,
     người ký, nơi nhận, bảng điểm (mục year_end). Mục “Tham chiếu cấu hình” của README giải thích từng khóa.
  2. Kiểm tra: {prog} check-template --config "{config}"
  3. Tạo biểu mẫu cho các đơn vị: {prog} templates --period {year}-01 --config "{config}" --outputs "{outputs}"
  4. Khi có báo cáo: {prog} run --config "{config}" --inputs "{inputs}" --outputs "{outputs}"
  5. Cổng thông tin (không bắt buộc): {prog} chair-password --config "{config}", rồi {prog} serve --config "{config}"
"""


def cmd_init(args: argparse.Namespace, _: Config | None) -> Exit:
    folder: Path = args.folder
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"Thư mục “{folder}” đã có dữ liệu; hãy chọn một thư mục mới hoặc đang trống.")
    if args.province:
        from thidua.cli.province_commands import init_province

        return init_province(folder)
    (folder / "inputs").mkdir(parents=True, exist_ok=True)
    (folder / "outputs").mkdir(exist_ok=True)
    config = folder / "config.yaml"
    config.write_bytes(files("thidua.assets").joinpath(EXAMPLE).read_bytes())
    prog = "thidua" if Path(sys.argv[0]).name != "pipeline.py" else "python pipeline.py"
    console.print(
        NEXT_STEPS.format(
            folder=folder.resolve(),
            config=config.resolve(),
            inputs=(folder / "inputs").resolve(),
            outputs=(folder / "outputs").resolve(),
            prog=prog,
            year=date.today().year,
        )
    )
    return Exit.OK


# A province's database is shared by its clusters: one cluster's backup cannot hold it, nor a restore replace it.
PROVINCE_BACKUP = (
    "Cụm, khối này dùng chung cơ sở dữ liệu của tỉnh: thidua backup chưa sao lưu riêng một cụm của tỉnh. Hãy sao "
    "lưu cả thư mục của tỉnh (có province.yaml) và cơ sở dữ liệu của cổng (tệp portal.sqlite3 khi cổng đã dừng, "
    "hoặc pg_dump với PostgreSQL)."
)


def _database(args: argparse.Namespace, cfg: Config) -> Store:
    from thidua.cli.portal_commands import _store

    return _store(args, cfg)


def cmd_backup(args: argparse.Namespace, cfg: Config) -> Exit:
    """config.yaml (and its own Word template), inputs/, the portal's database; the outputs are rebuilt
    from these and are not kept."""
    from thidua.cli.common import today
    from thidua.state.access import CHAIR
    from thidua.state.backup import dump
    from thidua.state.base import now
    from thidua.state.database import revision

    if args.place.cluster:
        raise UsageError(PROVINCE_BACKUP)
    moment = now()
    target = args.to or args.config.parent / "sao-luu" / f"thidua-sao-luu-{moment:%Y%m%d-%H%M%S}.zip"
    contents = Contents({"config.yaml": args.config})
    if cfg.report.template and not Path(cfg.report.template).is_absolute():
        contents.files[f"mau/{Path(cfg.report.template).name}"] = args.config.parent / cfg.report.template
    contents.add_folder("inputs", args.inputs)
    with _database(args, cfg) as store, staging(target.parent) as tmp:
        store.log(CHAIR, "backup", f"sao lưu bằng lệnh thidua backup vào {target.name}")
        database = dump(store.engine, Path(tmp))
        contents.files[f"state/{database.name}"] = database
        kind = store.engine.dialect.name
        write(contents, target, kind, revision(store.engine), moment)
    inputs = sum(1 for name in contents.files if name.startswith("inputs/"))
    console.print(
        f"Đã sao lưu vào “{target}”: config.yaml, {inputs} tệp báo cáo trong inputs/, dữ liệu cổng thông tin "
        f"({kind}), ngày {today():%d/%m/%Y}. Hãy chép tệp này sang ổ đĩa hoặc máy khác."
    )
    return Exit.OK


def cmd_restore(args: argparse.Namespace, _: Config | None) -> Exit:
    """Everything in the archive is checked before anything on disk changes; then the database is replaced
    (the current one kept aside), missing inputs are written back and nothing in inputs/ is overwritten."""
    if getattr(args, "province", None):
        raise UsageError(PROVINCE_BACKUP)
    folder = args.config.parent
    with staging(folder) as tmp:
        unpacked = Path(tmp)
        try:
            manifest = verify(args.archive, unpacked)
        except BackupError as error:
            raise UsageError(f"Không khôi phục được từ “{args.archive}”: {error}. Chưa có gì bị thay đổi.") from None
        problem = _database_problem(unpacked)
        if problem:
            raise UsageError(f"Không khôi phục được từ “{args.archive}”: {problem}. Chưa có gì bị thay đổi.")
        _confirm(args, manifest)
        config = _restore_config(unpacked, args.config)
        added, kept = _restore_inputs(unpacked / "inputs", args.inputs)
        _restore_database(unpacked, config)
    from thidua.state.access import CHAIR
    from thidua.state.place import single_place

    cfg = load_config_of(config)
    args.place = single_place(config.parent, cfg.portal.state, cfg.portal.database)
    with _database(args, cfg) as store:
        store.log(
            CHAIR, "restore", f"khôi phục từ bản sao lưu {args.archive.name} (ngày {str(manifest['created'])[:10]})"
        )
    console.print(
        f"Đã khôi phục từ bản sao lưu ngày {str(manifest['created'])[:10]}: dữ liệu cổng thông tin, {added} tệp báo "
        f"cáo ghi lại vào inputs/" + (f"; {len(kept)} tệp đang có khác bản sao lưu được giữ nguyên: " if kept else ".")
    )
    for name in kept:
        console.print(f"  - {name}")
    return Exit.OK


def load_config_of(config: Path) -> Config:
    from thidua.config import load_config

    return load_config(config)


def _database_problem(unpacked: Path) -> str:
    from thidua.state.backup import ROWS_NAME, SQLITE_NAME, rows_problem, sqlite_problem

    if (unpacked / "state" / SQLITE_NAME).is_file():
        return sqlite_problem(unpacked / "state" / SQLITE_NAME)
    if (unpacked / "state" / ROWS_NAME).is_file():
        return rows_problem(unpacked / "state" / ROWS_NAME)
    return "bản sao lưu không có dữ liệu cổng thông tin"


def _confirm(args: argparse.Namespace, manifest: dict[str, object]) -> None:
    if args.yes:
        return
    if not sys.stdin.isatty():
        raise UsageError("Khôi phục sẽ thay dữ liệu cổng thông tin hiện có: thêm --yes để xác nhận.")
    answer = input(f"Khôi phục bản sao lưu ngày {str(manifest['created'])[:10]} vào “{args.config.parent}”? (c/k) ")
    if answer.strip().lower() not in ("c", "có", "y", "yes"):
        raise UsageError("Đã hủy; chưa có gì bị thay đổi.")


def _restore_config(unpacked: Path, config: Path) -> Path:
    """The config.yaml to open the database with: the current one when there is one (a differing copy from
    the backup is written beside it, never over it), else the backup's."""
    saved = unpacked / "config.yaml"
    for extra in (unpacked / "mau").glob("*") if (unpacked / "mau").is_dir() else []:
        target = config.parent / extra.name
        if not target.exists():
            shutil.copy2(extra, target)
    if not config.exists():
        shutil.copy2(saved, config)
    elif config.read_bytes() != saved.read_bytes():
        shutil.copy2(saved, config.with_name("config.tu-sao-luu.yaml"))
        console.print(
            "[yellow]config.yaml hiện có khác bản sao lưu: giữ nguyên, bản sao lưu ghi ở config.tu-sao-luu.yaml.[/]"
        )
    return config


def _restore_inputs(saved: Path, inputs: Path) -> tuple[int, list[str]]:
    """Returns are never overwritten nor removed: a missing one is written back, a differing one kept."""
    added, kept = 0, []
    for path in sorted(p for p in saved.rglob("*") if p.is_file()) if saved.is_dir() else []:
        target = inputs / path.relative_to(saved)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            added += 1
        elif target.read_bytes() != path.read_bytes():
            kept.append(target.relative_to(inputs).as_posix())
    return added, kept


def _restore_database(unpacked: Path, config: Path) -> None:
    from thidua.config import load_config
    from thidua.state.backup import ROWS_NAME, SQLITE_NAME, load_rows
    from thidua.state.base import now
    from thidua.state.database import engine_for, resolve

    cfg = load_config(config)
    state = (config.parent / cfg.portal.state).resolve()
    url = resolve(cfg.portal.database, state / "portal.sqlite3")
    if url.startswith("sqlite"):
        current = Path(url.removeprefix("sqlite:///"))
        current.parent.mkdir(parents=True, exist_ok=True)
        aside = f".truoc-khoi-phuc-{now():%Y%m%d-%H%M%S}"
        for suffix in ("", "-wal", "-shm"):  # the current database, kept aside whole, never deleted
            if (old := current.with_name(current.name + suffix)).exists():
                os.replace(old, old.with_name(old.name + aside))
        shutil.copy2(unpacked / "state" / SQLITE_NAME, current)
    else:
        engine = engine_for(url)
        load_rows(engine, unpacked / "state" / ROWS_NAME)
        engine.dispose()
