"""The README is the user's front door: every setting the code reads is documented."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_CODE = ["edu4all", "classrooms", "generation"]
_READS = re.compile(
    r'(?:env_(?:str|bool|int|optional_int|list|required)|_required|_optional)\(\s*"([A-Z][A-Z0-9_]+)"'
    r'|environ(?:\.get)?[\[(]\s*"([A-Z][A-Z0-9_]+)"'
    r"|\$\{([A-Z][A-Z0-9_]+)"
)
_NOT_OURS = {"DJANGO_SETTINGS_MODULE"}


# These two call the env helpers with made-up names on purpose.
_EXAMPLES = {"test_settings.py", "test_docs.py"}


def variables_read_by(folders: list[str]) -> set[str]:
    names: set[str] = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".py", ".sh"} and path.is_file() and path.name not in _EXAMPLES:
                for match in _READS.finditer(path.read_text()):
                    names.add(next(group for group in match.groups() if group))
    return names - _NOT_OURS


def test_every_setting_the_app_reads_is_in_the_readme_table_and_env_example() -> None:
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    names = variables_read_by(APP_CODE)
    assert {"IMAGE_PROVIDER", "DATABASE_URL", "SECRET_KEY", "AWS_STORAGE_BUCKET_NAME"} <= names
    assert sorted(name for name in names if f"`{name}`" not in readme) == []
    assert sorted(name for name in names if not re.search(rf"^{name}=", example, re.M)) == []


def test_every_variable_the_tests_and_scripts_read_is_explained_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    # Tests, benchmarks and the local run script: explained in the README, no .env entry.
    names = variables_read_by(["tests", "scripts"]) - {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    assert sorted(name for name in names if f"`{name}`" not in readme) == []


def test_the_readme_shows_the_screenshots_the_browser_test_takes() -> None:
    readme = (ROOT / "README.md").read_text()
    for image in re.findall(r"\]\((docs/screenshots/[^)]+\.png)\)", readme):
        assert (ROOT / image).is_file(), image
    for shown in (
        "student-assignment.png",
        "student-painter.png",
        "student-edit-chain.png",
        "student-understood.png",
        "student-picture-made-with-ai.png",
        "student-assignment-es.png",
    ):
        assert f"docs/screenshots/{shown}" in readme, shown
