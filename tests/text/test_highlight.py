"""Cutting a source's text into runs for highlighting cited passages."""

from cases.text.highlight import runs


def as_tuples(result):
    return [(run.text, run.keys, run.starting, run.ending) for run in result]


def test_a_text_without_passages_is_one_plain_run():
    assert as_tuples(runs("plain", [])) == [("plain", (), (), ())]


def test_a_passage_is_cut_out_with_its_start_and_end_marked():
    assert as_tuples(runs("abcdef", [(2, 4, "a")])) == [
        ("ab", (), (), ()),
        ("cd", ("a",), ("a",), ("a",)),
        ("ef", (), (), ()),
    ]


def test_crossing_passages_split_into_runs_that_nest():
    assert as_tuples(runs("0123456789", [(5, 9, "b"), (2, 7, "a")])) == [
        ("01", (), (), ()),
        ("234", ("a",), ("a",), ()),
        ("56", ("a", "b"), ("b",), ("a",)),
        ("78", ("b",), (), ("b",)),
        ("9", (), (), ()),
    ]


def test_the_longer_of_two_passages_starting_together_is_outermost():
    assert as_tuples(runs("abcdef", [(0, 2, "short"), (0, 4, "long")])) == [
        ("ab", ("long", "short"), ("long", "short"), ("short",)),
        ("cd", ("long",), (), ("long",)),
        ("ef", (), (), ()),
    ]


def test_offsets_outside_the_text_are_clipped_and_empty_passages_dropped():
    result = runs("abc", [(1, 99, "a"), (5, 9, "gone"), (2, 2, "empty")])

    assert as_tuples(result) == [("a", (), (), ()), ("bc", ("a",), ("a",), ("a",))]
    assert "".join(run.text for run in result) == "abc"
