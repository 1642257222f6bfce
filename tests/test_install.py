"""thidua as an office installs it: the `thidua` command and `python -m thidua` are the same CLI as
`python pipeline.py`, from any folder; the portal starts its builds the same way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLE_CONFIG

from thidua.portal.builds import COMMAND, _failure

SCRIPT = Path(sys.executable).with_name("thidua")


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", cwd=cwd, timeout=120)


def test_the_installed_command_and_python_m_thidua(tmp_path) -> None:
    for argv in ([str(SCRIPT)], COMMAND):
        done = _run([*argv, "check-template", "--config", str(EXAMPLE_CONFIG)], tmp_path)
        assert done.returncode == 0, done.stderr
        assert "Mẫu báo cáo và lời văn trong cấu hình hợp lệ." in done.stdout


def test_usage_errors_name_the_command_the_user_typed(tmp_path) -> None:
    done = _run([str(SCRIPT), "run", "--kind", "tuần"], tmp_path)
    assert done.returncode == 2 and "thidua run" in done.stderr and "pipeline.py" not in done.stderr


def test_a_failed_build_tells_the_chair_in_words_never_a_path_a_code_or_a_stack(caplog) -> None:
    snapshot = Path("/srv/thidua/portal-data/builds/0a1b2c3d/inputs")
    said = f"Đang đọc…\n\nChưa có báo cáo nào của năm 2023 trong “{snapshot}”."
    message = _failure(2, said, "", snapshot)
    assert message == "Chưa lập được báo cáo: Đang đọc… Chưa có báo cáo nào của năm 2023 trong các báo cáo đã nhận."
    crashed = _failure(-9, "", "Traceback …\nMemoryError", snapshot)
    assert "lỗi không mong đợi của thidua" in crashed and "MemoryError" not in crashed and "-9" not in crashed
    assert "MemoryError" in caplog.text  # for whoever maintains the server
