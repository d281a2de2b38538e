from cases.text.scripts import language_tag, script_of


def test_the_script_is_that_of_most_letters():
    assert script_of("Алексей Навальный") == "Cyrl"
    assert script_of("Пол Whelan-Уилан") == "Cyrl"
    assert script_of("1984") is None


def test_a_cyrillic_name_takes_the_language_of_a_citizenship_written_in_cyrillic():
    assert language_tag("Алексей Навальный", ["RU"]) == "ru"
    assert language_tag("Олег Сенцов", ["UA"]) == "uk"
    assert language_tag("Алсу Курмашева", ["US", "RU"]) == "ru"


def test_without_a_citizenship_that_settles_it_only_the_script_is_said():
    assert language_tag("Пол Уилан", ["US", "GB"]) == "und-Cyrl"
    assert language_tag("نازنین زاغری", []) == "und-Arab"


def test_a_script_of_one_language_needs_no_citizenship():
    assert language_tag("ბიძინა", []) == "ka"
    assert language_tag("", ["RU"]) == ""
