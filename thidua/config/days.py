"""Days as an office types them: 31/01/2023 (day/month/year, as every Vietnamese document and a Vietnamese
Windows write a date) as well as 2023-01-31 (as the examples write it, which YAML itself reads as a date,
and as a browser's date field sends it). Config models hold a `date` either way; a day that does not exist
(31/02/2023) is named as such."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

# Day, month, year: "/" as typed in Vietnam, "." and "-" as some offices write it; never month first.
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def parse_day(text: str) -> date:
    """31/01/2023 or 2023-01-31 → the date; ValueError for anything else, or a day that does not exist."""
    if match := _DAY_MONTH_YEAR.fullmatch(text.strip()):
        day, month, year = map(int, match.groups())
        return date(year, month, day)
    return date.fromisoformat(text.strip())


def typed_day(value: Any) -> Any:
    """A config value typed as day/month/year → that date; anything else as it is, for pydantic to read (a
    date YAML has read already, ISO text) or to refuse with its own message."""
    if isinstance(value, str) and _DAY_MONTH_YEAR.fullmatch(value.strip()):
        try:
            return parse_day(value)
        except ValueError:  # 31/02, 29/02 of a common year, month 13
            raise PydanticCustomError("day_not_real", "no such day") from None
    return value


def day_of(value: Any) -> date | None:
    """A day in config data already validated (next_year.py works on the file's own data): a date, either
    typed form, or None when left out."""
    if not value:
        return None
    return value if isinstance(value, date) else parse_day(str(value))


Day = Annotated[date, BeforeValidator(typed_day)]
