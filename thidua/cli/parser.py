"""argparse speaking Vietnamese: the standard library ships no Vietnamese catalogue for its own messages."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

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
