"""config.yaml (and the package's default wording) → validated Config: the only place that reads them."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from thidua.config.base import Grouped
from thidua.config.checks import cross_check
from thidua.config.model import Config
from thidua.config.problems import ConfigError, validated
from thidua.strings import nfc

if TYPE_CHECKING:
    import yaml

WORDING_FILE = Path(__file__).resolve().parents[1] / "assets" / "wording.yaml"
BOOL = "tag:yaml.org,2002:bool"
DUPLICATE = "found duplicate key"  # the problem _unique_mapping raises, in PyYAML's words for it
GROUPED, _GROUPED = "tag:thidua,2026:grouped", re.compile(r"^[-+]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+$")


@functools.cache
def _loader() -> Any:
    """PyYAML reads YAML 1.1, where on, off, yes, no are booleans: the README's `on: 2023-07-01` (the day a
    merge takes effect) became the key True. Only true and false are booleans here, as in YAML 1.2; a
    boolean setting written `yes` is still read as true by the config's model. libyaml's loader when PyYAML
    was built with it (it is on every platform's wheel): 10× the pure-Python one. Built on first use: a config
    remembered from an earlier run (remembered.py) is never parsed, and PyYAML is not even imported."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader: Any = type("Loader", (base,), {})
    loader.yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != BOOL]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    loader.add_implicit_resolver(BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    # 500.000 as Vietnamese writes five hundred thousand: before YAML's float (which reads 500.0), so that a
    # number field can refuse it (base.Grouped) and a text field keep it as typed.
    for first in "-+123456789":
        loader.yaml_implicit_resolvers[first] = [(GROUPED, _GROUPED), *loader.yaml_implicit_resolvers.get(first, [])]
    loader.add_constructor(GROUPED, lambda loader, node: Grouped(loader.construct_scalar(node)))
    loader.add_constructor("tag:yaml.org,2002:map", _unique_mapping)
    return loader


def _unique_mapping(loader: Any, node: Any) -> Any:
    """A mapping whose keys are each typed once: PyYAML keeps the last of two `deadline_day:` lines without a
    word, so an office that added a line instead of changing one worked with a value it did not see."""
    import yaml

    seen: dict[Any, Any] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.setdefault(key, key_node.start_mark)
        except TypeError:  # a list as a key: PyYAML's own message says so
            continue
        if first is not key_node.start_mark:
            raise yaml.constructor.ConstructorError(DUPLICATE, first, DUPLICATE, key_node.start_mark)
    yield from loader.construct_yaml_map(node)


def _yaml(text: str) -> Any:
    import yaml

    return yaml.load(text, Loader=_loader())


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


def read_yaml(path: Path, data: bytes | None = None) -> Any:
    """A YAML file's data (`data`: its bytes, already read); ConfigError (in Vietnamese, with the line) when
    it is missing or unreadable."""
    if data is None:
        if not path.is_file():
            raise ConfigError([("", f"không tìm thấy tệp cấu hình “{path}”.")])
        data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(
            [("", f"tệp “{path.name}” phải lưu với mã UTF-8 (Notepad: Lưu thành… > Mã hóa UTF-8).")]
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as a file read as text: lines as Windows saved them
    import yaml

    try:
        return _yaml(text)
    except yaml.YAMLError as err:
        raise ConfigError([("", yaml_problem(path.name, text, err))]) from None


# What PyYAML says (its `problem`) → the likely cause, in the words of someone who typed the file.
YAML_CAUSES = [
    ("'\\t'", "có ký tự Tab: YAML chỉ thụt lề bằng dấu cách, hãy thay Tab bằng dấu cách"),
    (
        "mapping values are not allowed",
        "có dấu hai chấm ở chỗ không được: thường do thiếu dấu cách sau “:”, hoặc "
        "một giá trị chứa dấu hai chấm chưa đặt trong ngoặc kép",
    ),
    ("found unexpected end of stream", "dấu ngoặc kép mở mà chưa đóng"),
    ("could not find expected ':'", "thiếu dấu hai chấm sau tên khóa, hoặc một dòng bị ngắt giữa chừng"),
    ("expected ',' or ']'", "danh sách trong ngoặc vuông [ ] chưa đóng, hoặc thiếu dấu phẩy giữa các mục"),
    ("expected ',' or '}'", "ngoặc nhọn { } chưa đóng, hoặc thiếu dấu phẩy giữa các khóa"),
    ("did not find expected key", "thụt lề không thẳng hàng với các dòng cùng cấp"),
    ("expected <block end>", "thụt lề không thẳng hàng với các dòng cùng cấp"),
    ("did not find expected '-' indicator", "thụt lề không thẳng hàng với các mục “- ” cùng danh sách"),
    ("found undefined alias", "dấu “*” ở đầu giá trị: hãy đặt giá trị trong ngoặc kép"),
    ("found character '@'", "dấu “@” ở đầu giá trị: hãy đặt giá trị trong ngoặc kép"),
    ("found character '`'", "dấu “`” ở đầu giá trị: hãy đặt giá trị trong ngoặc kép"),
    (
        DUPLICATE,
        "khóa này đã ghi ở trên, trong cùng một mục: hãy sửa dòng trên hoặc xóa một trong hai dòng",
    ),
]


def yaml_problem(name: str, text: str, err: yaml.YAMLError) -> str:
    """A YAML syntax error as the office can fix it: the line and column, the likely cause, the line as
    it was typed."""
    mark = getattr(err, "problem_mark", None)
    problem = str(getattr(err, "problem", "") or "")
    cause = next((words for key, words in YAML_CAUSES if key in problem), "cú pháp không đúng")
    if mark is None:
        return f"tệp “{name}” không đúng cú pháp YAML: {cause}."
    lines = text.splitlines()
    typed = lines[mark.line].rstrip() if mark.line < len(lines) else ""
    if "\t" in typed and "Tab" not in cause:
        cause = YAML_CAUSES[0][1]
    shown = f" Dòng {mark.line + 1} đang là: “{typed.strip()[:100]}”." if typed.strip() else ""
    opened = getattr(err, "context_mark", None)  # where the unclosed quote, bracket or block began
    if opened is not None and opened.line < mark.line < len(lines) + 1 and opened.line < len(lines):
        since = "Lần đầu ở" if problem == DUPLICATE else "Bắt đầu từ"  # the key's first line
        shown += f" {since} dòng {opened.line + 1}: “{lines[opened.line].strip()[:100]}”."
    return f"tệp “{name}” không đúng cú pháp YAML ở dòng {mark.line + 1}, cột {mark.column + 1}: {cause}.{shown}"


def load_config_data(data: Any, path: Path) -> Config:
    """Validate the data of the config.yaml at `path` (paths inside it are relative to its folder)."""
    cfg = parse_config(data)
    template = cfg.report.template
    if template and not Path(template).is_absolute():  # relative to config.yaml, wherever pipeline.py runs
        report = cfg.report.model_copy(update={"template": str(path.parent / template)})
        cfg = cfg.model_copy(update={"report": report})
    return cfg.model_copy(update={"signing": cfg.signing.resolved(str(path.parent))})


def load_config(path: Path, data: bytes | None = None) -> Config:
    """Read and validate config.yaml (`data`: its bytes, when the caller has read them)."""
    return load_config_data(read_yaml(path, data), path)
