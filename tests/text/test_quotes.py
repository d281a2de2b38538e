from hypothesis import given, settings
from hypothesis import strategies as st

from cases.text import quotes
from cases.text.quotes import find_quote

TEXT = 'Lavrov "gave detailed explanations about the need\nto respect  Russia\'s legislation".'


def test_an_exact_quote_is_found_with_its_offsets():
    start, end = find_quote(TEXT, "gave detailed explanations")
    assert TEXT[start:end] == "gave detailed explanations"


def test_whitespace_differences_are_tolerated():
    start, end = find_quote(TEXT, "the need to respect Russia's")
    assert TEXT[start:end] == "the need\nto respect  Russia's"


def test_curly_quotes_match_straight_ones():
    start, end = find_quote(TEXT, "Lavrov “gave detailed explanations")
    assert TEXT[start:end] == 'Lavrov "gave detailed explanations'
    assert find_quote(TEXT, "respect Russia’s legislation") is not None


def test_a_passage_not_in_the_text_is_not_found():
    assert find_quote(TEXT, "gave no explanations") is None
    assert find_quote(TEXT, "   ") is None


def test_matching_is_case_sensitive_because_quotes_are_verbatim():
    assert find_quote(TEXT, "GAVE detailed") is None


def test_the_hinted_occurrence_wins_over_the_first():
    text = "free him. free him."
    assert find_quote(text, "free him", start_hint=10) == (10, 18)
    assert find_quote(text, "free him") == (0, 8)


def normalised_one_character_at_a_time(text):
    """The definition: every run of whitespace one space, at the run's first character."""
    characters, origins, previous_was_space = [], [], False
    for index, character in enumerate(text.translate(quotes._EQUIVALENT)):
        if character.isspace():
            if previous_was_space:
                continue
            character, previous_was_space = " ", True
        else:
            previous_was_space = False
        characters.append(character)
        origins.append(index)
    return "".join(characters), origins


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n\t\u00a0\u2019\u201c\u2014\u2028x")))
def test_normalising_by_runs_gives_what_normalising_each_character_gives(text):
    normalised, origins = quotes._normalise(text)
    expected, expected_origins = normalised_one_character_at_a_time(text)
    assert normalised == expected
    assert [origins[position] for position in range(len(origins))] == expected_origins
    for position, origin in enumerate(expected_origins):
        assert origins.position_of(origin) == position
    kept = set(expected_origins)
    assert all(
        origins.position_of(index) is None for index in range(len(text)) if index not in kept
    )


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab \n\u2019'")),
    st.text(alphabet=st.sampled_from("ab \n\u2019'"), min_size=1, max_size=4),
)
def test_a_found_quote_is_the_passage_at_its_offsets(text, quote):
    found = find_quote(text, quote)
    needle = quotes.normalise_quote(quote)
    if found is None:
        assert not needle or needle not in quotes._normalise(text)[0]
        return
    start, end = found
    assert quotes.normalise_quote(text[start:end]) == quotes.normalise_quote(quote)
    # Checked again at its own offsets, the passage stays where it is.
    assert find_quote(text, quote, start_hint=start) == (start, end)


def test_one_normalised_text_finds_every_quote_of_a_source():
    text = quotes.NormalisedText(TEXT)
    assert text.find("gave detailed explanations") == find_quote(TEXT, "gave detailed explanations")
    assert text.find("respect Russia’s legislation") is not None
    assert text.find("gave no explanations") is None


def test_a_passage_standing_at_its_offsets_needs_no_normalising():
    text = quotes.NormalisedText(TEXT)
    start = TEXT.index("gave detailed explanations")
    end = start + len("gave detailed explanations")
    assert text.stands_at("gave detailed explanations", start, end)
    assert "_normalised" not in vars(text)
    assert not text.stands_at("gave detailed explanations", start + 1, end + 1)
    assert not text.stands_at("gave  detailed explanations", start, end)
    # Found all the same once normalised, whitespace aside.
    assert text.find("gave  detailed explanations", start) == (start, end)
    assert "_normalised" in vars(text)
