"""The default lists by category: shipped as data, switched on or off in the database.

Each category's words are a file in `defaults/categories/<slug>.yaml` (English and
Spanish, with every doubtful word's decision written beside it); the lesson's own list is
`defaults/en.txt` and `defaults/es.txt`. Files, not rows: a curated list is reviewed and
improved in the code, reaches every school with the next release without a data
migration, and keeps the school's own list (rows an admin edits) the school's own.
Which categories are on is a small table of switches (`SafetyCategorySwitch`).
"""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.utils.translation import gettext_lazy as _

from generation.safety.defaults import LANGUAGES, default_terms

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

FOLDER = Path(__file__).with_name("defaults") / "categories"
LESSON = "lesson"


@dataclass(frozen=True)
class CategoryInfo:
    """What the code says about a category: its name, and whether it starts on."""

    slug: str
    label: "_StrOrPromise"
    on_by_default: bool
    why: "_StrOrPromise"


# In the order pages list them. Only drugs, alcohol and smoking starts off: its plainest
# words (cigarette, alcohol, beer, drugs) are what health lessons and history
# (Prohibition, the tobacco trade) are about; a teacher of young children switches it on.
INFO = (
    CategoryInfo(
        LESSON,
        _("The lesson's list"),
        True,
        _(
            "The words of the lesson this app is built on. They are on the school-wide "
            "list too: to let one of them through, remove it there and switch this off."
        ),
    ),
    CategoryInfo("weapons", _("Weapons"), True, _("Guns, bombs and other weapons, not history's.")),
    CategoryInfo(
        "violence",
        _("Violence and gore"),
        True,
        _("Killing, hurting and blood; battles and soldiers of history pass."),
    ),
    CategoryInfo(
        "nudity",
        _("Nudity and sexual content"),
        True,
        _("Undressed bodies and sexual words; the body in science lessons passes."),
    ),
    CategoryInfo(
        "drugs",
        _("Drugs, alcohol and smoking"),
        False,
        _(
            "Off by default: health lessons and history (Prohibition, the tobacco trade) "
            "need its words. Switch it on for young children."
        ),
    ),
    CategoryInfo(
        "self_harm",
        _("Self-harm"),
        True,
        _("Hurting oneself; a child who types these words may need a grown-up."),
    ),
    CategoryInfo("hate", _("Hate and slurs"), True, _("Slurs and hate symbols.")),
    CategoryInfo("profanity", _("Profanity"), True, _("Swear words children type.")),
)
BY_SLUG = {info.slug: info for info in INFO}


@dataclass(frozen=True)
class Category:
    info: CategoryInfo
    terms: dict[str, tuple[str, ...]]  # language → terms, in the file's order
    left_out: dict[str, str] = field(default_factory=dict)  # word → why it is not blocked
    sources: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return self.info.slug

    def all_terms(self) -> list[str]:
        return list(dict.fromkeys(t for language in LANGUAGES for t in self.terms[language]))


@cache
def categories() -> tuple[Category, ...]:
    """Every shipped category, read once per process (the files change only with a release)."""
    return tuple(_load(info) for info in INFO)


def category(slug: str) -> Category:
    return next(c for c in categories() if c.slug == slug)


def _load(info: CategoryInfo) -> Category:
    if info.slug == LESSON:
        return Category(
            info,
            {language: tuple(default_terms(language)) for language in LANGUAGES},
            sources=("Generative AI for Beginners, chapter 9 (Microsoft, MIT licence)",),
        )
    data: dict[str, Any] = yaml.safe_load((FOLDER / f"{info.slug}.yaml").read_text("utf-8"))
    terms = {
        language: tuple(str(term).strip().lower() for term in data.get(language) or ())
        for language in LANGUAGES
    }
    left_out = {str(word): str(why) for word, why in (data.get("left_out") or {}).items()}
    return Category(info, terms, left_out, tuple(data.get("sources") or ()))
