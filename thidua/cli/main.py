"""thidua command line: parses arguments, runs one command (thidua/cli/commands.py), maps errors to exit codes.

Installed as the `thidua` command (pyproject [project.scripts]), as `python -m thidua`, and as
`python pipeline.py` in a checkout."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from thidua.cli.common import Exit, UsageError, console
from thidua.cli.parser import ViParser
from thidua.config import ConfigError, load_config
from thidua.periods import KINDS, PeriodError

DESCRIPTION = """thidua: tổng hợp báo cáo thi đua, khen thưởng của Cụm, Khối thi đua.

Ví dụ:
    {prog} templates --period 2023-07    tạo biểu mẫu tháng 7/2023 cho các đơn vị
    {prog} check                         kiểm tra các tệp trong inputs/
    {prog} run --period 2023-06          lập bảng tổng hợp và báo cáo
    {prog} run --period 2023-12          báo cáo tổng kết năm, chấm điểm, biên bản, tờ trình
"""

PATH_OPTIONS = [  # option, default, placeholder, help
    ("--config", "config.yaml", "TỆP", "tệp cấu hình (mặc định config.yaml)"),
    ("--inputs", "inputs", "THƯ_MỤC", "thư mục báo cáo đơn vị gửi về (mặc định inputs)"),
    ("--outputs", "outputs", "THƯ_MỤC", "thư mục kết quả (mặc định outputs)"),
]


def _program() -> str:
    """The name the user typed, for usage lines: 'pipeline.py' in a checkout, else 'thidua'."""
    return "pipeline.py" if Path(sys.argv[0]).name == "pipeline.py" else "thidua"


def build_parser() -> argparse.ArgumentParser:
    prog = _program()
    parser = ViParser(
        prog=prog, description=DESCRIPTION.format(prog=prog), formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--traceback", action="store_true", help="hiện chi tiết lỗi kỹ thuật (cho lập trình viên)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    specs = {
        "templates": "tạo biểu mẫu Excel cho từng đơn vị, ví dụ: pipeline.py templates --period 2023-07",
        "check": "đọc và kiểm tra các tệp trong inputs/, ví dụ: pipeline.py check --period 2023-06",
        "run": "kiểm tra, tổng hợp, ghi bảng tổng hợp và báo cáo, ví dụ: pipeline.py run --period 2023-06",
        "check-template": "kiểm tra mẫu Word và lời văn báo cáo trước khi lập, ví dụ: pipeline.py check-template",
        "serve": "chạy cổng thông tin cho đơn vị nộp báo cáo, ví dụ: pipeline.py serve --port 8000",
        "links": "in liên kết riêng của từng đơn vị (cấp mới khi chưa có), ví dụ: pipeline.py links --renew HND",
        "chair-password": "đặt mật khẩu Văn phòng (đọc từ bàn phím), ví dụ: pipeline.py chair-password",
        "registration": "tạo bản đăng ký thi đua cả năm cho từng đơn vị, ví dụ: pipeline.py registration",
        "pact": "lập giao ước thi đua từ các bản đăng ký trong inputs/, ví dụ: pipeline.py pact",
        "self-score": "tạo bảng tự chấm điểm tính sẵn cho từng đơn vị, ví dụ: pipeline.py self-score --period 2023-11",
        "score": "chấm điểm, xếp hạng, lập biên bản bình xét và tờ trình, ví dụ: pipeline.py score --period 2023-11",
    }
    for name, help_text in specs.items():
        help_text = help_text.replace("pipeline.py", prog)
        command = sub.add_parser(name, help=help_text, description=help_text)
        for option, default, metavar, help_text in PATH_OPTIONS:
            command.add_argument(option, type=Path, default=Path(default), metavar=metavar, help=help_text)
        command.add_argument(
            "--period", metavar="KỲ", help="kỳ báo cáo dạng năm-tháng, ví dụ 2023-06 (mặc định: kỳ mới nhất có báo cáo)"
        )
        if name in JSON_COMMANDS:
            command.add_argument(
                "--json",
                action="store_true",
                help="in kết quả dạng JSON (các phát hiện, văn bản đã ghi); thông báo chuyển sang stderr",
            )
        if name == "run":
            command.add_argument("--kind", choices=list(KINDS), help="loại báo cáo: thang, quy, 6thang, nam")
        if name in ("run", "score"):
            command.add_argument(
                "--pdf", action="store_true", help="hồ sơ khen thưởng kèm bản PDF/A của từng văn bản (cần LibreOffice)"
            )
        if name == "serve":
            command.add_argument(
                "--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1: chỉ máy này)"
            )
            command.add_argument("--port", type=int, default=8000, help="cổng (mặc định 8000)")
        if name == "links":
            command.add_argument(
                "--base-url", metavar="URL", help="địa chỉ cổng thông tin mà đơn vị mở (mặc định portal.base_url)"
            )
            command.add_argument(
                "--renew", metavar="MÃ", help="cấp lại liên kết cho đơn vị này (liên kết cũ hết hiệu lực)"
            )
    return parser


JSON_COMMANDS = ("check", "run", "score")  # the commands whose result a tool may read as JSON


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.traceback:
        os.environ["THIDUA_WORKER_STDERR"] = "1"  # workers keep native crash output for debugging
    args.json = getattr(args, "json", False)
    if not args.json:
        return _dispatch(args)
    # stdout carries the JSON document alone; every message for people goes to stderr, for this command
    # only (rich's unset file follows whatever sys.stdout is, so the unset state is what is restored)
    screen = console._file
    console.file = sys.stderr
    try:
        return _dispatch(args)
    finally:
        console._file = screen


def _dispatch(args: argparse.Namespace) -> int:
    from thidua.cli import commands as cmd
    from thidua.cli import portal_commands as portal_cmd
    from thidua.cli import year_commands as year_cmd

    commands = {
        "templates": cmd.cmd_templates,
        "check": cmd.cmd_check,
        "run": cmd.cmd_run,
        "check-template": cmd.cmd_check_template,
        "serve": portal_cmd.cmd_serve,
        "links": portal_cmd.cmd_links,
        "chair-password": portal_cmd.cmd_chair_password,
        "registration": year_cmd.cmd_registration,
        "pact": year_cmd.cmd_pact,
        "self-score": year_cmd.cmd_self_score,
        "score": year_cmd.cmd_score,
    }
    try:
        cfg = load_config(args.config)
        return int(commands[args.command](args, cfg))
    except ConfigError as err:
        console.print(f"[red]Cấu hình “{args.config}” có {len(err.problems)} lỗi:[/]")
        for path, message in err.problems:
            console.print(f"  - {path + ': ' if path else ''}{message}")
        return Exit.USAGE
    except (UsageError, PeriodError) as err:
        console.print(f"[red]{err}[/]")
        return Exit.USAGE
    except OSError as err:
        if args.traceback:
            traceback.print_exc()
        console.print(
            f"[red]Không ghi được kết quả vào “{err.filename or args.outputs}”: {err.strerror}. "
            "Hãy kiểm tra quyền ghi của thư mục hoặc đóng tệp đang mở trong Excel.[/]"
        )
        return Exit.USAGE
    except Exception:  # a bug, not bad input: say so plainly, keep the stack for whoever fixes it
        if args.traceback:
            traceback.print_exc()
        console.print(
            "[red]thidua gặp lỗi không mong đợi. Hãy chạy lại lệnh với --traceback "
            f"({_program()} --traceback ...) và gửi kết quả cho người phụ trách kỹ thuật.[/]"
        )
        return Exit.INTERNAL
