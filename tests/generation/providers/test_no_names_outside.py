"""Callers ask the provider interface; only generation/providers/ knows providers' names."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PROVIDER_NAMES = {"openai", "azure", "offline"}
SCANNED = ["classrooms", "edu4all", "generation", "scripts"]
# Not about image providers: "azure" there is the Azure Blob storage backend.
UNRELATED = {Path("edu4all/storage.py")}


def provider_names_in(node: ast.AST) -> set[str]:
    """Provider names a comparison operand spells out (also inside tuples, lists, sets)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value.lower()} & PROVIDER_NAMES
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return set().union(*(provider_names_in(element) for element in node.elts))
    return set()


def comparisons_with_provider_names(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            for operand in [node.left, *node.comparators]:
                found += [(node.lineno, name) for name in sorted(provider_names_in(operand))]
        elif isinstance(node, ast.match_case) and isinstance(node.pattern, ast.MatchValue):
            found += [(node.pattern.lineno, name) for name in provider_names_in(node.pattern.value)]
    return found


def test_the_scan_finds_a_comparison_with_a_provider_name() -> None:
    source = (
        'if provider == "offline": pass\n'
        'if name in ("openai", "x"): pass\n'
        'match kind:\n    case "azure": pass\n'
    )
    assert comparisons_with_provider_names(source) == [(1, "offline"), (2, "openai"), (4, "azure")]
    assert comparisons_with_provider_names('label = {"offline": 1}\nx = y == "other"') == []


def test_no_code_outside_the_providers_package_compares_a_provider_name() -> None:
    providers = ROOT / "generation" / "providers"
    offenders = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if providers in path.parents or relative in UNRELATED or "migrations" in path.parts:
                continue
            offenders += [
                f"{relative}:{line} compares {name!r}"
                for line, name in comparisons_with_provider_names(path.read_text())
            ]
    assert offenders == []
