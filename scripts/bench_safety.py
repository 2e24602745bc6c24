"""How fast the disallow-list matcher is: `make bench`.

First the corpus (tests/fixtures/safety/): the share of ordinary classroom prompts the
lists allow with every default category on, and the share of blocked prompts they stop
with every category on; both must be 100%.

Then compiles 5,000 terms (the lesson's lists and every default category, a few dozen
emoji and symbol terms, and generated words and phrases, seeded so every run uses the
same list)
and checks 4,000-character prompts: innocent ones in English, accented Spanish and
Russian (the worst case: nothing matches, so every reading is scanned to the end), ones
that do match, and a pathological one made of nothing but spelled-out letters. Prints
median, p95 and max in milliseconds, and PASS/FAIL against the target: every innocent
prompt's median under 5 ms.

A script, not a timed test: timings on a shared machine are not pass/fail material for
CI, but the figures should be looked at when the matcher changes.
"""

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The safety package's __init__ imports the Django models, so Django is set up first;
# nothing here touches the database.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edu4all.settings")
import django

django.setup()

from generation.safety.categories import categories  # noqa: E402
from generation.safety.matching import Prepared, TermMatcher, compile_terms  # noqa: E402
from tests.support.safety_corpus import blocked_prompts, ordinary_prompts  # noqa: E402

TARGET_MS = 5.0
TERMS = 5_000
PROMPT_CHARS = 4_000
RUNS = 200
WARM_UP = 20

# What children ask for: a few hundred everyday words, with the punctuation they use.
PROMPT_WORDS = """
a an the and with in on under over next to of for from by at near behind beside
cute happy friendly little big tiny giant fluffy colourful bright sunny rainy snowy
magical sparkly shiny golden silver purple green blue red yellow orange pink rainbow
cat kitten dog puppy rabbit bunny horse pony unicorn dragon dinosaur penguin owl fox
bear panda koala lion tiger elephant giraffe monkey dolphin whale octopus turtle frog
butterfly bee ladybird bird parrot robot astronaut pirate princess knight wizard
castle house treehouse garden forest jungle beach ocean island mountain river lake
city village school classroom library kitchen spaceship rocket moon stars planet sky
cloud clouds rainbow flowers trees leaves grass pumpkin apples cake cupcakes ice cream
pizza sandwich picnic party birthday balloons presents kite bicycle train car bus boat
wearing holding riding playing reading painting dancing singing flying swimming eating
sleeping jumping running building drawing exploring looking smiling laughing waving
hat scarf boots cape crown glasses backpack umbrella book map telescope paintbrush
cartoon watercolour painting drawing picture storybook style bright colours soft light
morning afternoon evening night sunset sunrise winter spring summer autumn holiday
very really quite so too also together friends family everyone their its his her my
""".split()  # noqa: SIM905 (a paragraph reads better than a 200-item list)
PUNCTUATION_AFTER = [""] * 12 + [",", ",", ".", "!", "?", ";"]
EXTRA = ["well-known", "don't", "it's", "they're", "e.g.", "3D", "10", "2nd", "mum's", "(big)"]

SYLLABLES = [
    c + v
    for c in ["b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "l", "m", "n",
              "p", "pl", "qu", "r", "s", "sh", "st", "t", "tr", "v", "w", "z"]
    for v in ["a", "e", "i", "o", "u", "ai", "ea", "oo", "ou", "ar", "er", "or", "en", "an"]
]  # fmt: skip


def innocent_prompt(rng: random.Random) -> str:
    words: list[str] = []
    length = 0
    while length < PROMPT_CHARS:
        word = rng.choice(EXTRA) if rng.random() < 0.03 else rng.choice(PROMPT_WORDS)
        if rng.random() < 0.05:
            word = word.capitalize()
        word += rng.choice(PUNCTUATION_AFTER)
        words.append(word)
        length += len(word) + 1
    return " ".join(words)[:PROMPT_CHARS].rsplit(" ", 1)[0]


SPANISH_WORDS = """
un una el la los las con en de y para gato perro conejo dragón unicornio pequeño
pequeña feliz mágico mágica jardín montaña playa soleada canción niños niñas árbol
árboles flores arcoíris castillo princesa caballero pintura acuarela dibujo bonito
""".split()  # noqa: SIM905
RUSSIAN = "Большой счастливый кот в саду с цветами и деревьями, дракон летит над замком. "


