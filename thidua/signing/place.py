"""Where a signature goes on the page: above the signer's printed name in the document's signature block
(the image centred between the title lines and the name, Phụ lục I ô 7c), or the top right of page 1 of
an attachment in a separate file (ô 8b). Found in the PDF itself: the name as LibreOffice printed it."""

from __future__ import annotations

import io
from dataclasses import dataclass

from thidua.signing.identity import same_name

ANNEX = ("Phụ lục", "PHỤ LỤC")  # a document's own annex follows its signature block on a new page
GAP = 4.0  # points between the signature's box and the name under it


@dataclass(frozen=True)
class Placement:
    page: int  # 0-based
    box: tuple[int, int, int, int]  # x1, y1, x2, y2 in whole PDF points, origin bottom left


@dataclass(frozen=True)
class Printed:
    page: int
    x: float
    y: float  # the text's baseline
    size: float
    text: str


def printed(data: bytes) -> tuple[list[Printed], list[tuple[float, float]]]:
    """Every run of text with where it starts, and each page's size."""
    from pypdf import PdfReader  # here: its import costs a tenth of a second to every portal's start

    reader = PdfReader(io.BytesIO(data))
    runs, sizes = [], []
    for number, page in enumerate(reader.pages):
        sizes.append((float(page.mediabox.width), float(page.mediabox.height)))

        def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float, n: int = number) -> None:
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append(Printed(n, x, y, size * abs(tm[0] or 1), text.strip()))

        page.extract_text(visitor_text=visit)
    return runs, sizes


def above_name(data: bytes, name: str, size: tuple[float, float]) -> Placement | None:
    """A box of `size` (width, height) centred over the last place `name` is printed alone, in the document
    before its annex; None when the name is not printed there."""
    runs, _ = printed(data)
    annex = min((r.page for r in runs if r.text.startswith(ANNEX) and r.page > 0), default=None)
    found = [r for r in runs if same_name(r.text, name) and (annex is None or r.page < annex)]
    if not found:
        return None
    at = found[-1]
    centre = at.x + len(at.text) * at.size * 0.25  # half the name's width, at about half an em a letter
    width, height = size
    bottom = at.y + at.size + GAP
    return Placement(at.page, _whole(centre - width / 2, bottom, centre + width / 2, bottom + height))


def top_right(data: bytes, size: tuple[float, float], margin: float = 28.0) -> Placement:
    """Page 1's top right corner, inside the margin: where an attachment's organisation signature goes."""
    _, sizes = printed(data)
    page_width, page_height = sizes[0]
    width, height = size
    right, top = page_width - margin, page_height - margin
    return Placement(0, _whole(right - width, top - height, right, top))


def _whole(*box: float) -> tuple[int, int, int, int]:
    x1, y1, x2, y2 = (round(v) for v in box)
    return x1, y1, x2, y2
