"""The portal's commands: serve it, print or renew units' private links, set the chair's password."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from thidua.cli.common import Exit, UsageError, console, read_password, today
from thidua.config import Config

if TYPE_CHECKING:
    from thidua.state.store import Store


def _store(args: argparse.Namespace, cfg: Config) -> Store:
    """The portal's database for the cluster the command works on (a province's is shared, scoped)."""
    from thidua.state.store import open_store

    return open_store(args.place.database_url(), args.place.cluster)


def cmd_serve(args: argparse.Namespace, cfg: Config | None) -> Exit:
    from thidua.portal.app import create_app
    from thidua.portal.server import serve

    if cfg is None:  # --province: every cluster and the board, one portal
        from thidua.cli.province_commands import serve_province

        return serve_province(args)
    from thidua.cli.serving import listening, say_adopted, stop_on_terminate, while_serving

    with while_serving(args.place.state):
        store = _store(args, cfg)
        if store.office_account() is None:
            console.print("[yellow]Chưa đặt mật khẩu Văn phòng: chạy thidua chair-password trước khi đăng nhập.[/]")
        folders = (args.config.resolve(), args.inputs.resolve(), args.outputs.resolve())
        app = create_app(cfg, *folders, today, store, args.place.state)
        say_adopted(app.extensions["thidua"].adopted)
        server = listening(lambda: serve(app, cfg.portal, args.host, args.port), args.host, args.port)
        # The port actually listened on (--port 0 asks the system for a free one): what tests and services read.
        console.print(f"Cổng thông tin chạy tại http://{args.host}:{server.effective_port} (Ctrl+C để dừng).")
        sys.stdout.flush()
        stop_on_terminate()
        server.run()  # returns on KeyboardInterrupt, after waitress has stopped its threads
        store.close()
    console.print("Đã dừng cổng thông tin.")
    return Exit.OK


def cmd_links(args: argparse.Namespace, cfg: Config) -> Exit:
    base = (args.base_url or cfg.portal.base_url).rstrip("/") + args.place.mount
    codes = {u.code for u in cfg.units}
    if args.renew and args.renew not in codes:
        raise UsageError(f"Không có đơn vị mã “{args.renew}”; các mã: {', '.join(sorted(codes))}.")
    with _store(args, cfg) as store:
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
    password = read_password("Mật khẩu mới của Văn phòng: ", 10, "Mật khẩu cần ít nhất 10 ký tự.")
    from thidua.state.access import CHAIR, OFFICE_USERNAME

    with _store(args, cfg) as store:
        store.set_password(OFFICE_USERNAME, password)
        store.log(CHAIR, "password", "đặt mật khẩu Văn phòng (mọi phiên đăng nhập cũ đã kết thúc)")
    console.print("Đã đặt mật khẩu Văn phòng; mọi phiên đăng nhập Văn phòng đang mở đã kết thúc.")
    return Exit.OK


def cmd_remind(args: argparse.Namespace, cfg: Config) -> Exit:
    """The reminder letters for overdue returns (as of today, through the last period that has ended),
    printed; with --send, e-mailed, each at most once."""
    from thidua.cli.checking import check_inputs
    from thidua.portal.mail import reminders, send
    from thidua.portal.overview import grid_through

    args.json = False
    args.period = args.period or grid_through(cfg, today()).key
    letters = reminders(cfg, check_inputs(args, cfg, allow_empty=True))
    if not letters:
        console.print("Không có đơn vị nào quá hạn mà chưa nộp báo cáo.")
        return Exit.OK
    if not args.send:
        for letter in letters:
            console.print(
                f"[bold]Gửi: {letter.to or '(đơn vị chưa có địa chỉ thư điện tử)'}[/]\nTiêu đề: {letter.subject}"
            )
            console.print(letter.body + "\n")
        console.print("Chưa gửi thư nào. Chạy lại với --send để gửi.")
        return Exit.OK
    with _store(args, cfg) as store:
        outcomes = send(cfg, store, letters)
    for outcome in outcomes:
        letter = outcome.letter
        console.print(f"{cfg.unit(letter.unit).short_name} ({letter.to or 'không có địa chỉ'}): {outcome.text}")
    if failed := [o for o in outcomes if o.failed]:
        console.print(f"[red]{len(failed)}/{len(outcomes)} thư chưa gửi được; xem lý do ở từng dòng trên.[/]")
        return Exit.FAILED
    return Exit.OK
