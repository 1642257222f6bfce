"""A province's backup and restore: province.yaml, every cluster's config.yaml (and own Word template) and
inputs/, the dossiers the clusters sent the board, what each cluster's outputs and builds hold that thidua
cannot make again (signed PDFs, the chair's edits), and the one database they share, in one archive made
and checked as a cluster's is (cli/archive.py, cli/restoring.py). The rest of the outputs is rebuilt."""

from __future__ import annotations

import argparse
from pathlib import Path

from thidua.cli.archive import BACKUPS, Contents
from thidua.cli.common import Exit, UsageError, console, today
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
from thidua.config.province import CODE, PROVINCE_FILE, Province, cluster_config, cluster_folder, load_province
from thidua.state.place import CLUSTER_STATE, DOSSIERS, in_province

ACTOR = "may-chu"  # the ledger's actor for what the server's administrator does from the command line


def _cluster_files(contents: Contents, folder: Path, province: Province, state: Path) -> None:
    """Each cluster's under cum/<code>/ in the archive, whatever its folder is called on disk."""
    for entry in province.clusters:
        base, prefix = cluster_folder(folder, province, entry.code), f"{CLUSTER_STATE}/{entry.code}"
        contents.files[f"{prefix}/config.yaml"] = base / "config.yaml"
        if template := own_template(base / "config.yaml", cluster_config(folder, province, entry.code)):
            contents.files[f"{prefix}/mau/{template[0]}"] = template[1]
        contents.add_folder(f"{prefix}/inputs", base / "inputs")
        contents.add_folder(f"{prefix}/{DOSSIERS}", state / CLUSTER_STATE / entry.code / DOSSIERS)
        contents.add_irreplaceable(base / "outputs", state / CLUSTER_STATE / entry.code, folder / BACKUPS, f"{prefix}/")


def backup_province(args: argparse.Namespace) -> Exit:
    from thidua.state.base import now
    from thidua.state.store import open_store

    folder: Path = args.province
    province: Province = args.province_config
    place = in_province(folder, province.portal.state, province.portal.database, "")
    moment = now()
    target = args.to or folder / BACKUPS / f"thidua-sao-luu-tinh-{moment:%Y%m%d-%H%M%S}.zip"
    contents = Contents({PROVINCE_FILE: folder / PROVINCE_FILE})
    _cluster_files(contents, folder, province, place.state)
    clusters = {entry.code: entry.folder for entry in province.clusters}
    with open_store(place.database_url()) as store:
        logged = (ACTOR, f"sao lưu cả tỉnh bằng lệnh thidua backup vào {target.name}")
        kind = write_backup(store, contents, target, moment, logged, {"scope": SCOPE_PROVINCE, "clusters": clusters})
    counted = _counted(contents)
    console.print(
        f"Đã sao lưu cả tỉnh vào “{target}”: province.yaml, {len(clusters)} cụm, khối (config.yaml, "
        f"{counted['inputs']} tệp báo cáo trong inputs/, "
        f"{IRREPLACEABLE.format(count=counted['outputs'] + counted['builds'])}), "
        + (
            f"{counted[DOSSIERS]} tệp hồ sơ đề nghị các cụm, khối đã gửi"
            if counted[DOSSIERS]
            else "chưa có hồ sơ đề nghị nào gửi qua cổng"
        )
        + f", dữ liệu cổng thông tin ({kind}), ngày {today():%d/%m/%Y}. Hãy chép tệp này sang ổ đĩa hoặc máy khác."
    )
    return Exit.OK


def _counted(contents: Contents) -> dict[str, int]:
    kinds = [name.split("/")[2] for name in contents.files if name.startswith(f"{CLUSTER_STATE}/")]
    return {kind: kinds.count(kind) for kind in ("inputs", DOSSIERS, "outputs", "builds")}


def restore_province(args: argparse.Namespace) -> Exit:
    """Checked whole first; province.yaml and each config.yaml written only where missing (a differing
    one kept, the backup's beside it); returns and dossiers written back where missing, never over a
    file; the shared database replaced, the current one kept aside."""
    folder: Path = args.province
    with checked_archive(args.archive, folder) as (unpacked, manifest):
        if manifest.get("scope") != SCOPE_PROVINCE:
            raise UsageError(
                f"“{args.archive}” là bản sao lưu của một cụm, khối, không phải của cả tỉnh: khôi phục bằng "
                f"thidua restore “{args.archive}” --config <config.yaml của cụm>. Chưa có gì bị thay đổi."
            )
        clusters = _clusters_of(manifest, args.archive)
        # The province.yaml in place is kept: a broken one stops the restore here, before anything changes.
        current = load_province(folder) if (folder / PROVINCE_FILE).exists() else None
        known = (current or load_province(unpacked)).portal  # where the portal's state is
        with no_portal_running(in_province(folder, known.state, known.database, "").state):
            confirm(args, manifest, folder)
            keep_or_write(unpacked / PROVINCE_FILE, folder / PROVINCE_FILE)
            province = current or load_province(folder)
            place = in_province(folder, province.portal.state, province.portal.database, "")
            added, kept = _write_back(unpacked, folder, clusters, place.state)
            restore_database(unpacked, place.database_url(), place.state)
    _log_restore(place.database_url(), args.archive, manifest)
    opening = f"Đã khôi phục cả tỉnh từ bản sao lưu ngày {created(manifest)}: dữ liệu cổng thông tin, {added} tệp"
    say_kept(f"{opening} báo cáo, hồ sơ, bản đã ký số và bản đã sửa tay ghi lại", kept)
    return Exit.OK


def _write_back(unpacked: Path, folder: Path, clusters: dict[str, str], state: Path) -> tuple[int, list[str]]:
    """Each cluster's config (kept when it differs), Word template, returns and dossiers written back where
    missing; (files written, names of the differing files kept)."""
    added, kept = 0, []
    for code, cluster in clusters.items():
        saved, base = unpacked / CLUSTER_STATE / code, folder / cluster
        keep_or_write(saved / "config.yaml", base / "config.yaml")
        restore_missing(saved / "mau", base)
        for part, into in (("inputs", base / "inputs"), (DOSSIERS, state / CLUSTER_STATE / code / DOSSIERS)):
            written, differing = restore_missing(saved / part, into)
            added += written
            kept += [f"{cluster}/{part}/{name}" for name in differing]
        written, differing = restore_made(saved, base / "outputs", state / CLUSTER_STATE / code / "builds")
        added += written
        kept += [f"{cluster}/{name}" for name in differing]
    return added, kept


def _clusters_of(manifest: dict[str, object], archive: Path) -> dict[str, str]:
    """The archive's clusters (code → folder as province.yaml named it when the backup was made)."""
    found = manifest.get("clusters")
    if not isinstance(found, dict) or not all(
        isinstance(code, str) and CODE.fullmatch(code) and isinstance(folder, str) and folder
        for code, folder in found.items()
    ):
        raise UsageError(
            f"Không khôi phục được từ “{archive}”: danh mục các cụm, khối trong bản sao lưu hỏng. "
            "Chưa có gì bị thay đổi."
        )
    return dict(found)


def _log_restore(url: str, archive: Path, manifest: dict[str, object]) -> None:
    from thidua.state.store import open_store

    with open_store(url) as store:
        store.log(ACTOR, "restore", f"khôi phục cả tỉnh từ bản sao lưu {archive.name} (ngày {created(manifest)})")
