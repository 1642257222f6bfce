"""argparse speaking Vietnamese: the standard library ships no Vietnamese catalogue for its own messages."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import NoReturn

from thidua.cli.common import VersionAction

# argparse's English error messages → Vietnamese (the patterns argparse 3.11–3.13 produces).
_ERRORS = [
    (r"the following arguments are required: (.+)", r"thiếu tham số bắt buộc: \1"),
    (
        r"argument (\S+): invalid choice: '?([^' ]+)'? \(choose from (.+)\)",
        r"\1: “\2” không hợp lệ; chọn một trong: \3",
    ),
    (r"unrecognized arguments: (.+)", r"không hiểu tham số: \1"),
    (r"argument (\S+): expected one argument", r"\1 cần một giá trị đi kèm"),
    (r"argument (\S+): invalid (\w+) value: (.+)", r"\1: giá trị \3 không hợp lệ"),
    (r"argument (\S+): (.+)", r"\1: \2"),  # our own messages (a port number), already in Vietnamese
]


def translate(message: str) -> str:
    for pattern, replacement in _ERRORS:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class ViParser(argparse.ArgumentParser):
    """ArgumentParser whose help headings and errors are in Vietnamese; subcommand parsers inherit it."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "lệnh"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "Cách dùng:", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "Cách dùng:", 1)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi: {translate(message)}\n")


