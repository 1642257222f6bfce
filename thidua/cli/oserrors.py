"""What the operating system refused, said in Vietnamese: which file (never a temporary name), whether it
was being read or written, the reason in words, and what to do; the port and address of a server."""

from __future__ import annotations

import errno
import socket
from pathlib import Path

from thidua.atomic import TEMPORARY, WriteFailed
from thidua.os_reasons import reason


def file_error(err: OSError, reading: tuple[Path, ...] = ()) -> str:
    """One sentence for a file the command could not read or write. `reading`: folders whose files the
    command only reads (inputs/), so an error there is a read."""
    if isinstance(err, WriteFailed):
        return f"Không ghi được “{err.target}”: {reason(err.cause)}. Chưa tệp nào trong lần chạy này được thay."
    name = Path(str(err.filename)) if err.filename else None
    if name is not None and name.name.startswith(TEMPORARY):
        name = name.parent  # a file being written: the folder it goes into is what the office knows
        return f"Không ghi được vào thư mục “{name}”: {reason(err)}."
    if name is None:
        return f"Không đọc, ghi được tệp: {reason(err)}."
    read = any(_under(name, folder) for folder in reading)
    return f"Không {'đọc' if read else 'ghi'} được “{name}”: {reason(err)}."


def _under(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def bad_host(host: str) -> str:
    return (
        f"Không mở được cổng thông tin tại địa chỉ “{host}”: địa chỉ không hợp lệ hoặc không thuộc máy này. "
        "Dùng 127.0.0.1 (chỉ máy này) hoặc 0.0.0.0 (mọi mạng của máy), ví dụ --host 127.0.0.1."
    )


def server_error(err: OSError, host: str, port: int) -> str:
    """Why the portal could not start listening."""
    if isinstance(err, socket.gaierror) or err.errno == errno.EADDRNOTAVAIL:
        return bad_host(host)
    if err.errno == errno.EADDRINUSE:
        return (
            f"Cổng {port} đã có chương trình khác dùng (có thể cổng thông tin đang chạy ở một cửa sổ khác). "
            f"Hãy dừng chương trình đó, hoặc chọn cổng khác, ví dụ --port {port + 1 if port else 8001}."
        )
    if err.errno in (errno.EACCES, errno.EPERM):
        return f"Không được phép mở cổng {port} trên máy này (cổng dưới 1024 cần quyền quản trị); hãy chọn --port 8000."
    return f"Không mở được cổng thông tin tại {host}:{port}: {reason(err)}."
