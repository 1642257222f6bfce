"""Setting a cluster up and keeping it safe: a new cluster's folder (init), a backup of everything that is
not rebuilt from it (backup) and its restore, checked before anything is replaced (restore)."""

from __future__ import annotations

import argparse
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from thidua.cli.archive import BACKUPS, Contents
from thidua.cli.common import Exit, UsageError, command_name, console
from thidua.cli.restoring import (
    IRREPLACEABLE,
    SCOPE_PROVINCE,
    checked_archive,
    confirm,
    created,
    keep_or_write,
    no_portal_running,
    own_template,
    restore_database,
    restore_made,
    restore_missing,
    say_kept,
    write_backup,
)
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
    console.print(
        NEXT_STEPS.format(
            folder=folder.resolve(),
            config=config.resolve(),
            inputs=(folder / "inputs").resolve(),
            outputs=(folder / "outputs").resolve(),
            prog=command_name(),
            year=load_config_of(config).reporting.year,  # the example's year: templates of another are refused
        )
    )
    return Exit.OK


# A province's clusters share one database: a cluster's backup cannot hold it, nor its restore replace it.
PROVINCE_BACKUP = (
    "Cụm, khối này dùng chung cơ sở dữ liệu với cả tỉnh: hãy sao lưu, khôi phục cả tỉnh, ví dụ "
    "thidua {command} --province {folder} (không có --cluster)."
)


def _database(args: argparse.Namespace, cfg: Config) -> Store:
    from thidua.cli.portal_commands import _store

    return _store(args, cfg)


def cmd_backup(args: argparse.Namespace, cfg: Config | None) -> Exit:
    """config.yaml (and its own Word template), inputs/, the portal's database, and what outputs/ and the
    portal's builds hold that thidua cannot make again (signed PDFs, the chair's edits); the rest of the
    outputs is made again from these. With --province alone: the whole province (cli/province_archive.py)."""
    from thidua.cli.common import today
    from thidua.state.access import CHAIR
    from thidua.state.base import now

    if getattr(args, "province", None):
        if args.place is not None:
            raise UsageError(PROVINCE_BACKUP.format(command="backup", folder=args.province))
        from thidua.cli.province_archive import backup_province

        return backup_province(args)
    assert cfg is not None
    moment = now()
    target = args.to or args.config.parent / BACKUPS / f"thidua-sao-luu-{moment:%Y%m%d-%H%M%S}.zip"
    contents = Contents({"config.yaml": args.config})
    if template := own_template(args.config, cfg):
        contents.files[f"mau/{template[0]}"] = template[1]
    contents.add_folder("inputs", args.inputs)
    contents.add_irreplaceable(args.outputs, args.place.state, args.config.parent / BACKUPS)
    with _database(args, cfg) as store:
        logged = (CHAIR, f"sao lưu bằng lệnh thidua backup vào {target.name}")
        kind = write_backup(store, contents, target, moment, logged)
    made = contents.count("outputs/") + contents.count("builds/")
    console.print(
        f"Đã sao lưu vào “{target}”: config.yaml, {contents.count('inputs/')} tệp báo cáo trong inputs/, "
        f"{IRREPLACEABLE.format(count=made)}, dữ liệu cổng thông tin ({kind}), ngày {today():%d/%m/%Y}. "
        "Hãy chép tệp này sang ổ đĩa hoặc máy khác."
    )
    return Exit.OK


def cmd_restore(args: argparse.Namespace, _: Config | None) -> Exit:
    """Everything in the archive is checked before anything on disk changes; then the database is replaced
    (the current one kept aside), missing inputs and outputs' signed or edited files are written back, and
    nothing in inputs/ or outputs/ is overwritten."""
    if getattr(args, "province", None):
        if args.cluster:
            raise UsageError(PROVINCE_BACKUP.format(command=f"restore {args.archive}", folder=args.province))
        from thidua.cli.province_archive import restore_province

        return restore_province(args)
    from thidua.state.access import CHAIR
    from thidua.state.place import single_place

    with checked_archive(args.archive, args.config.parent) as (unpacked, manifest):
        if manifest.get("scope") == SCOPE_PROVINCE:
            raise UsageError(
                f"“{args.archive}” là bản sao lưu của cả tỉnh: khôi phục bằng "
                f"thidua restore “{args.archive}” --province THƯ_MỤC_TỈNH. Chưa có gì bị thay đổi."
            )
        # The config.yaml in place is kept: a broken one stops the restore here, before anything changes.
        current = load_config_of(args.config) if args.config.exists() else None
        known = current or load_config_of(unpacked / "config.yaml")  # where the portal's state is
        with no_portal_running(single_place(args.config.parent, known.portal.state, known.portal.database).state):
            confirm(args, manifest, args.config.parent)
            keep_or_write(unpacked / "config.yaml", args.config)
            restore_missing(unpacked / "mau", args.config.parent)  # the Word template, when it had its own
            added, kept = restore_missing(unpacked / "inputs", args.inputs)
            cfg = current or load_config_of(args.config)
            args.place = single_place(args.config.parent, cfg.portal.state, cfg.portal.database)
            made, differing = restore_made(unpacked, args.outputs, args.place.state / "builds")
            restore_database(unpacked, args.place.database_url(), args.place.state)
    with _database(args, cfg) as store:
        store.log(CHAIR, "restore", f"khôi phục từ bản sao lưu {args.archive.name} (ngày {created(manifest)})")
    opening = f"Đã khôi phục từ bản sao lưu ngày {created(manifest)}: dữ liệu cổng thông tin, {added} tệp báo cáo"
    outputs = IRREPLACEABLE.format(count=made)
    say_kept(f"{opening} ghi lại vào inputs/, {outputs} ghi lại vào outputs/", kept + differing)
    return Exit.OK


def load_config_of(config: Path) -> Config:
    from thidua.config import load_config

    return load_config(config)
