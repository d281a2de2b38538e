"""The `lang` of a name written in a person's own script, for screen readers and fonts.

The registry records a native-script name but not its language. The script
is read from the letters; the language is the one that script is written in
for one of the person's citizenships (a Cyrillic name of a Russian citizen
is tagged `ru`, of a Ukrainian `uk`). When neither the script nor the
citizenships settle it, the tag says only the script (`und-Cyrl`, language
undetermined), rather than guess.
"""

import unicodedata
from collections import Counter

# Unicode name prefixes of letters -> ISO 15924 script.
_SCRIPTS = {
    "CYRILLIC": "Cyrl",
    "ARABIC": "Arab",
    "HEBREW": "Hebr",
    "GREEK": "Grek",
    "GEORGIAN": "Geor",
    "ARMENIAN": "Armn",
    "CJK": "Hani",
    "HANGUL": "Hang",
    "HIRAGANA": "Jpan",
    "KATAKANA": "Jpan",
    "DEVANAGARI": "Deva",
    "THAI": "Thai",
    "LATIN": "Latn",
}
# Scripts written for one language among the registry's people.
_ONE_LANGUAGE = {
    "Hebr": "he",
    "Grek": "el",
    "Geor": "ka",
    "Armn": "hy",
    "Hang": "ko",
    "Jpan": "ja",
    "Thai": "th",
}
# (script, citizenship) -> the language that citizen's name is written in.
_BY_CITIZENSHIP = {
    "Cyrl": {
        "RU": "ru",
        "UA": "uk",
        "BY": "be",
        "BG": "bg",
        "RS": "sr",
        "MK": "mk",
        "KZ": "kk",
        "KG": "ky",
        "TJ": "tg",
        "MN": "mn",
    },
    "Arab": {
        "IR": "fa",
        "AF": "fa",
        "PK": "ur",
        **dict.fromkeys(
            [
                "SA",
                "EG",
                "SY",
                "IQ",
                "JO",
                "LB",
                "YE",
                "AE",
                "QA",
                "KW",
                "BH",
                "OM",
                "LY",
                "TN",
                "DZ",
                "MA",
                "SD",
                "PS",
            ],
            "ar",
        ),
    },
    "Hani": {"CN": "zh", "TW": "zh", "HK": "zh", "MO": "zh", "SG": "zh", "JP": "ja"},
    "Deva": {"IN": "hi", "NP": "ne"},
}


def script_of(text: str) -> str | None:
    """The ISO 15924 code of the script most of the letters of `text` are in, if known."""
    scripts = Counter()
    for character in text:
        if not character.isalpha():
            continue
        name = unicodedata.name(character, "")
        for prefix, script in _SCRIPTS.items():
            if name.startswith(prefix):
                scripts[script] += 1
                break
    return scripts.most_common(1)[0][0] if scripts else None


def language_tag(text: str, citizenships: list[str]) -> str:
    """A BCP 47 tag for a name: its language where settled, else `und-<Script>`; "" if unknown."""
    script = script_of(text)
    if script is None:
        return ""
    if script in _ONE_LANGUAGE:
        return _ONE_LANGUAGE[script]
    for code in citizenships:
        language = _BY_CITIZENSHIP.get(script, {}).get(code)
        if language:
            return language
    return f"und-{script}"
