from cases.text.urls import as_uri


def test_a_host_in_another_script_becomes_its_idna_form():
    assert as_uri("http://пример.рф/статья") == (
        "http://xn--e1afmkfd.xn--p1ai/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F"
    )


def test_characters_a_uri_may_not_hold_are_escaped_and_escapes_kept():
    assert as_uri("https://example.org/a|b{c}?q=ü#x^") == (
        "https://example.org/a%7Cb%7Bc%7D?q=%C3%BC#x%5E"
    )
    assert as_uri("https://example.org/a%20b") == "https://example.org/a%20b"


def test_an_ascii_url_and_an_empty_one_are_unchanged():
    url = "https://www.state.gov/secretary-blinkens-call?id=1&x=y#top"
    assert as_uri(url) == url
    assert as_uri("") == ""
    assert as_uri(as_uri("http://пример.рф/ü")) == as_uri("http://пример.рф/ü")