# The folders every command that works on a cluster takes: option, default, placeholder, help.
PATH_OPTIONS = [
    ("--config", "config.yaml", "TỆP", "tệp cấu hình (mặc định config.yaml)"),
    ("--inputs", "inputs", "THƯ_MỤC", "thư mục báo cáo đơn vị gửi về (mặc định inputs)"),
    ("--outputs", "outputs", "THƯ_MỤC", "thư mục kết quả (mặc định outputs)"),
]
PROVINCE_HELP = "thư mục của tỉnh (có province.yaml): làm việc trên một cụm, khối của tỉnh"
CLUSTER_HELP = "mã cụm, khối trong province.yaml (cùng --province); thay cho --config, --inputs, --outputs"
PERIOD_HELP = "kỳ báo cáo dạng năm-tháng, ví dụ 2023-06 (mặc định: kỳ mới nhất có báo cáo)"
# Where a command's --period means something else, or has another default, its help says what the code does.
PERIOD_HELPS = {
    "templates": "kỳ của biểu mẫu dạng năm-tháng, ví dụ 2023-07 (bắt buộc; trong năm thi đua hoặc năm trước)",
    "remind": "nhắc các kỳ quá hạn đến kỳ này, dạng năm-tháng (mặc định: kỳ gần nhất đã kết thúc)",
    "score": "chấm điểm trên số liệu đến kỳ này (mặc định: kỳ của bảng chấm điểm đã có trong inputs/, nếu "
    "không thì kỳ mới nhất có báo cáo)",
}
JSON_HELP = "in kết quả dạng JSON (các phát hiện, văn bản đã ghi); thông báo chuyển sang stderr"
# name → (what it does, with an example; the options beyond the folders). "period": --period; "json": --json.
COMMANDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "init": ("tạo thư mục cho một cụm, khối thi đua mới, ví dụ: {prog} init D:\\ThiDua", ("folder",)),
    "templates": ("tạo biểu mẫu Excel cho từng đơn vị, ví dụ: {prog} templates --period 2023-07", ("period",)),
    "check": (
        "đọc và kiểm tra các tệp trong inputs/, ví dụ: {prog} check --period 2023-06",
        ("period", "json", "cache"),
    ),
    "run": (
        "kiểm tra, tổng hợp, ghi bảng tổng hợp và báo cáo, ví dụ: {prog} run --period 2023-06",
        ("period", "json", "kind", "pdf", "cache"),
    ),
    "check-template": ("kiểm tra mẫu Word và lời văn báo cáo trước khi lập, ví dụ: {prog} check-template", ()),
    "serve": ("chạy cổng thông tin cho đơn vị nộp báo cáo, ví dụ: {prog} serve --port 8000", ("serve",)),
    "links": (
        "in liên kết riêng của từng đơn vị (cấp mới khi chưa có), ví dụ: {prog} links --renew HND",
        ("links",),
    ),
    "chair-password": ("đặt mật khẩu Văn phòng (đọc từ bàn phím), ví dụ: {prog} chair-password", ()),
    "remind": (
        "gửi thư nhắc nộp qua thư điện tử (mặc định chỉ in ra, thêm --send để gửi), ví dụ: {prog} remind --send",
        ("period", "send", "cache"),
    ),
    "backup": (
        "sao lưu cấu hình, báo cáo và dữ liệu cổng thông tin vào một tệp, ví dụ: {prog} backup "
        "(cả tỉnh: {prog} backup --province D:\\ThiDuaTinh)",
        ("to",),
    ),
    "restore": (
        "khôi phục từ tệp sao lưu (kiểm tra trước khi ghi), ví dụ: {prog} restore thidua-sao-luu-20240125.zip",
        ("archive",),
    ),
    "registration": ("tạo bản đăng ký thi đua cả năm cho từng đơn vị, ví dụ: {prog} registration", ()),
    "profile": (
        "tạo hồ sơ đơn vị (thông tin, khen thưởng đã nhận: cho báo cáo thành tích) cho từng đơn vị, "
        "ví dụ: {prog} profile",
        ("cache",),
    ),
    "pact": ("lập giao ước thi đua từ các bản đăng ký trong inputs/, ví dụ: {prog} pact", ("cache",)),
    "self-score": (
        "tạo bảng tự chấm điểm tính sẵn cho từng đơn vị, ví dụ: {prog} self-score --period 2023-11",
        ("period", "cache"),
    ),
    "score": (
        "chấm điểm, xếp hạng, lập biên bản bình xét và tờ trình, ví dụ: {prog} score --period 2023-11",
        ("period", "json", "pdf", "cache"),
    ),
}
COMMANDS |= {
    "board": (
        "việc của Sở Nội vụ với cả tỉnh: bảng tổng hợp các cụm, khối và danh sách đề nghị trình Hội đồng, "
        "ví dụ: {prog} board --province D:\\ThiDuaTinh",
        ("province_only",),
    ),
    "accounts": (
        "tạo, đổi mật khẩu, khóa hoặc xóa tài khoản của Sở Nội vụ (board) hay thành viên Hội đồng (council), ví dụ: "
        "{prog} accounts --province D:\\ThiDuaTinh --role board --username nguyen-van-a --totp",
        ("province_only", "account"),
    ),
}
COMMANDS |= {
    "sign": (
        "ký số các tệp PDF của hồ sơ khen thưởng bằng token (USB ký số), ví dụ: {prog} sign --pkcs11-lib "
        "C:\\Windows\\System32\\vgca_csp11.dll (hỏi mã PIN; chỉ ký văn bản ghi tên người có chứng thư trên token)",
        ("sign",),
    ),
    "verify": (
        "kiểm tra chữ ký số của tệp PDF hoặc cả thư mục hồ sơ, ví dụ: {prog} verify "
        "outputs\\nam-2023-12\\ho-so-khen-thuong-cum-mttq-2023",
        ("verify",),
    ),
}
COMMANDS["next-year"] = (
    "tạo thư mục năm thi đua mới từ năm nay: đơn vị còn là thành viên, Cụm trưởng, Cụm phó mới bầu, báo cáo năm "
    "nay để so sánh cùng kỳ, ví dụ: {prog} next-year --chair HND --vice TD --to D:\\ThiDua2024",
    ("next_year", "cache"),
)
NO_CONFIG = {"init", "restore"}  # commands that run before there is a config.yaml to read
PROVINCE_ONLY = {"board", "accounts"}  # the province as a whole: --province, never a cluster
CLUSTER_OPTIONAL = {"serve", "backup"} | PROVINCE_ONLY  # with --province and no --cluster: the whole province


