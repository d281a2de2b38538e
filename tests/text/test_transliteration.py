from cases.text.transliteration import is_latin, latin_name


def test_a_russian_name_gets_the_spelling_newspapers_use():
    assert latin_name("Иван Тестовый") == "Ivan Testovy"
    assert latin_name("Пётр Сидорьев") == "Pyotr Sidoryev"
    assert latin_name("Анна-Мария Ёлкина") == "Anna-Mariya Yolkina"


def test_a_chinese_name_gets_its_pinyin_syllables():
    assert latin_name("王小明") == "Wang Xiao Ming"


def test_accented_latin_letters_are_latin():
    assert is_latin("José Müller")
    assert not is_latin("Иван")
