"""Vietnamese numbers and dates: formatting for prose, tolerant parsing of what clerks type."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

from thidua.strings import nfc


def fmt_number(value: float | Decimal, decimals: int = 2) -> str:
    """7800 → '7.800'; 12.5 → '12,5'. Rounds half up first, because Babel rounds half to even."""
    return format_decimal(rounded(value, decimals), format="#,##0.##########", locale="vi_VN")


def exact(value: float | Decimal) -> Decimal:
    """A figure as the decimal it was typed as: 8972.0 → 8972, 12.5 → 12,5 (a float's shortest form, the one
    that reads back as the same float), so sums and ratios of typed figures carry no binary noise."""
    return value if isinstance(value, Decimal) else Decimal(repr(float(value)))


def exact_sum(values: Iterable[float]) -> Decimal:
    return sum((exact(v) for v in values), Decimal(0))


def percent(part: float | Decimal, whole: float | Decimal) -> Decimal | None:
    """part / whole × 100, computed exactly: 8.972 of 8.000 is 112,15 (rounded half up once, when written:
    112,2), where float division gives 112,1499… and 112,1. None without a positive whole."""
    if whole is None or part is None or _missing(part) or _missing(whole) or exact(whole) <= 0:
        return None
    return exact(part) * 100 / exact(whole)


def change_percent(now: float | Decimal, before: float | Decimal) -> Decimal | None:
    """How much `now` is above (or below) `before`, in percent of `before`, exactly."""
    if _missing(now) or _missing(before):
        return None
    return percent(exact(now) - exact(before), before)


def rounded(value: float | Decimal, decimals: int) -> Decimal:
    """The one rounding: half up, on the exact decimal (Python's round() is half to even, on binary)."""
    return exact(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _missing(value: float | Decimal) -> bool:
    return isinstance(value, float) and math.isnan(value)


def fmt_percent(value: float | Decimal) -> str:
    """53.44 → '53,4%' (no space before %, as Vietnamese prose writes it), rounded half up."""
    return f"{fmt_number(value, 1)}%"


def with_measure(number: str, measure: str) -> str:
    """'99,5' + '%' → '99,5%' (Vietnamese writes no space before %); '80' + 'nhà' → '80 nhà'."""
    return f"{number}{measure}" if measure == "%" else f"{number} {measure}"


def fmt_count(value: float) -> str:
    """Counts below 10 are padded in administrative prose: 3 → '03'."""
    if float(value).is_integer() and 0 < value < 10:
        return f"{int(value):02d}"
    return fmt_number(value)


def approximate_parts(value: float, threshold: int = 1000) -> tuple[str, float]:
    """('trên ', 7800) for 7.843: the word and the round number `approximate` writes ('' and the value
    itself when it is written exactly)."""
    if value < threshold or not float(value).is_integer():
        return "", value
    step = 10 ** max(int(math.log10(value)) - 1, 0)
    low = math.floor(value / step) * step
    if low == value:
        return "", value
    high = low + step
    if high - value <= step / 5:
        return "gần ", high
    return "trên ", low


def approximate(value: float, threshold: int = 1000) -> str:
    """Prose form of a figure: exact below `threshold`, else two significant digits with
    'trên' (just above a round number) or 'gần' (within a fifth of a step below the next one).

    7.843 → 'trên 7.800'; 15.870 → 'gần 16.000'; 4.486 → 'gần 4.500'; 10.000 → '10.000'.
    """
    if value < threshold or not float(value).is_integer():
        return fmt_count(value)
    prefix, number = approximate_parts(value, threshold)
    return f"{prefix}{fmt_number(number)}"


BLANK_DATE = "ngày      tháng      năm      "  # filled in by hand when the document is signed


TYPED_TIMES = ("%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M", "%d/%m/%Y")  # how an office types a meeting's time


# The day and the clock as a minute or a letter writes them: "22/01/2024", "ngày 22 tháng 01 năm 2024";
# "14:00", "14h00", "14 giờ 00 phút", "14 giờ".
_TYPED_DAY = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})|ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_TYPED_CLOCK = re.compile(r"(?<!\d)(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})?(?!\d)(?:\s*phút)?")
_FILLER = re.compile(r"[\s,.;:-]|ngày|lúc|vào|hồi|từ")


def typed_time(value: object) -> datetime | None:
    """A time as Excel stored it or as the chair typed it ('22/01/2024 08:00', '22/01/2024 8h00', '14 giờ 00
    phút, ngày 22/01/2024', 'ngày 22 tháng 01 năm 2024 lúc 14h'); a day alone is its midnight. None when the
    text holds anything else, so that what cannot be read is said, never guessed."""
    if isinstance(value, datetime):
        return value
    text = nfc(value.strip()).lower() if isinstance(value, str) else ""
    for pattern in TYPED_TIMES if text else ():
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return _worded_time(text) if text else None


