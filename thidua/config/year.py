"""The cluster's year around the reports, as configuration: the titles units may aim for, the pact, the
scoring table (a tree of criteria), grading bands and award quotas per year, and the year-end documents.
Every number here is a local choice of the cluster; none is written in code."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from thidua.config.base import _Model
from thidua.config.days import Day

# Leaves of the scoring tree; "group" is a node whose score is the sum of its children.
KINDS = ("group", "quantitative", "qualitative", "per_occurrence", "bonus", "deduction", "timeliness")
COMPUTED_KINDS = ("quantitative", "timeliness")  # thidua computes them from the year's returns


class TimelinessStep(_Model):
    """A rung of the timeliness scale: at most `missing` reports not sent and at most `late` sent late."""

    missing: int = Field(ge=0)
    late: int = Field(ge=0)
    points: Decimal = Field(ge=0)


class Criterion(_Model):
    code: str = Field(pattern=r"^[0-9A-Za-zĐđ][0-9A-Za-zĐđ.]{0,11}$")
    label: str = Field(min_length=3)
    kind: Literal["group", "quantitative", "qualitative", "per_occurrence", "bonus", "deduction", "timeliness"] = (
        "group"
    )
    max: Decimal | None = Field(default=None, gt=0)  # a group's maximum is the sum of its children's
    # quantitative: one indicator, or (none given) every indicator the unit registered a target for,
    # the maximum shared equally between them. per_occurrence / deduction: the count may come from an
    # indicator's year-to-date value instead of the unit's own count.
    indicator: str | None = None
    points: Decimal | None = Field(default=None, gt=0)  # per_occurrence, deduction: points per occurrence
    evidence: bool = False  # the unit must cite a document (number and date) for its points
    steps: list[TimelinessStep] = []  # timeliness: first rung met gives its points; none met gives 0
    per_late: Decimal | None = Field(default=None, ge=0)  # timeliness, other scheme: minus per late report
    per_missing: Decimal | None = Field(default=None, ge=0)  # ... and per report not sent
    children: list[Criterion] = []

    @model_validator(mode="after")
    def _shape(self) -> Criterion:
        if self.kind == "group" and not self.children:
            raise ValueError("nhóm tiêu chí (kind: group) phải có tiêu chí con (children)")
        if self.kind != "group" and self.children:
            raise ValueError("chỉ nhóm tiêu chí (kind: group) mới có tiêu chí con")
        if self.kind != "group" and self.max is None:
            raise ValueError(f"tiêu chí “{self.code}” cần điểm tối đa (max)")
        if self.kind == "per_occurrence" and self.points is None:
            raise ValueError(f"tiêu chí “{self.code}” chấm theo số lần cần số điểm mỗi lần (points)")
        if self.kind == "timeliness" and not self.steps and self.per_late is None and self.per_missing is None:
            raise ValueError(f"tiêu chí “{self.code}” cần thang điểm (steps) hoặc điểm trừ (per_late, per_missing)")
        return self

    @property
    def top(self) -> Decimal:
        """The most this node can give: its own maximum, or its children's summed."""
        return self.max if self.max is not None else sum((c.top for c in self.children), Decimal(0))

    def leaves(self) -> list[Criterion]:
        return [self] if self.kind != "group" else [leaf for c in self.children for leaf in c.leaves()]


class Band(_Model):
    label: str = Field(min_length=2)  # "Xuất sắc"
    min: Decimal = Field(ge=0)  # the lowest final score of the band


class Award(_Model):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]{0,19}$")
    name: str = Field(min_length=3)  # "Cờ thi đua của Ủy ban nhân dân tỉnh"
    quota: int = Field(ge=0)
    min_band: str | None = None  # the lowest band a candidate may have
    vote_share: Decimal = Field(default=Decimal("0.8"), gt=0, le=1)  # of ALL members of the cluster
    all_targets_met: bool = False  # every registered target reached (the provincial flag's condition)


class Reopening(_Model):
    """The office's decision to score the year again after the meeting voted (a return corrected after
    the vote, a complaint upheld): from then on the scores are recomputed and every document is a draft
    until a new meeting votes and its workbook is put in inputs/."""

    on: Day
    reason: str = Field(min_length=5)


