"""province.yaml → a validated Province: the province's board, its clusters and khối (each a folder with
its own config.yaml, inputs/ and outputs/), what every cluster inherits, and the one portal that serves
them all. A cluster's config.yaml is read through `cluster_config`, which lays the cluster's own file over
the province's `shared` part: a key the cluster sets wins, whole (lists are never merged)."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator

from thidua.config.base import _Model
from thidua.config.days import Day
from thidua.config.load import load_config_data, read_yaml
from thidua.config.model import Config, Portal, Signer
from thidua.config.problems import ConfigError, validated

PROVINCE_FILE = "province.yaml"
CODE = re.compile(r"[a-z0-9][a-z0-9-]{0,38}")  # a cluster's code: part of its portal address (/c/<code>/)


class ClusterEntry(_Model):
    code: str
    folder: str  # relative to province.yaml

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not CODE.fullmatch(value):
            raise ValueError("mã cụm chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ cum-mttq)")
        return value


class Board(_Model):
    """The province's office that receives the clusters' dossiers and prepares the council's vote."""

    name: str = Field(min_length=3)  # "Sở Nội vụ tỉnh Lạng Sơn"
    short_name: str = Field(min_length=2)  # "Sở Nội vụ"
    letterhead: list[str] = Field(min_length=1)  # [UBND TỈNH LẠNG SƠN, SỞ NỘI VỤ]
    symbol: str = Field(min_length=1)  # the document symbol's tail: "SNV"
    signer: Signer
    place: str = Field(min_length=2)  # "Lạng Sơn", as in "Lạng Sơn, ngày … tháng … năm …"


class CouncilList(_Model):
    """The board's list of proposals for the council (danh sách đề nghị): its number and date when issued."""

    symbol: str = "DS-SNV"
    number: int | None = Field(default=None, ge=1)
    issued: Day | None = None  # None: left blank, the list stays a draft
    recipients: list[str] = ["Hội đồng Thi đua - Khen thưởng tỉnh;", "Các Cụm, Khối thi đua;"]
    archive: str = "Lưu: VT, TĐKT."


class ProvinceInfo(_Model):
    name: str = Field(min_length=3)  # "tỉnh Lạng Sơn"
    year: int = Field(ge=2000, le=2100)  # the competition year the board is looking at
    council: str = Field(min_length=3)  # "Hội đồng Thi đua - Khen thưởng tỉnh"
    # The awards whose proposals reach the council's list (an award's `code` in the clusters' scoring).
    awards: list[str] = Field(min_length=1)


class Province(_Model):
    province: ProvinceInfo
    board: Board
    clusters: list[ClusterEntry] = Field(min_length=1)
    council_list: CouncilList = Field(default_factory=CouncilList)
    shared: dict[str, Any] = {}  # config.yaml keys every cluster inherits unless it sets them itself
    portal: Portal = Field(default_factory=Portal)

    def entry(self, code: str) -> ClusterEntry:
        found = next((c for c in self.clusters if c.code == code), None)
        if found is None:
            known = ", ".join(c.code for c in self.clusters)
            raise ConfigError([("clusters", f"không có cụm, khối mã “{code}”; các mã: {known}.")])
        return found


def _problems(province: Province) -> list[tuple[str, str]]:
    problems = []
    codes = [c.code for c in province.clusters]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        problems.append(("clusters", f"mã “{code}” khai báo nhiều lần."))
    folders = [c.folder for c in province.clusters]
    for folder in sorted({f for f in folders if folders.count(f) > 1}):
        problems.append(("clusters", f"thư mục “{folder}” dùng cho nhiều cụm."))
    return problems


def load_province(folder: Path) -> Province:
    """The province of `folder` (its province.yaml): ConfigError with every problem."""
    path = folder / PROVINCE_FILE
    province = validated(Province, read_yaml(path), "tệp province.yaml")
    if problems := _problems(province):
        raise ConfigError(problems)
    return province


def laid_over(shared: Any, own: Any) -> Any:
    """`own` over `shared`: mappings key by key, anything else (a list, a value) whole from `own`. The
    cluster's own keys come first, in its order (and with its comments, when read by config/typed.py, as
    next-year writes it), then what only the province gives."""
    if isinstance(shared, dict) and isinstance(own, dict):
        merged = copy.copy(own)
        for key, value in own.items():
            merged[key] = laid_over(shared.get(key), value)
        for key, value in shared.items():
            if key not in own:
                merged[key] = value
        return merged
    return own if own is not None else shared


def cluster_folder(folder: Path, province: Province, code: str) -> Path:
    return folder / province.entry(code).folder


def cluster_config(folder: Path, province: Province, code: str) -> Config:
    """The cluster's config.yaml laid over the province's shared keys, validated as any config.yaml."""
    path = cluster_folder(folder, province, code) / "config.yaml"
    own = read_yaml(path)
    if not isinstance(own, dict):
        raise ConfigError([("", f"tệp “{path}” phải là một bảng khóa: giá trị (YAML mapping).")])
    data = laid_over(province.shared, own)
    data["portal"] = province.portal.model_dump(mode="json")  # one portal serves the province: its settings
    if isinstance(data.get("cluster"), dict):
        data["cluster"] = {"code": code, **data["cluster"]}  # the code province.yaml gives, unless it has its own
    return load_config_data(data, path)