def _worded_time(text: str) -> datetime | None:
    day = _TYPED_DAY.search(text)
    if day is None:
        return None
    d, m, y = (int(g) for g in (day.groups()[:3] if day.group(1) else day.groups()[3:]))
    rest = text[: day.start()] + " " + text[day.end() :]
    clock = _TYPED_CLOCK.search(rest)
    hour, minute = (int(clock.group(1)), int(clock.group(2) or 0)) if clock else (0, 0)
    if clock:
        rest = rest[: clock.start()] + " " + rest[clock.end() :]
    if _FILLER.sub("", rest):  # words left over: a text that is not only a time
        return None
    try:
        return datetime(y, m, d, hour, minute)
    except ValueError:  # 31/02, 25 giờ
        return None


def header_date(d: date | None) -> str:
    """Decree 30 rule: day always two digits, month padded only for January and February. No date is
    printed blank to be written by hand, never guessed."""
    if d is None:
        return BLANK_DATE
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


@dataclass(frozen=True)
class Parsed:
    value: float | None
    assumption: str | None = None  # Vietnamese note on how text was read, if it was
    problem: str | None = None  # Vietnamese reason the text is not a number, when it is more than "not digits"


_NUMBER_TEXT = re.compile(r"^([+-]?[\d.,\s]+?)\s*([^\d.,\s].*)?$")
# A unit after a number is words of letters, each optionally squared or cubed: m2, km², m3, hộ dân, lượt người.
_UNIT_WORD = re.compile(r"[^\W\d_]+[23²³]?")
_SPACED = re.compile(r"[+-]?\d{1,3}(?: \d{3})+(?:[.,]\d+)?")  # "12 345" groups thousands; "3 4" is two numbers
_EXPONENT = re.compile(r"[eE][+-]?\d+")  # "1e3" is not "1 e3"
# Words that scale a number: "5.000.000 đồng" is not "5.000.000 triệu đồng".
_MAGNITUDES = {"nghìn", "ngàn", "triệu", "tỷ", "tỉ", "vạn"}


def _words(text: str) -> set[str]:
    return set(text.lower().replace("²", "2").replace("³", "3").replace(".", " ").split())


def _suffix_problem(suffix: str, measure: str | None) -> str | None:
    """Why a text after the digits makes the cell not a number, or None when it is just the unit."""
    words = suffix.rstrip(".").split()
    if _EXPONENT.fullmatch(suffix) or not words or not all(_UNIT_WORD.fullmatch(w) for w in words):
        return f"phần “{suffix}” sau chữ số không phải đơn vị tính (có thể là một khoảng, một phân số hay hai số)"
    if measure is None:
        return None
    typed, expected = _words(suffix), _words(measure)
    same_scale = typed & _MAGNITUDES == expected & _MAGNITUDES
    if not same_scale or not (typed <= expected or expected <= typed):
        return f"đơn vị “{suffix}” khác đơn vị tính “{measure}” của chỉ tiêu; hãy quy đổi sang {measure}"
    return None


def parse_number(raw: object, integer: bool, measure: str | None = None) -> Parsed:
    """Read a cell the way a Vietnamese clerk meant it. '1.300' → 1300; '7.800 m2' → 7800 (for an indicator
    measured in m2); '1,5' → 1.5. Anything more than a number and its own unit is not a number: '20-25',
    '15/20', '1e3', '1,5 ha' for m2. Returns value None when the cell cannot be read as one number."""
    if isinstance(raw, bool):
        return Parsed(None)
    if isinstance(raw, (int, float)):
        return Parsed(float(raw)) if math.isfinite(raw) else Parsed(None)
    text = str(raw).strip().replace("\u00a0", " ")
    m = _NUMBER_TEXT.match(text)
    if not m or not re.search(r"\d", m[1]):
        return Parsed(None)
    number, suffix = m[1].strip(), m[2]
    if " " in number and not _SPACED.fullmatch(number):
        return Parsed(None, problem="có khoảng trắng giữa các chữ số (có thể là hai số)")
    digits = number.replace(" ", "")
    if suffix and (problem := _suffix_problem(suffix, measure)):
        return Parsed(None, problem=problem)
    value, how = _read_separators(digits, integer)
    if value is None:
        return Parsed(None)
    notes = [f"đã đọc “{text}” là {fmt_number(value, 6)}"]
    if how:
        notes.append(how)
    if suffix:
        notes.append(f"bỏ phần chữ “{suffix}”")
    return Parsed(value, "; ".join(notes))


def _read_separators(digits: str, integer: bool) -> tuple[float | None, str | None]:
    dots, commas = digits.count("."), digits.count(",")
    try:
        if dots and commas:  # "1.234,5": dot groups thousands, comma is the decimal mark
            return float(digits.replace(".", "").replace(",", ".")), None
        if dots:
            groups = digits.split(".")
            if dots > 1 or len(groups[-1]) == 3:
                return float(digits.replace(".", "")), "dấu chấm là dấu phân cách hàng nghìn"
            return float(digits), "dấu chấm là dấu thập phân"
        if commas:
            groups = digits.split(",")
            # "7,800" is ambiguous; an integer indicator makes it thousands.
            if commas > 1 or (integer and len(groups[-1]) == 3):
                return float(digits.replace(",", "")), "dấu phẩy là dấu phân cách hàng nghìn"
            return float(digits.replace(",", ".")), "dấu phẩy là dấu thập phân"
        return float(digits), None
    except ValueError:
        return None, None