class ScoringYear(_Model):
    bands: list[Band] = Field(min_length=1)
    awards: list[Award] = []
    reopened: Reopening | None = None


class Scoring(_Model):
    # quantitative points: "published" (below target: ½·max·actual/target; at target ½·max; the leader
    # max; above target interpolated towards the leader) or "proportional" (max·min(1, actual/target)).
    rule: Literal["published", "proportional"] = "published"
    # scoring before the year's last period (dossiers are due about 10 December): "full" compares the year
    # so far with the whole registered plan, as the published rule reads; "prorate", for clusters whose
    # rules say so, compares a cumulative (sum) indicator with the share of its plan for the periods
    # passed (11/12 after November). Stocks always keep their plan.
    partial_year: Literal["full", "prorate"] = "full"
    criteria: list[Criterion] = Field(min_length=1)
    years: dict[int, ScoringYear] = Field(min_length=1)

    def leaves(self) -> list[Criterion]:
        return [leaf for c in self.criteria for leaf in c.leaves()]

    def nodes(self) -> list[tuple[int, Criterion]]:
        """Every node with its depth, in table order."""

        def walk(items: list[Criterion], depth: int) -> list[tuple[int, Criterion]]:
            return [pair for c in items for pair in [(depth, c), *walk(c.children, depth + 1)]]

        return walk(self.criteria, 0)

    @property
    def standard(self) -> Decimal:
        """The table's scale (điểm chuẩn): everything but bonus and deduction lines."""
        return sum(
            (leaf.max or Decimal(0) for leaf in self.leaves() if leaf.kind not in ("bonus", "deduction")), Decimal(0)
        )


class LegalText(_Model):
    """One text a document may cite as "Căn cứ", with the days it applies: chosen by the document's date,
    so a pact of February 2023 never cites a law in force from 2024. The office corrects rows here."""

    text: str = Field(min_length=5)  # "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
    in_force_from: Day
    replaced_on: Day | None = None  # the first day it no longer applies

    def applies_on(self, day: date) -> bool:
        return self.in_force_from <= day and (self.replaced_on is None or day < self.replaced_on)


class Pact(_Model):
    signed: Day | None = None
    place: str | None = None  # default: report.place
    bases: list[str] = []  # "Căn cứ ..." lines, each ending with ";"
    intro: str = Field(min_length=5)  # {cluster}, {year}
    commitments: list[str] = Field(min_length=1)
    closing: str = Field(min_length=5)


class Proposal(_Model):
    """The proposal letter (tờ trình) that goes with the award dossier."""

    symbol: str = "TTr-CTĐ"
    number: int | None = Field(default=None, ge=1, le=9999)
    issued: Day | None = None  # default: the meeting's date
    recipient: str = Field(min_length=3)  # after "Kính gửi:": the council, which advises
    decider: str = "Chủ tịch Ủy ban nhân dân tỉnh"  # who decides the award: the council proposes it to them
    bases: list[str] = []
    recipients: list[str] = Field(min_length=1)  # "Nơi nhận"
    # When the collective proposed is the cluster head's own unit, its head would confirm its own report:
    # "vice" (default), the deputy head signs the confirmation for the cluster (KT. CỤM TRƯỞNG / CỤM PHÓ);
    # "chair", the head signs it all the same, where the cluster's statute says so.
    own_unit_confirmed_by: Literal["vice", "chair"] = "vice"


class YearEnd(_Model):
    # Laws, decrees, circulars, the province's regulation, the cluster's quy chế, in citing order: the pact
    # and the proposal cite those that apply on their date, before their own `bases`.
    legal_basis: list[LegalText] = []
    titles: list[str] = []  # titles and awards a unit may register for (drop-down in the registration)
    pact: Pact | None = None
    scoring: Scoring | None = None
    minutes_symbol: str = "BB-CTĐ"
    proposal: Proposal | None = None


class Successor(_Model):
    """Units merged into a new one on a date (A + B → C): C's "cùng kỳ" before that date is the sum of what
    its predecessors reported, and the report says so."""

    unit: str  # the new unit (C), a unit of this config
    predecessors: list[str] = Field(min_length=1)  # A, B: units of this config whose membership ended
    on: Day  # the first day C exists
