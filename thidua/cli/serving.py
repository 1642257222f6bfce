"""What starting a portal takes, a cluster's as a province's: the port and address it listens on, said in
words when they cannot be had; the portal's folder held while it serves (no restore under it); the returns
it found stored but unrecorded, and recorded, said."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from thidua.cli.common import UsageError, console


def listening(start: Callable[[], Any], host: str, port: int) -> Any:
    """The server `start` makes, listening; a port taken or an address not of this machine is a UsageError
    that says so, not a complaint about files."""
    from thidua.cli.oserrors import bad_host, server_error

    try:
        return start()
    except OSError as err:
        raise UsageError(server_error(err, host, port)) from None
    except ValueError:  # waitress's own answer when the address cannot be resolved ("999.1.1.1")
        raise UsageError(bad_host(host)) from None


def say_adopted(count: int) -> None:
    if count:
        console.print(
            f"[yellow]Đã ghi lại {count} lần nộp mà cổng đã lưu tệp nhưng chưa kịp ghi sổ (cổng dừng đột ngột lần "
            "trước), với giờ cổng nhận ghi trong tên tệp; xem Nhật ký.[/]"
        )


@contextmanager
def while_serving(state: Path) -> Iterator[None]:
    """The portal's folder held for as long as the server runs, so no restore replaces its database under
    it (state/running.py); UsageError when a restore is under way."""
    from thidua.state.running import Busy, serving

    try:
        with serving(state):
            yield
    except Busy:
        raise UsageError(
            f"Đang khôi phục dữ liệu cổng thông tin ở “{state}” từ bản sao lưu; hãy chờ khôi phục xong rồi chạy lại."
        ) from None


def stop_on_terminate() -> None:
    """A service manager's stop (SIGTERM) ends the server as Ctrl+C does, its workers included."""
    import signal

    signal.signal(signal.SIGTERM, _stop)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