def spanish_prompt(rng: random.Random) -> str:
    """Accented Spanish: not ASCII, so the full Unicode path (it folds back to ASCII)."""
    words = [rng.choice(SPANISH_WORDS) for _ in range(PROMPT_CHARS // 5)]
    return " ".join(words)[:PROMPT_CHARS].rsplit(" ", 1)[0]


def russian_prompt() -> str:
    """Cyrillic: two readings (as written, and with look-alikes read as Latin)."""
    return (RUSSIAN * (PROMPT_CHARS // len(RUSSIAN) + 1))[:PROMPT_CHARS].rsplit(" ", 1)[0]


# Terms made only of symbols, as a school might add them (matched as symbols, not words).
SYMBOL_TERMS = [chr(cp) for cp in range(0x1F52A, 0x1F52A + 30)] + ["🩸", "💣", "💀", "$$$", "+++"]


def generated_terms(rng: random.Random, count: int, prompt: str) -> list[str]:
    """Every shipped list, symbol terms, and plausible made-up words and phrases, none of
    which occurs in the innocent prompt (the benchmark's innocent case must be innocent)."""
    shipped = [term for category in categories() for term in category.all_terms()]
    terms = list(dict.fromkeys(shipped + SYMBOL_TERMS))
    seen = set(terms)
    while len(terms) < count:
        word_count = rng.choices([1, 2, 3, 4], weights=[70, 20, 8, 2])[0]
        term = " ".join(
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            for _ in range(word_count)
        )
        if term not in seen:
            seen.add(term)
            terms.append(term)
    while (hit := compile_terms(terms).find(prompt)) is not None:
        if hit.term in shipped:
            raise SystemExit(f"a shipped term matches the innocent prompt: {hit}")
        terms.remove(hit.term)
    return terms


def corpus_figures() -> bool:
    """Print the corpus's two figures; say whether both are 100%."""
    shipped_on = compile_terms(
        t for c in categories() if c.info.on_by_default for t in c.all_terms()
    )
    every_list = compile_terms(t for c in categories() for t in c.all_terms())
    ordinary, blocked = ordinary_prompts(), blocked_prompts()
    allowed = [p for p in ordinary if shipped_on.find(p.prompt) is None]
    stopped = [p for p in blocked if every_list.find(p.prompt) is not None]
    for p in ordinary:
        if p not in allowed:
            print(f"  overblocked: {p.prompt!r} ({shipped_on.find(p.prompt)})")
    for p in blocked:
        if p not in stopped:
            print(f"  let through: {p.prompt!r} ({p.category})")
    languages = {p.language for p in ordinary}
    print(
        f"ordinary corpus allowed, default lists on:   {len(allowed)}/{len(ordinary)} "
        f"({100 * len(allowed) / len(ordinary):.1f}%), {', '.join(sorted(languages))}"
    )
    print(
        f"blocked corpus stopped, every list on:       {len(stopped)}/{len(blocked)} "
        f"({100 * len(stopped) / len(blocked):.1f}%), "
        f"{len({p.category for p in blocked})} lists"
    )
    return len(allowed) == len(ordinary) and len(stopped) == len(blocked)


def timed(fn: Callable[[], object], runs: int = RUNS) -> list[float]:
    for _ in range(WARM_UP):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(label: str, samples: list[float]) -> float:
    ordered = sorted(samples)
    median = statistics.median(ordered)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(f"{label:<48} median {median:7.3f} ms   p95 {p95:7.3f} ms   max {ordered[-1]:7.3f} ms")
    return median


def main() -> int:
    corpus_ok = corpus_figures()
    rng = random.Random(20240601)
    prompt = innocent_prompt(rng)
    innocent = {
        "innocent English prompt (no match: worst case)": prompt,
        "innocent Spanish prompt, accented": spanish_prompt(rng),
        "innocent Russian prompt": russian_prompt(),
    }
    terms = generated_terms(rng, TERMS, "\n".join(innocent.values()))

    compile_samples = []
    matcher: TermMatcher | None = None
    for _ in range(5):
        start = time.perf_counter()
        matcher = compile_terms(terms)
        compile_samples.append((time.perf_counter() - start) * 1000)
    assert matcher is not None
    for label, text in innocent.items():
        if matcher.find(text) is not None:
            print(f"{label} matched: {matcher.find(text)}")
            return 1

    middle = len(prompt) // 2
    matching = {
        "matching prompt, 'blood' near the start": "blood " + prompt[: PROMPT_CHARS - 6],
        "matching prompt, 'b l 0 0 d' at the end": prompt[: PROMPT_CHARS - 10] + " b l 0 0 d",
        "matching prompt, generated phrase mid-way": (
            prompt[:middle] + " " + terms[-1] + " " + prompt[middle : PROMPT_CHARS - 40]
        ),
        "matching prompt, '💣' with a skin tone at the end": prompt[: PROMPT_CHARS - 4] + " 💣🏽",
    }
    spelled = " ".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(PROMPT_CHARS // 2))

    print(f"{len(terms)} terms, every default list included "
          f"({sum(' ' in t for t in terms)} phrases); prompts of "
          f"{len(prompt)} characters; {RUNS} timed runs after {WARM_UP} warm-up runs")  # fmt: skip
    print(
        f"{'compile 5,000 terms (5 runs)':<48} median {statistics.median(compile_samples):7.1f}"
        f" ms   max {max(compile_samples):7.1f} ms"
    )
    medians = [
        report(label, timed(partial(matcher.find, text))) for label, text in innocent.items()
    ]
    for label, text in matching.items():
        found = matcher.find(text)
        assert found is not None, label
        report(label, timed(partial(matcher.find, text)))
    report("pathological: 2,000 spelled-out letters", timed(lambda: matcher.find(spelled), 20))

    # What check_prompt does for a class: the school's list with every default list,
    # then the class's own (here 20 made-up words), reading the prompt once for both.
    class_list = compile_terms(terms[-20:])

    def school_then_class() -> None:
        assert matcher is not None
        read_once = Prepared(prompt)
        matcher.find(read_once)
        class_list.find(read_once)

    medians.append(
        report("innocent English, school's then a class's list", timed(school_then_class))
    )
    worst = max(medians)
    verdict = "PASS" if worst < TARGET_MS and corpus_ok else "FAIL"
    print(
        f"{verdict}: slowest innocent-prompt median {worst:.3f} ms, target < {TARGET_MS} ms; "
        f"corpus {'100% / 100%' if corpus_ok else 'NOT 100% / 100%'}"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
