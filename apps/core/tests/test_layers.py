"""The layers between the apps (docs/architecture.md, "Layers between the apps"), read from the
source: no import of another part hides inside a function (a function-level import that dodges a
cycle is still the cycle; `AppConfig.ready()` is where Django's registration imports go), and no
part imports one above it or an independent sibling. `lint-imports` checks the second rule on the
import graph; this test also names the line and catches the function-level dodge."""

from __future__ import annotations

import ast
import configparser
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCANNED = ("apps", "recommender", "config")
SKIPPED_DIRS = {"tests", "migrations"}


def layer_ranks() -> dict[str, int]:
    """Each part's floor from the `layers` contract in .importlinter (0 is the top; siblings
    written `a | b` share a floor), so the test and lint-imports read one order."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    lines = config["importlinter:contract:layers"]["layers"].strip().splitlines()
    return {part.strip(): floor for floor, line in enumerate(lines) for part in line.split("|")}


def part_of(module: str) -> str | None:
    """The top-level part a dotted module belongs to: `apps.<app>`, `recommender` or `config`."""
    names = module.split(".")
    if names[0] == "apps":
        return ".".join(names[:2]) if len(names) > 1 else None
    return names[0] if names[0] in ("recommender", "config") else None


@dataclass(frozen=True)
class Finding:
    where: str
    imported: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.imported} ({self.problem})"


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        if node.module == "apps":  # from apps import catalog
            return [f"apps.{alias.name}" for alias in node.names]
        return [node.module]
    return []


def _is_type_checking(test: ast.expr) -> bool:
    return "TYPE_CHECKING" in ast.unparse(test)


def _is_app_ready(function: ast.AST, owner: ast.AST | None) -> bool:
    return (
        isinstance(function, ast.FunctionDef)
        and function.name == "ready"
        and isinstance(owner, ast.ClassDef)
        and any("AppConfig" in ast.unparse(base) for base in owner.bases)
    )


def findings_in(source: str, *, module: str, ranks: dict[str, int]) -> list[Finding]:
    """Imports of other parts placed in a function other than `AppConfig.ready`, and imports
    of a part above this one or of a sibling on its floor (`if TYPE_CHECKING:` ones excepted)."""
    own = part_of(module)
    found: list[Finding] = []

    def visit(node: ast.AST, function: ast.AST | None, owner: ast.AST | None, typing: bool) -> None:
        for target in _imported(node):
            other = part_of(target)
            if own is None or other is None or other == own:
                continue
            where = f"{module}:{getattr(node, 'lineno', 0)}"
            if function is not None and not _is_app_ready(function, owner):
                name = getattr(function, "name", "?")
                found.append(Finding(where, target, f"inside function {name}()"))
            if not typing and other in ranks and own in ranks and ranks[other] <= ranks[own]:
                found.append(Finding(where, target, f"{own} may not import {other}"))
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child, node if function is None else owner, typing)
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                for statement in child.body:
                    visit(statement, function, owner, True)
                for statement in child.orelse:
                    visit(statement, function, owner, typing)
            else:
                visit(child, function, owner, typing)

    visit(ast.parse(source), None, None, False)
    return found


def project_modules() -> list[tuple[str, Path]]:
    found = []
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if SKIPPED_DIRS & set(relative.parts[:-1]) or path.name == "tests.py":
                continue
            module = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
            found.append((module, path))
    return found


def test_the_scan_sees_a_function_level_import_and_allows_app_ready():
    ranks = layer_ranks()
    source = (
        "from apps.core.events import interaction_announce\n"
        "from django.apps import AppConfig\n"
        "class CatalogConfig(AppConfig):\n"
        "    def ready(self):\n"
        "        from apps.core.dashboard import dashboard_block_register\n"
        "def hook():\n"
        "    from apps.ott.services import offers_from_source_title\n"
    )

    found = findings_in(source, module="apps.catalog.apps", ranks=ranks)

    assert [(f.imported, f.problem) for f in found] == [
        ("apps.ott.services", "inside function hook()"),
        ("apps.ott.services", "apps.catalog may not import apps.ott"),
    ]


def test_the_scan_refuses_siblings_and_lets_type_checking_imports_point_up():
    ranks = layer_ranks()
    source = (
        "from typing import TYPE_CHECKING\n"
        "from apps.regional.selectors import visitor_location\n"
        "if TYPE_CHECKING:\n"
        "    from apps.curation.models import Collection\n"
    )

    found = findings_in(source, module="apps.social.selectors", ranks=ranks)

    assert [str(f) for f in found] == [
        "apps.social.selectors:2: apps.regional.selectors (apps.social may not import apps.regional)"
    ]


def test_the_layers_name_every_app():
    ranks = layer_ranks()
    apps_on_disk = {f"apps.{p.name}" for p in (ROOT / "apps").iterdir() if (p / "apps.py").exists()}

    assert len(apps_on_disk) >= 11
    assert apps_on_disk | {"recommender", "config"} == set(ranks)


def test_no_part_imports_upward_or_from_inside_a_function():
    ranks = layer_ranks()
    modules = project_modules()
    findings = [
        str(finding)
        for module, path in modules
        for finding in findings_in(path.read_text(encoding="utf-8"), module=module, ranks=ranks)
    ]

    assert len(modules) > 300  # the whole project was read
    assert findings == []
