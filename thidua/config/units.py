"""A member unit of the cluster as config.yaml describes it: its names, role and signer, and what its báo
cáo thành tích says of it when it sends no profile workbook."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from thidua.config.base import _Model
from thidua.config.days import Day


class PastAward(_Model):
    """One row of a unit's awards registry (báo cáo thành tích, mục III)."""

    year: int = Field(ge=1945, le=2100)
    form: str = Field(min_length=3)  # "Cờ thi đua của Ủy ban nhân dân tỉnh"
    decision: str = Field(min_length=3)  # "Quyết định số 123/QĐ-UBND ngày 20/01/2023 của UBND tỉnh"


class UnitProfile(_Model):
    """What a báo cáo thành tích says of the collective beyond its figures: section I, who signs it, and the
    measures and the Party and mass-organisation work of section II."""

    address: str = ""
    phone: str = ""
    email: str = ""
    head_name: str = ""  # the head who signs the report (else units[].head_name)
    history: list[str] = []  # formation, development
    organisation: list[str] = []  # staff, party members, leadership, internal organisations
    functions: list[str] = []  # functions and tasks
    measures: list[str] = []  # II.2: the measures taken and the causes of the results
    party: list[str] = []  # II.3: Party building, the mass organisations inside the unit


class Unit(_Model):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]{1,19}$")
    name: str = Field(min_length=3)
    short_name: str = Field(min_length=2)
    role: Literal["cụm trưởng", "cụm phó", "khối trưởng", "khối phó", "thành viên"] = "thành viên"
    letterhead: list[str] = Field(min_length=1, max_length=3)
    symbol: str = Field(min_length=1)
    member_from: Day | None = None
    member_until: Day | None = None
    # The line above the head's title: "TM. BAN THƯỜNG VỤ"; default "TM. <short_name>"; "" for a single-head
    # agency whose director signs in their own name.
    authority: str | None = None
    head: str = ""  # the head's title as it signs the pact ("CHỦ TỊCH", "BÍ THƯ")
    email: str = Field(default="", pattern=r"^([^@\s,]+@[^@\s,]+\.[^@\s,]+)?$")  # the unit's office: reminders
    head_name: str = ""
    profile: UnitProfile | None = None
    awards: list[PastAward] = []  # earlier years' awards, newest last

    @property
    def leads(self) -> bool:
        """The unit elected to head the cluster this year (cụm trưởng, khối trưởng)."""
        return self.role.endswith("trưởng")

    @property
    def deputises(self) -> bool:
        """The unit elected deputy head (cụm phó, khối phó)."""
        return self.role.endswith("phó")
