"""The house rule that `domain/` is pure: it imports only the standard library and pydantic, and reads no clock."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
ALLOWED = set(sys.stdlib_module_names) | {"domain", "pydantic", "pydantic_core"}
CLOCK_READS = {"now", "utcnow", "today", "monotonic", "perf_counter", "time_ns"}
MODULES = sorted(DOMAIN.glob("*.py"))


def imported_roots(tree: ast.AST) -> set[str]:
    """The top-level package of every module an `import` or `from ... import` names (relative imports as domain)."""
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            roots.add("domain" if node.level else (node.module or "").split(".")[0])
    return roots


def clock_calls(tree: ast.AST) -> list[str]:
    """Calls such as `datetime.now()` or `time.time()`: a method named like a clock read (`.time()` on `time`)."""
    return [ast.unparse(node) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and (node.func.attr in CLOCK_READS or ast.unparse(node.func) == "time.time")]


def test_the_domain_package_has_modules_to_check():
    assert len(MODULES) > 10


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_a_domain_module_imports_only_the_standard_library_and_pydantic(module):
    assert imported_roots(ast.parse(module.read_text())) - ALLOWED == set()


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_a_domain_module_reads_no_clock(module):
    assert clock_calls(ast.parse(module.read_text())) == []


def test_the_checks_catch_what_they_look_for():
    tree = ast.parse("import cryptography.x\nfrom store import y\nfrom . import z\nimport datetime\n"
                     "when = datetime.datetime.now(tz)\nt = time.time() + moment.time().hour\n")
    assert imported_roots(tree) - ALLOWED == {"cryptography", "store"}
    assert clock_calls(tree) == ["datetime.datetime.now(tz)", "time.time()"]
