"""The reasons the pure helpers give, in English, for the layers above to translate.

Nothing here imports Django. A helper's error carries its reason as written
(a msgid, marked with `gettext_noop`, the name `makemessages` looks for) and
the values to put in it; cases.ingest translates it with Django's gettext
into the reader's language (`ReadError.translated`).
"""


def gettext_noop(message: str) -> str:
    """Marks `message` for translation; returns it as it is."""
    return message


class ReadError(ValueError):
    """A text that cannot be read: `message` says why (a msgid), `values` fill it in."""

    def __init__(self, message: str, **values):
        super().__init__(message % values if values else message)
        self.message = message
        self.values = values

    def translated(self, gettext) -> str:
        """The reason in the language of `gettext` (Django's, from the layer above)."""
        message = gettext(self.message)
        return message % self.values if self.values else message
