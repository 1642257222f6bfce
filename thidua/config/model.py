"""The cluster's configuration as immutable pydantic models; no file is read here (see load.py)."""

from __future__ import annotations

import functools
import hashlib
import json
from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import Field, PrivateAttr

from thidua.config.base import _Model
from thidua.config.days import Day
from thidua.config.signing import Signing
from thidua.config.units import PastAward, Unit, UnitProfile
from thidua.config.year import Successor, YearEnd

__all__ = ["PastAward", "Unit", "UnitProfile"]  # defined in units.py, named here as before

if TYPE_CHECKING:
    from thidua.periods import Period


class Cluster(_Model):
    name: str = Field(min_length=3)
    short_name: str = Field(min_length=2)
    province: str = Field(min_length=2)
    kind: Literal["cụm", "khối"] = "cụm"
    # How the cluster's files are named (the dossier: 01-to-trinh-cum-mttq-2023.pdf); a province's cluster
    # takes its code in province.yaml. Without one, the files say "cum" or "khoi".
    code: str = Field(default="", pattern=r"^([a-z0-9][a-z0-9-]{1,39})?$")
    # The decision that set the cluster up and names its members ("Quyết định số 123/QĐ-HĐTĐKT ngày 15/3/2021
    # của Hội đồng Thi đua - Khen thưởng tỉnh"): a secret ballot's count is of all members by this decision.
    founded_by: str = ""

    @property
    def word(self) -> str:
        """'Cụm' or 'Khối', as prose names the group: "các đơn vị trong Cụm"."""
        return self.kind.capitalize()

    @property
    def file_code(self) -> str:
        return self.code or {"cụm": "cum", "khối": "khoi"}[self.kind]


class Reporting(_Model):
    frequency: Literal["month", "quarter"] = "month"
    deadline_day: int = Field(default=20, ge=1, le=28)
    year: int = Field(ge=2000, le=2100)


class Movement(_Model):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]{1,19}$")
    kind: Literal["phong trào", "cuộc vận động"] = "phong trào"
    name: str = Field(min_length=3)
    # Combined phrases, e.g. "đã vận động được {NTM_HO} hộ dân hiến {NTM_DAT} đất".
    phrases: list[str] = []


class Indicator(_Model):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]{1,29}$")
    label: str = Field(min_length=3)
    measure: str = Field(min_length=1)
    type: Literal["integer", "decimal"] = "integer"
    min: float = 0
    max: float | None = None
    # over a unit's periods: sum (a flow), last (a stock), max, or mean (a rate reported each period)
    rollup: Literal["sum", "last", "max", "mean"] = "sum"
    # across units, the cluster's figure: their sum, their mean, their mean weighted by another
    # indicator's value (`weight`), or none at all (a rate that has no cluster total)
    across: Literal["sum", "mean", "weighted_mean", "none"] = "sum"
    weight: str | None = None
    required: bool = False
    movement: str
    units: list[str] = Field(min_length=1)
    phrase: str = Field(min_length=3)
    # the name in the cluster-total sentence ("{total_label} đạt 4.700 triệu đồng") when the template's label
    # does not read well there; not part of the template, so changing it leaves returned files valid
    total_label: str | None = Field(default=None, min_length=3)


class Rule(_Model):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]{1,29}$")
    kind: Literal["le", "requires"]
    left: str
    right: str
    message: str = Field(min_length=5)


class Narrative(_Model):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,29}$")
    label: str = Field(min_length=3)
    # Where the report places it: the skeleton of a review report is fixed, its wording is not.
    section: Literal["leadership", "highlights", "models", "shortcomings", "proposals"]


class WindowText(_Model):
    """What the chair writes for one report (opening, assessment, tasks) — prose no figure can give."""

    issued: Day | None = None
    number: int | None = Field(default=None, ge=1, le=9999)
    opening: str | None = None
    strengths: list[str] = []
    shortcomings: list[str] = []
    causes: list[str] = []
    tasks: list[str] = []
    solutions: list[str] = []
    proposals: list[str] = []


class Signer(_Model):
    authority: str
    title: str
    subtitle: str = ""
    name: str


class Report(_Model):
    place: str
    symbol: str
    issuer: list[str] = Field(min_length=1, max_length=3)
    signer: Signer
    recipients: list[str] = Field(min_length=1)
    archive: str
    approximate: bool = True
    approximate_from: int = Field(default=1000, ge=10)
    opening: str
    template: str | None = None  # a Word file holding the styles; default: thidua/assets/mau-bao-cao.docx
    wording: dict[str, str] = {}  # overrides of thidua/assets/wording.yaml
    # Keyed "<kind>-<period>", e.g. "6thang-2023-06"; "default" applies to every report.
    texts: dict[str, WindowText] = {}


