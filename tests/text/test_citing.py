import datetime
import json

from cases.text.citing import Reference, bibtex, bibtex_escape, csl_json

REFERENCE = Reference(
    key="paul-whelan-2018",
    title="Paul Whelan",
    url="https://registry.example.org/cases/paul-whelan-2018/",
    publisher="Detained citizens registry",
    as_of=datetime.date(2024, 8, 1),
    accessed=datetime.date(2026, 12, 6),
)


def test_a_record_with_no_dated_source_is_cited_without_an_as_of_date():
    undated = Reference(**{**REFERENCE.__dict__, "as_of": None})

    assert "year" not in bibtex(undated)
    assert "issued" not in json.loads(csl_json(undated))[0]


def test_bibtex_is_a_misc_entry_keyed_by_the_slug():
    entry = bibtex(REFERENCE)

    assert entry.startswith("@misc{paul-whelan-2018,\n")
    assert "  title = {Paul Whelan},\n" in entry
    assert "  author = {{Detained citizens registry}},\n" in entry
    assert "  urldate = {2026-12-06},\n" in entry
    assert entry.endswith("  note = {Record as of 2024-08-01}\n}")


def test_bibtex_escapes_what_it_would_read_as_commands():
    assert bibtex_escape("50% & {x}_1 #2 ~ ^ \\") == (
        r"50\% \& \{x\}\_1 \#2 \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )


def test_csl_json_is_a_webpage_item_with_date_parts():
    [item] = json.loads(csl_json(REFERENCE))

    assert item["type"] == "webpage"
    assert item["URL"] == REFERENCE.url
    assert item["issued"] == {"date-parts": [[2024, 8, 1]]}
    assert item["accessed"] == {"date-parts": [[2026, 12, 6]]}
