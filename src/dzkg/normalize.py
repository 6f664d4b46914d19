"""Matching text: the same length as the source, folded for regexes (read stage helper).

Full-width ASCII → ASCII, ideographic space → space, every dash/tilde variant → '-', traditional →
simplified (OpenCC t2s). Code point i of the folded text always corresponds to code point i of the source,
so a match in the folded text is a span of the source. Stored text and offsets always use the source.
"""

from __future__ import annotations

from functools import lru_cache

import opencc

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\uff0d\uff5e\u301c~\ufe63\u2e3a\u2e3b"
_FOLD = {ord(c): "-" for c in _DASHES}
_FOLD.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F) if code not in _FOLD})
_FOLD[0x3000] = " "
_FOLD[0x00A0] = " "
_FOLD[ord("％")] = "%"
_FOLD[ord("（")] = "("
_FOLD[ord("）")] = ")"
_FOLD[ord("〇")] = "零"


MAX_DIGITS = 28
"""Significant digits a number may have (decimal arithmetic's default precision): a longer run of digits is no
statistic, and is not read as a quantity."""

_HANT_OVERRIDES = str.maketrans({"汙": "污"})


@lru_cache(maxsize=2)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    # Taiwan-standard glyphs (群, 裡, 著) without vocabulary changes, but 污 as in every other standard.
    return _converter("s2tw").convert(text).translate(_HANT_OVERRIDES)


def fold(text: str) -> str:
    """The matching form of `text`, guaranteed to have the same length."""
    return _fold_short(text) if len(text) <= 64 else _fold(text)  # names and phrases recur: remember them


@lru_cache(maxsize=1 << 16)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    folded = text.translate(_FOLD)
    simplified = to_simplified(folded)
    if len(simplified) == len(folded):
        return simplified
    # OpenCC changed the length somewhere (a phrase mapping): convert character by character instead.
    return "".join(c2 if len(c2 := to_simplified(ch)) == 1 else ch for ch in folded)


_UNQUOTED = str.maketrans("", "", " \t“”\"'‘’「」『』《》")


def key(text: str) -> str:
    """Script- and width-independent identity key of a name: folded, spaces and quotes dropped."""
    return fold(text).translate(_UNQUOTED)
