"""The benchmark, small: it must keep running and keep checking its outputs (CI runs this on every change)."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))


def test_small_benchmark_runs_and_checks_its_outputs(tmp_path) -> None:
    import bench

    text = bench.main(
        [
            *(
                "--units",
                "6",
                "--months",
                "2",
                "--runs",
                "1",
                "--corpus",
                str(tmp_path),
                "--out",
                str(tmp_path / "r.md"),
            ),
            *("--province", "3", "3", "2"),
        ]
    )
    assert "đúng các lỗi đã cài vào bộ tệp" in text and "`check` sau khi có 6 tệp mới" in text
    assert "phần thêm do 6 tệp mới, 48 tệp" in text  # the folder four times larger, measured beside it
    assert "6 trang kết quả đúng kết luận đã cài" in text  # the portal part checked its pages too
    assert "bảng hiện đủ 3 Cụm; 3 trang kết quả nộp đều có kết luận" in text  # and the province's
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == text + "\n"
