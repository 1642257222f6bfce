"""Where a command works: one cluster's folder (config.yaml, inputs/, outputs/), or a cluster of a province
(`--province FOLDER --cluster CODE`: the cluster's folder inside the province's, its config laid over the
province's shared keys), and the portal's state that goes with it (thidua/state/place.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from thidua.cli.common import UsageError
from thidua.cli.parser import PATH_OPTIONS
from thidua.config import Config
from thidua.config.remembered import cache_folder, remembered_config, stale_entries
from thidua.state.place import in_province, single_place


def fill_folders(args: argparse.Namespace, base: Path | None = None) -> None:
    """--config, --inputs, --outputs not given: config.yaml, inputs/, outputs/ in `base` (a province's
    cluster folder), else in the current folder."""
    for option, default, _, _ in PATH_OPTIONS:
        name = option.removeprefix("--")
        if getattr(args, name, None) is None:
            setattr(args, name, base / default if base else Path(default))


def resolve_command(args: argparse.Namespace, needs_cluster: bool) -> Config | None:
    """The config the command works on, with args.config, inputs, outputs and args.place set; a province
    command (`--province` without `--cluster`, e.g. serve, board) gets None and args.place None."""
    province_folder: Path | None = getattr(args, "province", None)
    code: str | None = getattr(args, "cluster", None)
    if province_folder is None:
        fill_folders(args)
        if code:
            raise UsageError("--cluster chỉ dùng cùng --province (thư mục của tỉnh).")
        folder = None if getattr(args, "no_cache", False) else cache_folder()
        cfg = remembered_config(args.config, folder)  # validated before: taken from the user's cache
        for stale in stale_entries(folder):
            stale.unlink(missing_ok=True)
        args.place = single_place(args.config.parent, cfg.portal.state, cfg.portal.database)
        return cfg
    from thidua.config.province import cluster_config, cluster_folder, load_province

    province = load_province(province_folder)
    args.province_config = province
    if not code:
        if needs_cluster:
            known = ", ".join(c.code for c in province.clusters)
            raise UsageError(f"Lệnh này làm việc trên một cụm, khối: thêm --cluster MÃ (các mã: {known}).")
        args.place = None
        return None
    if args.config is not None:
        raise UsageError("--config không dùng cùng --province: cấu hình của cụm là config.yaml trong thư mục của cụm.")
    fill_folders(args, cluster_folder(province_folder, province, code))
    args.place = in_province(province_folder, province.portal.state, province.portal.database, code)
    return cluster_config(province_folder, province, code)
