"""Legacy Vietnamese encodings pasted into Unicode cells: detected, and converted when unambiguous."""

from __future__ import annotations

import pytest

from thidua.intake.legacy import convert, detect


@pytest.mark.parametrize(
    ("typed", "encoding", "meant"),
    [
        ("Héi N«ng d©n tØnh L¹ng S¬n", "tcvn3", "Hội Nông dân tỉnh Lạng Sơn"),
        ("Phèi hîp víi Héi N«ng d©n tØnh tæ chøc héi nghÞ", "tcvn3", "Phối hợp với Hội Nông dân tỉnh tổ chức hội nghị"),
        ("Hoäi Noâng daân tænh Laïng Sôn", "vni", "Hội Nông dân tỉnh Lạng Sơn"),
        ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "vni", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("Ñoaøn thanh nieân Vieät Nam naêm 2023 ñaõ toå chöùc", "vni", "Đoàn thanh niên Việt Nam năm 2023 đã tổ chức"),
    ],
)
def test_detect_and_convert(typed, encoding, meant) -> None:
    assert detect(typed) == encoding
    assert convert(typed, encoding) == meant


@pytest.mark.parametrize(
    "text",
    [
        "Hội Nông dân tỉnh Lạng Sơn",
        "Mô hình “Ngôi nhà xanh” tại xã Hoàng Đồng, thành phố Lạng Sơn",
        "Giấy khen của Ủy ban; Bằng khen © 2023",
        "Tổ chức Tháng Công nhân năm 2023 với nhiều hoạt động chăm lo đoàn viên",
    ],
)
def test_unicode_text_is_left_alone(text) -> None:
    assert detect(text) is None


def test_mixed_text_is_not_converted() -> None:
    assert convert("Hội Noâng daân", "vni") is None
