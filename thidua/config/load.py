"""config.yaml (and the package's default wording) → validated Config: the only place that reads them."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from thidua.config.checks import cross_check
from thidua.config.model import Config
from thidua.config.problems import ConfigError, validated
from thidua.strings import nfc

WORDING_FILE = Path(__file__).resolve().parents[1] / "assets" / "wording.yaml"
# libyaml's loader when PyYAML was built with it (it is on every platform's wheel): 10× the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)


@functools.cache
def default_wording() -> dict[str, str]:
    data = _yaml(WORDING_FILE.read_text(encoding="utf-8"))
    return {k: nfc(str(v)) for k, v in data.items()}


def parse_config(data: Any, wording: dict[str, str] | None = None) -> Config:
    """Validate already-parsed YAML data; raise ConfigError listing every problem."""
    cfg = validated(Config, data, "tệp cấu hình")
    cfg._default_wording = dict(wording if wording is not None else default_wording())
    if problems := cross_check(cfg):
        raise ConfigError(problems)
    return cfg


def read_yaml(path: Path) -> Any:
    """A YAML file's data; ConfigError (in Vietnamese, with the line) when it is missing or unreadable."""
    if not path.is_file():
        raise ConfigError([("", f"không tìm thấy tệp cấu hình “{path}”.")])
    try:
        return _yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (dòng {mark.line + 1}, cột {mark.column + 1})" if mark else ""
        raise ConfigError([("", f"tệp “{path.name}” không đúng cú pháp YAML{where}.")]) from None
    except UnicodeDecodeError:
        raise ConfigError([("", f"tệp “{path.name}” phải lưu với mã UTF-8.")]) from None


def load_config_data(data: Any, path: Path) -> Config:
    """Validate the data of the config.yaml at `path` (paths inside it are relative to its folder)."""
    cfg = parse_config(data)
    template = cfg.report.template
    if template and not Path(template).is_absolute():  # relative to config.yaml, wherever pipeline.py runs
        report = cfg.report.model_copy(update={"template": str(path.parent / template)})
        cfg = cfg.model_copy(update={"report": report})
    return cfg


def load_config(path: Path) -> Config:
    """Read and validate config.yaml."""
    return load_config_data(read_yaml(path), path)
