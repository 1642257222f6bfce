"""The province's commands: serve every cluster and the board in one portal, the board's workbook and the
council's list, and the board's and council's accounts."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from thidua.batch import placed
from thidua.cli.common import (
    Exit,
    UsageError,
    command_name,
    console,
    print_pending,
    put_in_place,
    read_password,
    today,
)
from thidua.config import Config
from thidua.config.province import Province, cluster_config, cluster_folder

if TYPE_CHECKING:
    from thidua.province.board import ClusterFacts
    from thidua.state.store import Store

USERNAME = re.compile(r"[a-z0-9][a-z0-9.-]{2,39}")
BOARD_FOLDER = "outputs"  # under the province's folder: the board's own outputs


def province_store(args: argparse.Namespace) -> Store:
    """The province's database, speaking for the province itself (cluster "")."""
    from thidua.state.place import in_province
    from thidua.state.store import open_store

    province: Province = args.province_config
    place = in_province(args.province, province.portal.state, province.portal.database, "")
    return open_store(place.database_url())


def clusters(args: argparse.Namespace) -> list[tuple[str, Config, Path]]:
    """(code, config, folder) of every cluster of the province, in province.yaml's order."""
    province: Province = args.province_config
    return [
        (c.code, cluster_config(args.province, province, c.code), cluster_folder(args.province, province, c.code))
        for c in province.clusters
    ]


def gather(args: argparse.Namespace, store: Store, day: date) -> tuple[list[ClusterFacts], list[int]]:
    """Every cluster's facts as of `day`: its check (with its own cache), its year's scores, its dossier."""
    from thidua.intake.cache import CACHE_FOLDER, OutcomeCache, fingerprint
    from thidua.intake.folder import check_folder
    from thidua.portal.overview import grid_through
    from thidua.province.board import board_months, cluster_facts
    from thidua.province.built import built_reports
    from thidua.province.office_scoring import found, latest_scoring
    from thidua.province.proposals import year_scores
    from thidua.state.place import in_province

    province: Province = args.province_config
    year, months = province.province.year, board_months(province, day)
    dossiers = store.dossier_states(year)
    facts = []
    for code, cfg, folder in clusters(args):
        place = in_province(args.province, province.portal.state, province.portal.database, code)
        cache = OutcomeCache(place.state / CACHE_FOLDER, fingerprint(cfg))
        last = grid_through(cfg, day)  # the last of the cluster's periods that has ended
        checked = check_folder(folder / "inputs", cfg, day, last, cache=cache)
        outputs = [folder / "outputs", place.state / "builds"]
        scores = year_scores(checked, cfg, latest_scoring(found(outputs), cfg, day))
        reports = built_reports(outputs)
        awards = province.province.awards
        facts.append(cluster_facts(code, cfg, checked, scores, months, year, awards, dossiers.get(code), reports))
    return facts, months


PROVINCE_EXAMPLE = "tinh-mau"  # the bundled example province: three very different clusters (thidua/assets)
PROVINCE_NEXT_STEPS = """Đã tạo thư mục của tỉnh tại {folder}:
  province.yaml   cấu hình của tỉnh: Sở Nội vụ, các Cụm, Khối, phần dùng chung (bảng điểm...), cổng thông tin
{clusters}
Việc tiếp theo:
  1. Sửa province.yaml và config.yaml của từng Cụm, Khối (mục “Chế độ cấp tỉnh” của README).
  2. Tài khoản của Sở Nội vụ: {prog} accounts --province "{folder}" --role board --username ten-dang-nhap --totp
  3. Mật khẩu Văn phòng của từng Cụm, Khối: {prog} chair-password --province "{folder}" --cluster MÃ
  4. Cổng thông tin cho cả tỉnh: {prog} serve --province "{folder}"
  5. Bảng tổng hợp và danh sách đề nghị: {prog} board --province "{folder}"
"""


def init_province(folder: Path) -> Exit:
    """thidua init --province: the example province's files, each cluster with its inputs/ and outputs/."""
    from importlib.resources import files

    source = files("thidua.assets").joinpath(PROVINCE_EXAMPLE)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "province.yaml").write_bytes(source.joinpath("province.yaml").read_bytes())
    lines = []
    for cluster in sorted((c for c in source.iterdir() if c.is_dir()), key=lambda c: c.name):
        target = folder / cluster.name
        for sub in ("inputs", "outputs"):
            (target / sub).mkdir(parents=True, exist_ok=True)
        (target / "config.yaml").write_bytes(cluster.joinpath("config.yaml").read_bytes())
        lines.append(f"  {cluster.name + '/':<16}config.yaml, inputs/, outputs/ của một Cụm, Khối (mã {cluster.name})")
    listed = "\n".join(lines)
    console.print(PROVINCE_NEXT_STEPS.format(folder=folder.resolve(), clusters=listed, prog=command_name()))
    return Exit.OK


