"""Guessing the code page of a file that is not UTF-8 (lists, articles saved on Windows)."""

import pytest

from cases.text.encodings import decode

SEED_LIKE = "Moscow open—now closed. The disputes—Whelan said “no”—went on. It’s a shame."


@pytest.mark.parametrize(
    "text",
    [
        "It’s a shame.",
        SEED_LIKE,
        "Paul Whelan’s family said the U.S. ‘won’t stop’ — and Reed’s didn’t.",
    ],
)
def test_english_with_windows_quotes_and_dashes_is_read_as_cp1252(text):
    # gb18030 also decodes these bytes, making "It’s" into "It抯".
    assert decode(text.encode("cp1252")) == (text, "cp1252")


def test_chinese_is_still_read_as_chinese():
    text = "王测试 李虚构 被拘留 在北京"
    assert decode(text.encode("gb18030")) == (text, "gb18030")
