import pytest

from cases.names import NameMatcher, fold, search_key, strip_possessive, surname, word_key


def test_fold_transliterates_and_removes_case_and_diacritics():
    assert fold("Навальный") == "naval'nyi"
    assert fold("Zoë ÇELIK") == "zoe celik"


@pytest.mark.parametrize("word", ["Navalny's", "Navalny’s", "NAVALNY'S"])
def test_possessives_are_stripped(word):
    assert strip_possessive(word).casefold() == "navalny"


@pytest.mark.parametrize(
    "spelling", ["Alexei Navalny", "ALEKSEI NAVALNYY", "Alexey Naval'nyj", "Алексей Навальный"]
)
def test_spellings_and_scripts_of_one_name_share_a_search_key(spelling):
    assert search_key(spelling) == search_key("Alexei Navalny")


@pytest.mark.parametrize(
    ("latin", "native"),
    [("Yevgeny", "Евгений"), ("Pyotr", "Пётр"), ("Yuri", "Юрий"), ("Khodorkovsky", "Ходорковский")],
)
def test_common_transliterations_match_the_cyrillic(latin, native):
    assert word_key(latin) == word_key(native)


def test_distinct_words_keep_distinct_keys():
    assert word_key("Reed") != word_key("Red")
    assert word_key("Whelan") != word_key("Whalen")


def test_surname_is_the_last_word_before_any_suffix():
    assert surname("Paul Whelan") == "Whelan"
    assert surname("Martin Luther King Jr.") == "King"
    assert surname("Madonna") == "Madonna"


@pytest.fixture
def matcher():
    return NameMatcher(
        {
            "navalny": ["Alexei Navalny", "Алексей Навальный", "Alexey Navalnyy"],
            "reed": ["Trevor Reed"],
            "whelan": ["Paul Whelan"],
        }
    )


def test_it_finds_full_names_and_possessives_in_any_case(matcher):
    found = matcher.find("ALEXEI NAVALNY spoke. Paul Whelan’s lawyer and Trevor Reed's parents")

    assert found == {
        "navalny": ["ALEXEI NAVALNY"],
        "whelan": ["Paul Whelan"],
        "reed": ["Trevor Reed"],
    }


def test_it_finds_a_native_script_name_and_its_surname_alone(matcher):
    assert matcher.find("Алексей Навальный")["navalny"] == ["Алексей Навальный"]
    assert matcher.find("Навальный заявил")["navalny"] == ["Навальный"]


def test_it_finds_an_unambiguous_surname_alone(matcher):
    assert matcher.find("Whelan denies the charges.") == {"whelan": ["Whelan"]}


def test_it_matches_whole_words_only(matcher):
    assert matcher.find("They agreed on a reedy plan; Reedsburg; Whelanish.") == {}


def test_a_surname_in_lower_case_is_taken_for_an_ordinary_word(matcher):
    assert matcher.find("a reed in the wind") == {}


def test_a_surname_shared_with_another_person_is_not_matched_alone():
    matcher = NameMatcher({"trevor": ["Trevor Reed"], "hastings": ["Reed Hastings"]})

    assert matcher.find("Reed was released.") == {}
    assert matcher.find("Trevor Reed was released.") == {"trevor": ["Trevor Reed"]}


def test_an_alias_is_matched_in_full():
    matcher = NameMatcher({"gershkovich": ["Evan Gershkovich", "Эван Гершкович", "Evan G."]})

    assert "gershkovich" in matcher.find("Эван Гершкович was detained")


def test_people_who_are_not_listed_are_not_found(matcher):
    assert matcher.find("Vladimir Putin and Joe Biden spoke; Lavrov and Blinken too.") == {}