def port_number(text: str) -> int:
    """A TCP port, 0 to 65535 (0: any free one): anything else is refused, never served on another port."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"“{text}” không phải là số cổng: cần một số từ 0 đến 65535, ví dụ 8000")
    return int(text)


def _options(command: argparse.ArgumentParser, name: str, extras: tuple[str, ...]) -> None:
    from thidua.periods import KINDS

    add = command.add_argument
    if "period" in extras:
        add("--period", metavar="KỲ", help=PERIOD_HELPS.get(name, PERIOD_HELP))
    if "json" in extras:
        add("--json", action="store_true", help=JSON_HELP)
    if "kind" in extras:
        add("--kind", choices=list(KINDS), help="loại báo cáo: thang, quy, 6thang, nam")
    if "pdf" in extras:
        add(
            "--pdf",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="hồ sơ khen thưởng kèm bản PDF/A để ký của từng văn bản (mặc định, khi máy có LibreOffice; "
            "--no-pdf: không tạo)",
        )
    if "serve" in extras:
        add("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1: chỉ máy này)")
        add("--port", type=port_number, default=8000, help="cổng (mặc định 8000; 0: một cổng trống bất kỳ)")
    if "links" in extras:
        add("--base-url", metavar="URL", help="địa chỉ cổng thông tin mà đơn vị mở (mặc định portal.base_url)")
        add("--renew", metavar="MÃ", help="cấp lại liên kết cho đơn vị này (liên kết cũ hết hiệu lực)")
    if "send" in extras:
        add("--send", action="store_true", help="gửi thật (không có: chỉ in thư sẽ gửi và địa chỉ nhận)")
    if "to" in extras:
        add("--to", type=Path, metavar="TỆP", help="tệp sao lưu (mặc định sao-luu/thidua-sao-luu-<ngày giờ>.zip)")
    if "archive" in extras:
        add("archive", type=Path, metavar="TỆP_SAO_LƯU", help="tệp .zip do lệnh backup tạo")
        add("--yes", action="store_true", help="khôi phục mà không hỏi lại")
    if "cache" in extras:
        add(
            "--no-cache",
            action="store_true",
            help="đọc lại mọi tệp và config.yaml, không dùng kết quả đã kiểm tra lần trước (lưu trong thư mục "
            "portal-data/cache và bộ nhớ đệm của người dùng)",
        )
    if "folder" in extras:
        add("folder", type=Path, metavar="THƯ_MỤC", help="thư mục mới (chưa có, hoặc đang trống)")
        add("--province", action="store_true", help="thư mục của một tỉnh: nhiều cụm, khối, một cổng thông tin")
    if "next_year" in extras:
        add("--chair", required=True, metavar="MÃ", help="đơn vị được bầu Cụm (Khối) trưởng năm tới")
        add("--vice", action="append", default=[], metavar="MÃ", help="đơn vị được bầu Cụm (Khối) phó (có thể lặp)")
        add("--to", type=Path, required=True, metavar="THƯ_MỤC", help="thư mục mới cho năm tới (chưa có, hoặc trống)")
    if "sign" in extras:
        add(
            "dossier",
            type=Path,
            nargs="?",
            metavar="THƯ_MỤC_HỒ_SƠ",
            help="thư mục hồ sơ (mặc định: hồ sơ mới nhất trong outputs)",
        )
        add("--pkcs11-lib", type=Path, required=True, metavar="TỆP", help="thư viện PKCS#11 của token (.dll, .so)")
        add("--token", metavar="NHÃN", help="nhãn (tên) của token khi cắm nhiều token")
        add("--key", metavar="NHÃN", help="nhãn của khóa ký trên token khi token có nhiều khóa")
    if "verify" in extras:
        add("files", type=Path, nargs="+", metavar="TỆP", help="tệp PDF đã ký, hoặc thư mục hồ sơ")
    if "account" in extras:
        add("--role", choices=["board", "council"], help="board: Sở Nội vụ; council: Hội đồng (khi tạo, đặt mật khẩu)")
        add(
            "--username", metavar="TÊN", help="tên đăng nhập (chữ thường không dấu, số, -); không có: liệt kê tài khoản"
        )
        add("--totp", action="store_true", help="bật mã xác thực 6 số từ ứng dụng trên điện thoại (nên dùng)")
        change = command.add_mutually_exclusive_group()
        change.add_argument("--disable", action="store_true", help="khóa tài khoản: không đăng nhập được nữa")
        change.add_argument("--enable", action="store_true", help="mở khóa tài khoản đã khóa")
        change.add_argument("--remove", action="store_true", help="xóa hẳn tài khoản")


def build_parser(prog: str, description: str) -> argparse.ArgumentParser:
    parser = ViParser(prog=prog, description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--traceback", action="store_true", help="hiện chi tiết lỗi kỹ thuật (cho lập trình viên)")
    parser.add_argument("--version", action=VersionAction, help="in phiên bản rồi thoát")
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    for name, (help_text, extras) in COMMANDS.items():
        text = help_text.format(prog=prog)
        command = sub.add_parser(name, help=text, description=text)
        command._positionals.title = "tham số"  # a command's own positionals are files and folders, not commands
        if "province_only" in extras:
            command.add_argument("--province", type=Path, required=True, metavar="THƯ_MỤC", help=PROVINCE_HELP)
        elif name != "init":
            for option, _, metavar, option_help in PATH_OPTIONS:  # defaults filled in by cli/place.py
                command.add_argument(option, type=Path, metavar=metavar, help=option_help)
            command.add_argument("--province", type=Path, metavar="THƯ_MỤC", help=PROVINCE_HELP)
            command.add_argument("--cluster", metavar="MÃ", help=CLUSTER_HELP)
        _options(command, name, extras)
    return parser
