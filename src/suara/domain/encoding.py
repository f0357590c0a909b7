"""Text that can be written: each lone surrogate replaced by U+FFFD.

A Python string may hold a lone surrogate (U+D800–U+DFFF): half an emoji from a JSON string
cut between the two halves of a pair (``"\\ud83d"``), or a byte that was not UTF-8, read with
``surrogateescape``. UTF-8 cannot encode it, so such a string cannot be stored (SQLite,
PostgreSQL), written to a file or a log, or read by lingua: each used to be a traceback, an
HTTP 500 or a half-written file. Suara replaces them where text comes in (imports, survey
answers, the API, case notes, text analysis) and where it goes out (file writers), one
character for one, so every offset into the text still holds.
"""

from __future__ import annotations

import codecs
import re

REPLACEMENT = "\ufffd"
REPLACE_ERRORS = "suara-replacement-character"
"""An ``errors=`` name for ``open``/``encode``: U+FFFD for each character UTF-8 cannot encode
(``"replace"`` would write ``?``)."""

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """``text`` with U+FFFD for each lone surrogate; ``text`` itself when it has none."""
    if text.isascii():
        return text
    return _LONE_SURROGATE.sub(REPLACEMENT, text)


def encodable_data(value: object) -> object:
    """A parsed JSON value with :func:`encodable` strings, its object keys included."""
    if isinstance(value, str):
        return encodable(value)
    if isinstance(value, dict):
        return {encodable_data(k): encodable_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [encodable_data(v) for v in value]
    return value


def _one_for_one(error: UnicodeError) -> tuple[bytes, int]:
    """The handler behind :data:`REPLACE_ERRORS`; it returns bytes, because the UTF-8
    encoder takes only ASCII text back from a handler."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return REPLACEMENT.encode() * (error.end - error.start), error.end


codecs.register_error(REPLACE_ERRORS, _one_for_one)
