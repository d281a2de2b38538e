"""The markup an HTML-to-Markdown converter writes, read as a reader sees the page."""

import pytest

from cases.text.markdown import markdown_to_text
from cases.text.quotes import find_quote

WRAPPED_LINK = (
    "Read the [Treasury\u2019s\n"
    "statement](https://home.treasury.gov/news/press-releases/\n"
    "jy2117) for details.\n"
)


def test_a_link_keeps_its_text_even_when_its_url_is_wrapped():
    assert markdown_to_text(WRAPPED_LINK) == "Read the Treasury\u2019s statement for details."


def test_a_quote_of_the_sentence_around_a_link_is_found():
    text = markdown_to_text(WRAPPED_LINK)

    assert find_quote(text, "Read the Treasury\u2019s statement for details") is not None


def test_a_link_whose_url_has_parentheses_keeps_its_text():
    text = "See [the ruling](https://en.wikipedia.org/wiki/Case_(law)) today."

    assert markdown_to_text(text) == "See the ruling today."


def test_an_image_is_left_out_with_the_space_before_it_and_a_linked_image_entirely():
    text = "The President ![Photo of the meeting](/img/a.jpg) spoke. [![Logo](/logo.png)](/)"

    assert markdown_to_text(text) == "The President spoke."


@pytest.mark.parametrize(
    "markdown",
    [
        "a **bold** word",
        "a __bold__ word",
        "a *bold* word",
        "a _bold_ word",
        "a ***bold*** word",
        "a _**bold**_ word",
        "a **_bold_** word",
    ],
)
def test_emphasis_loses_its_markers(markdown):
    assert markdown_to_text(markdown) == "a bold word"


def test_escaped_asterisks_and_underscores_stay_literal():
    assert markdown_to_text(r"\*not emphasis\* and \_not\_ and \*\*this\*\*") == (
        "*not emphasis* and _not_ and **this**"
    )


def test_asterisks_and_underscores_inside_words_are_kept():
    text = "call snake_case_name with 2*3*4 and a_b c_d, or 5 * 3 * 2"

    assert markdown_to_text(text) == text


def test_each_list_item_is_a_paragraph_of_its_own():
    markdown = (
        "The sanctions target:\n"
        "\n"
        "  * the prison\n"
        "  * its officials, named in\n"
        "    the annex\n"
        "- its suppliers\n"
        "\n"
        "1. first\n"
        "2. second\n"
    )

    assert markdown_to_text(markdown).split("\n\n") == [
        "The sanctions target:",
        "the prison",
        "its officials, named in the annex",
        "its suppliers",
        "1. first",
        "2. second",
    ]


def test_a_wrapped_line_that_starts_like_a_list_item_is_joined():
    markdown = "It rose by\n- as they put it - a lot in\n2020. Then it fell.\n"

    assert markdown_to_text(markdown) == (
        "It rose by - as they put it - a lot in 2020. Then it fell."
    )


def test_a_heading_loses_its_marks_and_is_a_paragraph_of_its_own():
    markdown = "# Statement\n## Background ##\nThe text.\n\n### C#\n"

    assert markdown_to_text(markdown) == "Statement\n\nBackground\n\nThe text.\n\nC#"


def test_an_escaped_hash_is_not_a_heading():
    assert markdown_to_text("\\# 1 priority\n\n\\###") == "# 1 priority\n\n###"


def test_a_quotation_loses_its_markers_and_keeps_its_paragraphs():
    markdown = "He said:\n\n> We will not\n> stop.\n>\n> > Never.\n\nEnd."

    assert markdown_to_text(markdown) == "He said:\n\nWe will not stop.\n\nNever.\n\nEnd."


def test_a_thematic_break_is_left_out():
    assert markdown_to_text("Before.\n\n* * *\n\nAfter.\n---\n") == "Before.\n\nAfter."


@pytest.mark.parametrize(
    "markdown, text",
    [
        ("AT&amp;T", "AT&T"),
        ("Biden&#8217;s", "Biden\u2019s"),
        ("Biden&#x2019;s", "Biden\u2019s"),
        ("Mr.&nbsp;Whelan", "Mr.\u00a0Whelan"),
        ("R\\&amp;D", "R&D"),
        ("AT&T and &copy without a semicolon", "AT&T and &copy without a semicolon"),
        ("&lt;s&gt;kept&lt;/s&gt;", "<s>kept</s>"),
    ],
)
def test_html_entities_are_decoded_after_the_escapes_are_undone(markdown, text):
    assert markdown_to_text(markdown) == text


@pytest.mark.parametrize(
    "markdown",
    [
        "target ~~his~~ [the] citizens",
        "target <del>his</del> [the] citizens",
        "target <strike>his</strike> [the] citizens",
        'target <s class="struck">his</s> [the] citizens',
        "target <S>his</S > [the] citizens",
    ],
)
def test_every_strike_through_is_left_out_like_s(markdown):
    assert markdown_to_text(markdown.replace("[", "\\[").replace("]", "\\]")) == (
        "target [the] citizens"
    )


def test_escaped_markup_is_text():
    assert markdown_to_text(r"\<s>kept\</s> \[not\](a link) \~~kept~~") == (
        "<s>kept</s> [not](a link) ~~kept~~"
    )