def cmd_board(args: argparse.Namespace, _: Config | None) -> Exit:
    """The board's workbook and the council's list, in <province>/outputs/tinh-<year>/."""
    from thidua.report.council_list import write_council_list
    from thidua.workbooks.province_book import write_province_book

    province: Province = args.province_config
    year = province.province.year
    with province_store(args) as store:
        facts, months = gather(args, store, today())
    folder = args.province / BOARD_FOLDER / f"tinh-{year}"
    write_province_book(facts, months, year, folder / "tong-hop-tinh.xlsx")
    pending = write_council_list(facts, province, folder / "danh-sach-de-nghi.docx")
    put_in_place()
    names = (placed(folder / name) for name in ("tong-hop-tinh.xlsx", "danh-sach-de-nghi.docx"))
    console.print("Đã ghi " + ", ".join(f"[bold]{name}[/]" for name in names))
    print_pending({"danh-sach-de-nghi.docx": pending})
    return Exit.OK


def cmd_accounts(args: argparse.Namespace, _: Config | None) -> Exit:
    """The board's and council's accounts: listed (no --username); created, or given a new password and role
    (every session of it ends); disabled, enabled again or removed. --totp turns on the second factor and
    shows the seed once, as a URI an authenticator app reads and as text."""
    with province_store(args) as store:
        if not args.username:
            return _list_accounts(store)
        if not USERNAME.fullmatch(args.username):
            raise UsageError("Tên đăng nhập gồm 3–40 chữ thường không dấu, số, dấu chấm hoặc gạch ngang.")
        if args.disable or args.enable or args.remove:
            return _change_account(store, args)
        return _set_account(store, args)


def _list_accounts(store: Store) -> Exit:
    from thidua.state.access import COUNCIL

    found = store.accounts()
    if not found:
        console.print("Chưa có tài khoản nào của Sở Nội vụ hay Hội đồng.")
    for account in found:
        role = "Hội đồng" if account["role"] == COUNCIL else "Sở Nội vụ"
        factor = "có mã xác thực" if account["totp_secret"] else "không có mã xác thực"
        state = f"đã khóa từ {account['disabled'][:10]}" if account["disabled"] else "đang dùng"
        console.print(f"{account['username']}\t{role}\t{factor}\t{state}")
    return Exit.OK


def _change_account(store: Store, args: argparse.Namespace) -> Exit:
    name = args.username
    if args.remove:
        done, text = store.remove(name), f"Đã xóa tài khoản {name}; mọi phiên đăng nhập của tài khoản đã kết thúc."
    elif args.disable:
        done, text = store.disable(name), f"Đã khóa tài khoản {name}; mọi phiên đăng nhập của tài khoản đã kết thúc."
    else:
        done, text = store.disable(name, False), f"Đã mở khóa tài khoản {name}."
    if not done:
        raise UsageError(f"Không có tài khoản “{name}”; xem danh sách: {command_name()} accounts --province ...")
    what = "xóa" if args.remove else "khóa" if args.disable else "mở khóa"
    store.log("cli", "account", f"{what} tài khoản {name}")
    console.print(text)
    return Exit.OK


def _set_account(store: Store, args: argparse.Namespace) -> Exit:
    from thidua.state.access import BOARD, COUNCIL

    if args.role is None:
        raise UsageError("Cần --role board (Sở Nội vụ) hoặc --role council (Hội đồng) để tạo hay đặt mật khẩu.")
    role = {"board": BOARD, "council": COUNCIL}[args.role]
    password = read_password("Mật khẩu: ", 12, "Mật khẩu của tài khoản cấp tỉnh cần ít nhất 12 ký tự.")
    store.set_password(args.username, password, role)
    store.log(f"{role}:{args.username}", "account", f"đặt mật khẩu tài khoản {args.username} ({args.role})")
    if args.totp:
        import pyotp

        secret = pyotp.random_base32()
        store.set_totp(args.username, secret)
        issuer = args.province_config.board.short_name
        uri = pyotp.TOTP(secret).provisioning_uri(name=args.username, issuer_name=f"thidua {issuer}")
        console.print("Mã xác thực hai bước đã bật. Quét hoặc nhập vào ứng dụng xác thực trên điện thoại:")
        console.print(f"  {uri}\n  Khóa: {secret}")
        console.print("Khóa chỉ hiện một lần; hãy lưu ngay vào ứng dụng, không gửi qua thư điện tử.")
    what = "Hội đồng" if role == COUNCIL else "Sở Nội vụ"
    console.print(f"Đã đặt mật khẩu cho tài khoản {args.username} ({what}); mọi phiên đăng nhập cũ đã kết thúc.")
    return Exit.OK


def serve_province(args: argparse.Namespace) -> Exit:
    """Every cluster of the province under /c/<code>/ and the board at /tinh/, one waitress server."""

    from thidua.cli.serving import listening, say_adopted, stop_on_terminate, while_serving
    from thidua.portal.province_app import create_province_app
    from thidua.portal.server import serve
    from thidua.state.place import in_province

    province: Province = args.province_config
    root = in_province(args.province, province.portal.state, province.portal.database, "").state
    with while_serving(root), province_store(args) as store:
        site, board = create_province_app(args.province.resolve(), province, clusters(args), today, store)
        say_adopted(sum(p.adopted for p in board.extensions["thidua_board"].clusters.values()))
        server = listening(lambda: serve(board, province.portal, args.host, args.port, site), args.host, args.port)
        console.print(
            f"Cổng thông tin của {province.province.name} chạy tại http://{args.host}:{server.effective_port}"
        )
        sys.stdout.flush()
        stop_on_terminate()
        server.run()
    console.print("Đã dừng cổng thông tin.")
    return Exit.OK
