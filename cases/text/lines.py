"""Line endings as texts arrive: from files saved anywhere, and from browsers' forms."""


def unix_lines(text: str) -> str:
    """`text` with every line ended by "\\n" alone.

    A file saved on Windows ends its lines with "\\r\\n", an old Mac file with
    "\\r"; a browser sends a form's text with "\\r\\n" whatever the original had.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")
