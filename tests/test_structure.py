"""The layering the README promises, checked on the source: module size, no import cycles, each stage
importing only the stages before it, and the few modules allowed to touch a file format or do I/O."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "thidua"
MAX_LINES = 250
# Sub-package → the thidua sub-packages it may import (leaf modules are open to all).
LAYERS = {
    "config": set(),
    "intake": {"config"},
    "totals": {"config", "intake"},
    "scoring": {"config", "intake", "totals", "words"},  # the year's scoring: lines, totals, ranks, votes
    # The stages' facts said in Vietnamese: it reads the fact records (FACTS) and nothing that computes.
    "words": {"config", "intake"},
    "state": set(),  # the portal's database: tables, migrations, the store; knows nothing of the stages
    # the province as the board sees it: each cluster's check, scores and (from the database) its dossier
    "province": {"config", "intake", "totals", "scoring", "words", "state"},
    "workbooks": {"config", "intake", "totals", "scoring", "words", "province"},
    "report": {"config", "intake", "totals", "scoring", "words", "province"},
    "signing": {"config", "words"},  # the dossier's PDFs signed and checked (pyHanko)
    "portal": {"config", "intake", "totals", "scoring", "words", "workbooks", "report", "state", "province", "signing"},
    "cli": {
        *("config", "intake", "totals", "scoring", "words", "workbooks", "report", "portal", "state", "province"),
        "signing",
    },
    "__main__": {"cli"},  # `python -m thidua`: the entry point, nothing else
}
LEAVES = {"findings", "numbers", "periods", "atomic", "batch", "written", "layout", "strings", "os_reasons"}
# Records of facts, importing nothing that computes beyond the intake's records: what `words` may read.
FACTS = {"scoring.basis", "scoring.facts", "signing.facts", "signing.identity"}
# Third-party modules that only one module may import: the single place each format is handled.
FORMAT_OWNERS = {
    "python_calamine": {"intake/read.py"},
    # reading returns; patching feedback copies; the period's templates, the award dossier, a backup
    "zipfile": {
        "intake/read.py",
        "intake/zipsafe.py",
        "workbooks/markup.py",
        "portal/chair_views.py",
        "portal/dossier_files.py",  # a dossier sent to the board must open as what it claims to be
        "cli/dossier_pdf.py",  # the documents' parts, for what each PDF is made of
        "cli/dossier.py",
        "cli/archive.py",
        "signing/package.py",  # a signed dossier's zip made again, a received one read
    },
    "lxml": {"intake/ooxml.py", "workbooks/xlsx_parts.py", "workbooks/markup.py"},  # untrusted XML, safely parsed
    "docx.oxml": {f"report/docx_xml/{m}.py" for m in ("styles", "sections", "paragraphs", "tables", "properties")},
    # the database: tables, migrations and queries in thidua/state alone
    "sqlalchemy": {
        f"state/{m}.py"
        for m in ("schema", "database", "base", "access", "records", "store", "backup", "dossiers", "handoffs")
    }
    | {f"state/migrations/versions/{p.name}" for p in (ROOT / "thidua/state/migrations/versions").glob("0*.py")},
    "alembic": {"state/database.py", "state/backup.py", "state/migrations/env.py"}
    | {f"state/migrations/versions/{p.name}" for p in (ROOT / "thidua/state/migrations/versions").glob("0*.py")},
    "sqlite3": {"state/backup.py"},  # SQLite's online backup API, which SQLAlchemy does not wrap
    # signing and checking PDF signatures, the token, the signature's picture: in thidua/signing alone
    "pyhanko": {f"signing/{m}.py" for m in ("sign", "verify")},
    "pkcs11": {"signing/sign.py"},
    "PIL": {"signing/appearance.py"},
}


def modules() -> dict[str, Path]:
    """'intake.read' → path, for every module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        out[name] = path
    return out


