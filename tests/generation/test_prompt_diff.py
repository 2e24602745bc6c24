"""What the model added to a prompt: the word-level comparison, and its rendering, which
escapes every text whoever wrote it."""

from django.template import Context, Template

from generation.models import Generation
from generation.prompt_diff import Segment, revised_prompt_segments


def added_words(prompt: str, revised: str) -> list[str]:
    return [text for text, added in revised_prompt_segments(prompt, revised) if added]


def test_the_words_the_model_added_are_marked_and_the_students_are_not() -> None:
    segments = revised_prompt_segments(
        "a friendly robot watering plants",
        "A friendly, smiling robot watering green plants in a sunny rooftop garden.",
    )

    assert segments == [
        Segment("A friendly, ", False),
        Segment("smiling", True),
        Segment(" robot watering ", False),
        Segment("green", True),
        Segment(" plants ", False),
        Segment("in a sunny rooftop garden.", True),
    ]


def test_the_segments_join_up_to_exactly_what_the_model_wrote() -> None:
    revised = "  The Eiffel Tower,   standing on the Moon — with Earth rising!\nIn colour."

    segments = revised_prompt_segments("the eiffel tower on the moon", revised)

    assert "".join(text for text, _added in segments) == revised


def test_case_and_punctuation_do_not_count_as_changes() -> None:
    assert added_words("the EIFFEL tower, on the moon!", "The Eiffel Tower on the Moon.") == []


def test_punctuation_between_two_added_words_is_part_of_the_addition() -> None:
    assert added_words("a cat", "A cat: big — bright — happy") == ["big — bright — happy"]


def test_a_word_the_model_changed_is_marked_as_its_own() -> None:
    assert added_words("a red boat", "A blue boat") == ["blue"]


def test_an_empty_revised_prompt_has_nothing_to_mark() -> None:
    assert revised_prompt_segments("a red boat", "") == []


def test_with_nothing_written_everything_the_model_wrote_is_added() -> None:
    assert revised_prompt_segments("", "A red boat.") == [Segment("A red boat.", True)]


def render(prompt: str, revised: str, provider: str = "openai") -> str:
    generation = Generation(prompt=prompt, revised_prompt=revised, provider=provider)
    template = Template("{% load prompt_learning %}{% what_the_model_understood generation %}")
    return template.render(Context({"generation": generation}))


def test_additions_are_shown_in_ins_with_words_for_screen_readers() -> None:
    html = render("a red boat", "A red boat on a calm sea")

    assert (
        '<ins><span class="visually-hidden">added by the model: </span>on a calm sea</ins>' in html
    )
    assert "The words the model added are underlined and highlighted." in html


def test_a_script_in_the_prompt_or_in_the_revised_prompt_is_shown_as_text() -> None:
    html = render("a boat <script>alert(1)</script>", "A boat <script>alert(2)</script> <b>big</b>")

    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "&lt;b&gt;big&lt;/b&gt;" in html


def test_a_model_that_did_not_rewrite_the_prompt_is_said_so_kindly() -> None:
    html = render("a red boat", "")

    assert "a red boat" in html
    assert "This model did not rewrite the prompt." in html
    assert "<ins>" not in html


def test_a_revised_prompt_with_nothing_added_says_no_words_were_added() -> None:
    html = render("a red boat", "A red boat.")

    assert "The model used your words and added none." in html
    assert "<ins>" not in html


def test_the_offline_previews_note_is_shown_as_it_is_not_compared() -> None:
    html = render("a red boat", "(Offline preview: no AI model revised this prompt.)", "offline")

    assert "(Offline preview: no AI model revised this prompt.)" in html
    assert "<ins>" not in html
