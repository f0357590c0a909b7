"""Message catalogues: every user-facing string in Indonesian (default) and English."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

LANGUAGES = ("id", "en")


@cache
def catalogue(language: str) -> dict[str, str]:
    if language not in LANGUAGES:
        msg = f"no catalogue for language {language!r}; Suara speaks {', '.join(LANGUAGES)}"
        raise KeyError(msg)
    text = resources.files(__package__).joinpath(f"{language}.json").read_text("utf-8")
    loaded: dict[str, str] = json.loads(text)
    return loaded


def term(prefix: str, value: object, language: str, /) -> str:
    """A stored key (a feedback kind, a sentiment, an aspect) as ``prefix.value`` reads in
    ``language``; the key itself where the catalogue has no entry."""
    return catalogue(language).get(f"{prefix}.{value}", str(value))


def translate(key: str, language: str, /, **values: object) -> str:
    """The message ``key`` in ``language``, with ``{placeholders}`` filled from ``values``."""
    return catalogue(language)[key].format(**values)


def format_number(value: float, language: str, /, *, decimals: int = 0) -> str:
    """``1.250.000,5`` in Indonesian, ``1,250,000.5`` in English."""
    text = f"{value:,.{decimals}f}"
    if language == "id":
        return text.translate(_SWAP_SEPARATORS)
    return text


def format_money(amount: float, language: str, /) -> str:
    """Rupiah as Indonesians write it (``Rp 1.250.000``) in either language; no sen."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {format_number(abs(round(amount)), 'id')}"


_SWAP_SEPARATORS = str.maketrans({",": ".", ".": ","})


class Translator:
    """``_("key", n=3)`` bound to one language, for entry points that print a lot."""

    def __init__(self, language: str) -> None:
        self.language = language
        catalogue(language)

    def __call__(self, key: str, /, **values: object) -> str:
        return translate(key, self.language, **values)

    def number(self, value: float, /, *, decimals: int = 0) -> str:
        return format_number(value, self.language, decimals=decimals)
