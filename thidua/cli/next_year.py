"""thidua next-year: the cluster's folder for the next competition year, from this year's: its config.yaml
(config/next_year.py: members on 1 January, the elected cụm trưởng and cụm phó, the year moved on) and, in
its inputs/, this year's returns that counted (as hard links), which next year's reports compare with."""

from __future__ import annotations

import argparse
import os
import shutil
from datetime import date
from pathlib import Path

from ruamel.yaml import YAMLError

from thidua.atomic import scratch_folder
from thidua.cli.common import Exit, UsageError, command_name, console
from thidua.config import Config

NEXT_STEPS = """Đã tạo thư mục năm {year} tại {folder}:
  config.yaml   cấu hình năm {year} ({units} đơn vị; {chair} là {kind} trưởng{vice})
  inputs/       {returns} báo cáo năm {last} đã được tính (để so sánh cùng kỳ), giữ nguyên thư mục con
Bản mới không giữ các dòng chú thích của config.yaml cũ{whole}. Hãy xem lại: report.signer (người ký khi {kind}
trưởng đổi), report.issuer, year_end.legal_basis (văn bản mới), bảng điểm năm {year}, rồi:
  {prog} registration --config "{config}"   bản đăng ký thi đua năm {year} cho các đơn vị
"""


WHOLE = (
    "; với một Cụm, Khối của tỉnh, bản mới ghi đủ mọi khóa, kể cả phần dùng chung của tỉnh năm nay (khi đưa vào "
    "thư mục tỉnh năm mới, có thể xóa các khóa giống phần shared của province.yaml năm mới)"
)


def _make_folder(target: Path, config: str, returns: list[tuple[Path, Path]]) -> None:
    """Next year's folder, whole or not at all: made beside `target` under a temporary name and renamed into
    place last, so that Ctrl-C or a full disk halfway leaves no half-made folder the next attempt refuses."""
    target.parent.mkdir(parents=True, exist_ok=True)
    building = scratch_folder(target.parent, target.name)
    try:
        for source, relative in returns:
            copy = building / "inputs" / relative
            copy.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, copy)  # a hard link: this year's file is not touched, and costs no space
            except OSError:
                shutil.copy2(source, copy)
        (building / "outputs").mkdir()
        (building / "config.yaml").write_text(config, encoding="utf-8")
        if target.exists():
            target.rmdir()  # empty (checked above): a rename cannot replace a folder on every system
        os.replace(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


INHERITED = "\nCác khóa dưới đây là phần dùng chung (shared) của province.yaml năm {year}, chép vào đây."


def cmd_next_year(args: argparse.Namespace, cfg: Config) -> Exit:
    from thidua.cli.checking import check_inputs
    from thidua.config.days import day_of
    from thidua.config.load import load_config_data, read_yaml
    from thidua.config.next_year import next_year
    from thidua.config.typed import typed_data, typed_text

    codes = {u.code for u in cfg.units}
    for code in [args.chair, *args.vice]:
        if code not in codes:
            raise UsageError(f"Không có đơn vị mã “{code}”; các mã: {', '.join(sorted(codes))}.")
    target: Path = args.to
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"Thư mục “{target}” đã có dữ liệu; hãy chọn một thư mục mới hoặc đang trống.")
    typed = args.config.read_text(encoding="utf-8")  # read and checked already: cfg is this very file
    try:
        source = typed_data(typed)  # the office's comments and layout, kept in next year's file
    except YAMLError:  # read by thidua (YAML 1.1's rules) but not by ruamel.yaml (1.2's): the data alone
        source = read_yaml(args.config)
        console.print("[yellow]Không giữ được các dòng chú thích của config.yaml: bản năm mới ghi lại từ dữ liệu.[/]")
    if args.place.cluster:  # a province's cluster: written whole, with what it inherited this year
        from thidua.config.province import laid_over

        own = list(source)
        source = laid_over(args.province_config.shared, source)
        inherited = [key for key in source if key not in own]  # after the cluster's own keys: say whence
        if inherited and hasattr(source, "yaml_set_comment_before_after_key"):  # read as typed (not the fallback)
            source.yaml_set_comment_before_after_key(inherited[0], before=INHERITED.format(year=cfg.reporting.year))
    data = next_year(source, args.chair, args.vice)
    first = date(cfg.reporting.year + 1, 1, 1)
    members = {u["code"] for u in data["units"] if (day_of(u.get("member_until")) or first) >= first}
    for code in [args.chair, *args.vice]:
        if code not in members:
            raise UsageError(f"Đơn vị “{code}” không còn là thành viên từ ngày 01/01/{cfg.reporting.year + 1}.")
    text = typed_text(data, like=typed)
    # Refused here, before anything is written; read back as every command will read it.
    load_config_data(read_yaml(target / "config.yaml", text.encode("utf-8")), target / "config.yaml")
    checked = check_inputs(args, cfg, allow_empty=True)
    year = cfg.reporting.year
    counted = [s.book.path for s in checked.counted if s.period.year == year]
    _make_folder(target, text, [(path, path.relative_to(args.inputs)) for path in counted])
    kind = cfg.cluster.kind
    vice = f", {', '.join(args.vice)} là {kind} phó" if args.vice else ""
    console.print(
        NEXT_STEPS.format(
            year=year + 1,
            last=year,
            folder=target.resolve(),
            units=len(data["units"]),
            chair=args.chair,
            kind=kind,
            vice=vice,
            returns=len(counted),
            prog=command_name(),
            config=(target / "config.yaml").resolve(),
            whole=WHOLE if args.place.cluster else "",
        )
    )
    return Exit.OK
