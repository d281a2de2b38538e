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
