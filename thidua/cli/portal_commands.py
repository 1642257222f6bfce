"""The portal's commands: serve it, print or renew units' private links, set the chair's password."""

from __future__ import annotations

import argparse
import getpass
import sys

from thidua.cli.common import Exit, UsageError, console, today
from thidua.config import Config


def _store(args: argparse.Namespace, cfg: Config):
    from thidua.portal.store import Store

    return Store((args.config.parent / cfg.portal.state).resolve() / "portal.sqlite3")


def cmd_serve(args: argparse.Namespace, cfg: Config) -> Exit:
    import waitress

    from thidua.portal.app import create_app

    store = _store(args, cfg)
    if not store.setting("chair_password"):
        console.print(
            "[yellow]Chưa đặt mật khẩu Văn phòng: chạy python pipeline.py chair-password trước khi đăng nhập.[/]"
        )
    app = create_app(cfg, args.config.resolve(), args.inputs.resolve(), args.outputs.resolve(), today)
    console.print(f"Cổng thông tin chạy tại http://{args.host}:{args.port} (Ctrl+C để dừng).")
    waitress.serve(app, host=args.host, port=args.port, **server_options(cfg))
    return Exit.OK


def server_options(cfg: Config) -> dict[str, object]:
    """waitress settings: a request body bound just above the upload limit; proxy headers trusted only from
    the configured proxy (waitress then sets the client address and scheme from them)."""
    options: dict[str, object] = {"threads": 8, "max_request_body_size": (cfg.portal.max_upload_mb + 1) * 2**20}
    if cfg.portal.trusted_proxy:
        options |= {
            "trusted_proxy": cfg.portal.trusted_proxy,
            "trusted_proxy_count": 1,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
            "clear_untrusted_proxy_headers": True,
        }
    return options


def cmd_links(args: argparse.Namespace, cfg: Config) -> Exit:
    store = _store(args, cfg)
    base = (args.base_url or cfg.portal.base_url).rstrip("/")
    codes = {u.code for u in cfg.units}
    if args.renew and args.renew not in codes:
        raise UsageError(f"Không có đơn vị mã “{args.renew}”; các mã: {', '.join(sorted(codes))}.")
    existing = store.links()
    for unit in cfg.units:
        if unit.code == args.renew or unit.code not in existing:
            console.print(f"{unit.code}\t{base}/u/{store.new_link(unit.code)}\t{unit.short_name}")
        else:
            created = existing[unit.code][:10]
            console.print(f"{unit.code}\t(đã cấp ngày {created}; cấp lại: --renew {unit.code})\t{unit.short_name}")
    console.print(
        "Liên kết chỉ hiện một lần khi cấp (thidua chỉ lưu mã băm): hãy gửi ngay cho từng đơn vị. "
        "Cấp lại làm liên kết cũ hết hiệu lực."
    )
    return Exit.OK


def cmd_chair_password(args: argparse.Namespace, cfg: Config) -> Exit:
    if sys.stdin.isatty():
        password = getpass.getpass("Mật khẩu mới của Văn phòng: ")
        if getpass.getpass("Nhập lại: ") != password:
            raise UsageError("Hai lần nhập không giống nhau.")
    else:
        password = sys.stdin.readline().rstrip("\n")
    if len(password) < 10:
        raise UsageError("Mật khẩu cần ít nhất 10 ký tự.")
    _store(args, cfg).set_chair_password(password)
    console.print("Đã đặt mật khẩu Văn phòng.")
    return Exit.OK