class Portal(_Model):
    """The web portal (pipeline.py serve); every key has a default."""

    state: str = "portal-data"  # folder for the portal's SQLite file and builds, relative to config.yaml
    # The portal's database: empty for the SQLite file in `state`; a URL (postgresql+psycopg://user@host/db,
    # the password in the THIDUA_DATABASE_PASSWORD environment variable) when several processes serve it.
    database: str = ""
    base_url: str = "http://127.0.0.1:8000"  # how units reach the portal: their links start with this
    max_upload_mb: int = Field(default=10, ge=1, le=100)
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    secure_cookies: bool = False  # true behind HTTPS: cookies are then never sent over plain HTTP
    # The reverse proxy's address (e.g. 127.0.0.1) when one serves HTTPS in front: only then is the visitor's
    # address taken from X-Forwarded-For (for login throttling and the ledger); anyone else's header is ignored.
    trusted_proxy: str | None = None


class Mail(_Model):
    """E-mail (optional): the SMTP server the office sends reminders and upload notices through. The password
    is never in config.yaml: it is read from the THIDUA_SMTP_PASSWORD environment variable."""

    host: str = Field(min_length=1)
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str = ""
    sender: str = Field(min_length=3)  # "Văn phòng Cụm thi đua <vanphong@mttq.langson.gov.vn>"
    notify_uploads: bool = False  # tell a unit, by e-mail, the outcome of each file it uploads


class Config(_Model):
    cluster: Cluster
    reporting: Reporting
    units: list[Unit] = Field(min_length=1)
    movements: list[Movement] = Field(min_length=1)
    indicators: list[Indicator] = Field(min_length=1)
    narratives: list[Narrative] = Field(min_length=1)
    commendation_forms: list[str] = Field(min_length=1)
    commendation_levels: list[str] = Field(min_length=1)
    targets: dict[str, dict[str, float]] = {}
    rules: list[Rule] = []
    plausibility_factor: float = Field(default=5.0, gt=1)
    report: Report
    portal: Portal = Field(default_factory=Portal)
    mail: Mail | None = None
    year_end: YearEnd | None = None  # registration, pact, scoring, awards (config/year.py)
    successors: list[Successor] = []  # merges: whose earlier figures a new unit's comparisons take
    # digital signatures: trusted roots, signature and seal images (config/signing.py)
    signing: Signing = Field(default_factory=Signing)
    # The package's default report wording, set by the loader (which alone reads files).
    _default_wording: dict[str, str] = PrivateAttr(default_factory=dict)

    @property
    def default_wording(self) -> dict[str, str]:
        return self._default_wording

    def wording(self) -> dict[str, str]:
        """The report's fixed wording: package defaults overridden key by key, {group} filled in."""
        texts = {**self._default_wording, **self.report.wording}
        return {k: v.replace("{group}", self.cluster.word) for k, v in texts.items()}

    @functools.cached_property
    def _units_by_code(self) -> dict[str, Unit]:
        return {u.code: u for u in self.units}

    def unit(self, code: str) -> Unit:
        return self._units_by_code[code]

    def is_member(self, unit_code: str, first_day: date, day_after: date) -> bool:
        """Whether the unit belonged to the cluster at some time in [first_day, day_after)."""
        unit = self.unit(unit_code)
        return (unit.member_from is None or unit.member_from < day_after) and (
            unit.member_until is None or unit.member_until >= first_day
        )

    def members_during(self, period: Period) -> list[Unit]:
        """The units that owe a return for `period`: members at some time during it."""
        return [u for u in self.units if self.is_member(u.code, period.first_day, period.day_after)]

    def indicators_for(self, unit_code: str) -> list[Indicator]:
        return [i for i in self.indicators if unit_code in i.units]

    @functools.cached_property
    def scoring_hash(self) -> str:
        """Changes whenever the scoring table's rows would change."""
        scoring = self.year_end.scoring if self.year_end else None
        payload = [(c.code, c.label, str(c.max), c.kind) for _, c in scoring.nodes()] if scoring else []
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()[:12]

    @functools.cached_property
    def catalogue_hash(self) -> str:
        """Changes whenever a template's figures layout would change."""
        payload = [(i.code, i.label, i.measure, i.type, i.units) for i in self.indicators]
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()[:12]
