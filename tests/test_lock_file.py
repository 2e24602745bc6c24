"""Installs are reproducible: the Dockerfile installs requirements.lock, made from
pyproject.toml by `make lock`, and the lock must cover every dependency declared."""

import re
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
