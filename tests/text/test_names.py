import pytest

from cases.text.names import (
    NameMatcher,
    clean_name,
    fold,
    has_visible_letter,
    search_key,
    strip_possessive,
    surname,
    word_key,
    word_keys,
)


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


@pytest.mark.parametrize(
    ("declined", "nominative"),
    [
        ("Навального", "Навальный"),
        ("Навальному", "Навальный"),
        ("Навальным", "Навальный"),
        ("Навальном", "Навальный"),
        ("Навальной", "Навальная"),
        ("Навальную", "Навальная"),
        ("Горького", "Горький"),
        ("Толстого", "Толстой"),
        ("Иванова", "Иванов"),
        ("Иванову", "Иванов"),
        ("Иванову", "Иванова"),
        ("Ивановым", "Иванов"),
        ("Ивановой", "Иванова"),
        ("Алексея", "Алексей"),
        ("Алексеем", "Алексей"),
        ("Игоря", "Игорь"),
        ("Уилана", "Уилан"),
        ("Рида", "Рид"),
        ("Анны", "Анна"),
        ("Юлией", "Юлия"),
        ("Марии", "Мария"),
        ("Ольги", "Ольга"),
    ],
)
def test_a_russian_word_in_another_case_stands_for_its_nominative(declined, nominative):
    keys = word_keys(declined)
    assert keys[0] == word_key(declined)
    assert word_key(nominative) in keys


def test_only_russian_words_of_a_stem_of_three_letters_or_more_are_read_as_declined():
    assert word_keys("Navalnogo") == ("navalnogo",)
    assert word_keys("Ivanova") == ("ivanova",)
    assert word_keys("Ли") == ("li",)
    assert word_keys("Лиа") == ("lia",)
    assert word_keys("...") == ()


def test_it_finds_russian_names_in_any_grammatical_case():
    matcher = NameMatcher(
        {
            "navalny": ["Alexei Navalny", "Алексей Навальный"],
            "navalnaya": ["Yulia Navalnaya", "Юлия Навальная"],
            "whelan": ["Paul Whelan", "Пол Уилан"],
        }
    )
    found = matcher.find(
        "Суд над Алексеем Навальным. Жена Навального, Юлия Навальная, "
        "встретилась с Навальной позже. Освобождение Пола Уилана."
    )
    assert found == {
        "navalny": ["Алексеем Навальным", "Навального"],
        "navalnaya": ["Юлия Навальная", "Навальной"],
        "whelan": ["Пола Уилана"],
    }


def test_clean_name_strips_reordering_and_zero_width_characters():
    assert clean_name(" \u202eIvan\u200b Petrov\u202c ") == "Ivan Petrov"


def test_a_name_of_marks_digits_or_blanks_has_no_visible_letter():
    assert not has_visible_letter("\u200d\u200c 123 -")
    assert has_visible_letter("Иван")
    assert has_visible_letter("李")