def imports(path: Path) -> set[str]:
    """Every module imported anywhere in the file (lazy imports inside functions included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def internal_graph() -> dict[str, set[str]]:
    mods = modules()
    graph = {}
    for name, path in mods.items():
        targets = {i.removeprefix("thidua.") for i in imports(path) if i.startswith("thidua.")}
        graph[name] = {t for t in targets if t in mods and t != name}
    return graph


@pytest.mark.parametrize("path", [*sorted(PACKAGE.rglob("*.py")), ROOT / "pipeline.py"], ids=str)
def test_modules_stay_small(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_no_import_cycles() -> None:
    graph = internal_graph()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            assert state.get(nxt) != 1, " → ".join([*path, node, nxt])
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])


def test_stages_import_only_earlier_stages() -> None:
    graph = internal_graph()
    for name, targets in graph.items():
        top = name.split(".")[0]
        allowed = LAYERS.get(top, set()) | {top} | LEAVES if top in LAYERS else LEAVES | {""}
        for target in targets:
            assert target.split(".")[0] in allowed or (top == "words" and target in FACTS), f"{name} imports {target}"
    for fact in FACTS:
        below = LEAVES | {"config", "intake"}
        assert not {t for t in graph[fact] if t.split(".")[0] not in below and t not in FACTS}, fact


def test_one_module_per_file_format() -> None:
    for path in modules().values():
        rel = path.relative_to(PACKAGE).as_posix()
        for module, owners in FORMAT_OWNERS.items():
            uses = any(i == module or i.startswith(module + ".") for i in imports(path))
            assert not uses or rel in owners, f"{rel} imports {module}"


def test_stages_neither_print_nor_delete() -> None:
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(("cli/", "portal/")):  # the two front ends do the I/O and clean-up
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                allowed = (name == "remove" and rel.startswith("report/docx_xml/")) or (  # XML elements
                    # its own temporaries, after a failed write; a batch's outputs with no reason to be
                    name == "unlink" and rel in ("atomic.py", "batch.py")
                )
                assert allowed or name not in {"print", "unlink", "rmtree", "remove", "rmdir"}, f"{rel}:{node.lineno}"


# Where a statement may name a cluster's table without the store's scope: the scope helpers themselves, the
# whole-database backup, and the board's two reads across clusters (refused on a cluster's store).
UNSCOPED = {"state/base.py": "*", "state/backup.py": "*", "state/dossiers.py": {"dossier_states", "dossier_event"}}


def test_a_clusters_store_reads_and_writes_its_own_rows_only() -> None:
    """Scope by construction: in thidua/state, every SELECT, UPDATE, DELETE or INSERT on a table that
    carries a cluster goes through the store's scoped helpers (state/base.py), never a clause added by hand:
    a query that forgot its clause is a failure here, not an office reading another cluster's rows."""
    from thidua.state.schema import metadata

    scoped = {name for name, table in metadata.tables.items() if "cluster" in table.c}
    assert {"accounts", "links", "sessions", "uploads", "ledger", "devices", "messages", "dossiers"} <= scoped
    wrong = []
    for path in sorted((PACKAGE / "state").glob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        allowed = UNSCOPED.get(rel, set())
        if allowed == "*":
            continue
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, ast.FunctionDef) or function.name in allowed:
                continue
            for node in ast.walk(function):
                if _unscoped_statement(node, scoped) or _hand_written_scope(node):
                    wrong.append(f"{rel}:{node.lineno} in {function.name}")
    assert wrong == []


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _unscoped_statement(node: ast.AST, scoped: set[str]) -> bool:
    """select(t…)/delete(t)/insert(t)/update(t), or t.insert()/t.update()/t.delete(), with t a cluster's table."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Name) and func.id in {"select", "delete", "insert", "update"}:
        return bool(set().union(*(_names(a) for a in node.args)) & scoped) if node.args else False
    is_method = isinstance(func, ast.Attribute) and func.attr in {"insert", "update", "delete"}
    return is_method and isinstance(func.value, ast.Name) and func.value.id in scoped  # type: ignore[union-attr]


def _hand_written_scope(node: ast.AST) -> bool:
    """`table.c.cluster == …`: the scope is the helpers' to add."""
    if not isinstance(node, ast.Compare):
        return False
    left = node.left
    return isinstance(left, ast.Attribute) and left.attr == "cluster" and isinstance(left.value, ast.Attribute)


def test_every_action_written_to_the_ledger_has_words_on_its_page() -> None:
    """The ledger page shows an action by its Vietnamese label, else by its code: every code written has one."""
    import re

    from thidua.portal.chair_ledger import LEDGER_ACTIONS

    written = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        written |= set(re.findall(r'\.log\([^,()]+(?:\([^)]*\))?, "([a-z_]+)"', text))
        written |= set(re.findall(r'_entry\([^,]+, "([a-z_]+)"', text))
    assert {"upload", "resend", "dossier", "login"} <= written
    assert written - set(LEDGER_ACTIONS) == set()


def test_a_portal_starts_without_the_signing_libraries() -> None:
    """pyHanko's signing half and pypdf cost a portal half a second of every start (measured, issue 32): they
    are imported when a PDF is signed or placed, not when the pages are registered."""
    import subprocess
    import sys

    code = (
        "import sys; import thidua.portal.app, thidua.portal.chair_dossier, thidua.portal.signing_views, "
        "thidua.portal.board_views_dossiers; print(sorted(m for m in ('pyhanko.sign.signers', 'pyhanko.stamp', "
        "'pypdf') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
