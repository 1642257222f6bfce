"""The README stays true: every finding code, command, config key and make target it promises exists."""

from __future__ import annotations

import re

from conftest import ROOT

import pipeline
from thidua.config import Config, Report
from thidua.findings import CODES

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_finding_code_is_documented() -> None:
    from thidua.signing.facts import REFUSALS

    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", README, re.M))
    assert documented == set(CODES) | set(REFUSALS)  # the findings' table, and the signatures' own


def test_every_command_is_documented_with_help() -> None:
    parser = pipeline.build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name, sub in commands.items():
        assert f"`thidua {name}" in README, name  # the installed command (pipeline.py is the same in a checkout)
        assert sub.description and "ví dụ" in sub.description
        assert all(a.help for a in sub._actions if a.dest != "help")


def test_config_reference_covers_every_key() -> None:
    for key in Config.model_fields:
        assert f"`{key}" in README or f"`{key}." in README, key
    for key in Report.model_fields:
        assert key in README, key


def test_quick_start_targets_exist() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for target in re.findall(r"make (\w+)", README):
        assert re.search(rf"^{target}:", makefile, re.M), target


def test_cli_usage_errors_are_vietnamese(capsys) -> None:
    import pytest

    for argv in ([], ["run", "--kind", "x"], ["check", "--bogus"]):
        with pytest.raises(SystemExit) as exit_info:
            pipeline.main(argv)
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert "Lỗi:" in err and "error" not in err and "usage" not in err


def test_the_service_file_runs_a_command_that_exists() -> None:
    """docs/thidua.service, as the README tells an office to install it, starts `thidua serve` with options
    the command has."""
    import shlex

    unit = (ROOT / "docs" / "thidua.service").read_text(encoding="utf-8")
    start = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    argv = shlex.split(start.removeprefix("ExecStart="))
    assert argv[0].endswith("/thidua")
    args = pipeline.build_parser().parse_args(argv[1:])
    assert (args.command, args.host, args.port) == ("serve", "127.0.0.1", 8000)


def test_the_readmes_nginx_configuration_is_the_tested_one() -> None:
    """The README shows docs/nginx-thidua.conf whole, and tests/test_tls_proxy.py runs that file."""
    conf = (ROOT / "docs" / "nginx-thidua.conf").read_text(encoding="utf-8").rstrip()
    assert f"```nginx\n{conf}\n```" in README
    assert 'docs" / "nginx-thidua.conf' in (ROOT / "tests" / "test_tls_proxy.py").read_text(encoding="utf-8")


def test_every_signature_refusal_is_documented() -> None:
    from thidua.signing.facts import REFUSALS

    for code, meaning in REFUSALS.items():
        assert f"| `{code}` | {meaning} |" in README, code
