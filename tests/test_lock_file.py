"""Installs are reproducible: the Dockerfile installs requirements.lock, made from
pyproject.toml by `make lock`, and the lock must cover every dependency declared."""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    name = re.split(r"[\s\[<>=!~;]", requirement.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_runtime_dependency_is_pinned_in_the_lock_file() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = {
        _name(line.split("==")[0]): line.split("==")[1]
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line and not line.startswith(("#", " "))
    }
    missing = sorted(_name(dep) for dep in project["dependencies"] if _name(dep) not in pinned)
    assert missing == [], "run `make lock` after changing pyproject.toml's dependencies"


def test_the_dockerfile_installs_the_lock_file() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --no-cache-dir -r requirements.lock" in dockerfile
    assert "--no-deps ." in dockerfile


def test_every_library_the_site_imports_is_installed_in_production() -> None:
    """A library only in the dev extra works in tests and breaks the Docker image."""
    pinned = {
        _name(line.split("==")[0])
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line and not line.startswith(("#", " "))
    }
    distributions = importlib.metadata.packages_distributions()
    local = {"edu4all", "generation", "classrooms"}
    imported: set[str] = set()
    for package in sorted(local):
        for path in (ROOT / package).rglob("*.py"):
            imported.update(_imports_at_run_time(ast.parse(path.read_text(), str(path))))
    third_party = imported - local - set(sys.stdlib_module_names)
    unpinned = sorted(
        f"{module} ({', '.join(distributions.get(module, ['?']))})"
        for module in third_party
        if not {_name(d) for d in distributions.get(module, [module])} & pinned
    )
    assert unpinned == [], "add these to pyproject.toml's dependencies and run `make lock`"


def _imports_at_run_time(tree: ast.AST) -> set[str]:
    """Top-level names imported, leaving out `if TYPE_CHECKING:` blocks (types only)."""
    found: set[str] = set()
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        pending.extend(ast.iter_child_nodes(node))
    return found
