"""What a signature shows (Nghị định 30/2020, Phụ lục I): the signer's handwritten signature in blue, and
for the organisation its red seal at real size over the left third of it; an attachment's organisation
signature is text only, Times New Roman 10 (Liberation Serif, its metric twin, where Times is absent)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image

POINTS_PER_MM = 72 / 25.4
FONTS = (  # Times New Roman or a face with the same metrics and every Vietnamese letter
    "C:/Windows/Fonts/times.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
)


@dataclass(frozen=True)
class Picture:
    image: Image.Image
    size: tuple[float, float]  # as printed, in points
    signature_left: float  # where the signature itself starts, in points from the picture's left edge


def _scaled(path: str, width_pt: float) -> Image.Image:
    with Image.open(path) as opened:
        image = opened.convert("RGBA")
    height = image.height * width_pt / image.width
    return image.resize((max(1, round(width_pt * 4)), max(1, round(height * 4))))  # 4 pixels a point: sharp


def picture(signature: str, seal: str, signature_mm: float, seal_mm: float) -> Picture | None:
    """The signer's image, with the seal over its left third when `seal` is given; None without either."""
    if not signature and not seal:
        return None
    sign = _scaled(signature, signature_mm * POINTS_PER_MM) if signature else None
    stamp = _scaled(seal, seal_mm * POINTS_PER_MM) if seal else None
    if stamp is None:
        assert sign is not None
        return Picture(sign, (sign.width / 4, sign.height / 4), 0.0)
    if sign is None:
        return Picture(stamp, (stamp.width / 4, stamp.height / 4), 0.0)
    left = stamp.width - sign.width // 3  # the seal covers the signature's left third
    width, height = max(stamp.width, left + sign.width), max(stamp.height, sign.height)
    canvas = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    canvas.alpha_composite(sign, (left, (height - sign.height) // 2))
    canvas.alpha_composite(stamp, (0, (height - stamp.height) // 2))  # the seal on top, as it is stamped
    return Picture(canvas, (width / 4, height / 4), left / 4)


def font_file(configured: str = "") -> str:
    """The font for text in a signature; '' when the machine has none of them."""
    for candidate in (configured, *FONTS):
        if candidate and Path(candidate).is_file():
            return candidate
    return ""


def text_picture(lines: list[str], font: str, size_pt: float = 10) -> Picture | None:
    """Lines of black text (Times New Roman 10, or its metric twin) drawn as a picture: what an attachment's
    organisation signature shows. Drawn here rather than as PDF text, whose embedded OpenType widths
    pyHanko 0.38 writes in the font's own units (2048 an em for Times) and viewers space twice too wide."""
    if not font:
        return None
    from PIL import ImageDraw, ImageFont

    scale = 4  # pixels a point
    face = ImageFont.truetype(font, round(size_pt * scale))
    boxes = [face.getbbox(line or " ") for line in lines]
    line_height = round(size_pt * 1.2 * scale)
    width = round(max(box[2] for box in boxes)) + scale
    image = Image.new("RGBA", (width, line_height * len(lines)), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((0, n * line_height), line, font=face, fill=(0, 0, 0, 255))
    return Picture(image, (image.width / scale, image.height / scale), 0.0)
