"""How to cite a case in BibTeX and CSL-JSON, from its title, address and dates.

Pure functions: the case page passes what it knows (and writes the plain-text
citation itself, in the reader's language). `as_of` is the date of
the newest source cited in the case (what the record says is "as of"),
`accessed` the day the reader looked.
"""

import datetime
import json
from dataclasses import dataclass

# Characters BibTeX treats as commands or groups, written so they print as themselves.
_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


@dataclass(frozen=True)
class Reference:
    key: str  # a stable identifier: the case's slug
    title: str
    url: str
    publisher: str
    as_of: datetime.date | None
    accessed: datetime.date


def bibtex(reference: Reference) -> str:
    fields = [
        ("title", bibtex_escape(reference.title)),
        ("author", "{" + bibtex_escape(reference.publisher) + "}"),
        ("howpublished", r"\url{" + reference.url + "}"),
        ("url", reference.url),
        ("urldate", reference.accessed.isoformat()),
    ]
    if reference.as_of:
        fields += [
            ("year", str(reference.as_of.year)),
            ("note", f"Record as of {reference.as_of.isoformat()}"),
        ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{reference.key},\n{body}\n}}"


def csl_json(reference: Reference) -> str:
    item = {
        "id": reference.key,
        "type": "webpage",
        "title": reference.title,
        "author": [{"literal": reference.publisher}],
        "container-title": reference.publisher,
        "URL": reference.url,
        "accessed": _date_parts(reference.accessed),
    }
    if reference.as_of:
        item["issued"] = _date_parts(reference.as_of)
    return json.dumps([item], ensure_ascii=False, indent=2)


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX.get(character, character) for character in text)


def _date_parts(day: datetime.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}
