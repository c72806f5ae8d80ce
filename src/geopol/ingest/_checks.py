"""Cheap checks that decide whether a text can be coded at all: binary, language, length."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from ..errors import DocumentError, Errors

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Frequent function words; the share of a text's words found in each list guesses its language.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to in a is that for it as was with be by on not he she this are or his "
        "from at which but have an they has had been its were their will would there who "
        "what all we can more than also into after".split()
    ),
    "fr": frozenset(
        "le la les de des du et un une est que qui dans pour pas sur au aux il elle ce cette "
        "avec par ne se son sa ses ont été mais comme plus".split()
    ),
    "de": frozenset(
        "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es "
        "an als wird bei aus nach wie oder".split()
    ),
    "es": frozenset(
        "el la los las de del y que en un una es por con para no se su al lo como más pero sus le ha este esta".split()
    ),
    "it": frozenset(
        "il lo la gli le di del della e che in un una è per con non si da al alla sono come più ma anche questo".split()
    ),
    "pt": frozenset(
        "o a os as de do da dos das e que em um uma é por com para não se no na ao mais como mas foi pelo pela".split()
    ),
    "nl": frozenset(
        "de het een en van in is dat op te zijn met voor niet aan er ook als door maar om bij wordt".split()
    ),
}
_SCRIPTS = (("CYRILLIC", "ru/cyrillic"), ("CJK", "zh/ja (CJK)"), ("ARABIC", "ar/arabic"),
            ("HANGUL", "ko (hangul)"), ("HEBREW", "he/hebrew"), ("GREEK", "el/greek"),
            ("DEVANAGARI", "hi/devanagari"), ("HIRAGANA", "ja"), ("KATAKANA", "ja"), ("THAI", "th"))  # fmt: skip


def looks_binary(data: bytes) -> str | None:
    """A reason if these bytes are not text (NUL bytes, many control characters), else None."""
    head = data[:8192]
    if b"\x00" in head:
        return "NUL bytes"
    if not head:
        return None
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if controls / len(head) > 0.05:
        return f"{controls} control bytes in the first {len(head)}"
    return None


def decode_utf8(data: bytes) -> str:
    """Decode strictly; a UTF-8 byte-order mark is dropped. Raises E002/E003."""
    reason = looks_binary(data)
    if reason:
        raise DocumentError(Errors.E002, detail=reason)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DocumentError(Errors.E003, detail=f"bad byte at position {err.start}") from err


@lru_cache(maxsize=4096)
def _script_label(c: str) -> str | None:
    name = unicodedata.name(c, "")
    return next((label for key, label in _SCRIPTS if key in name), None)


def _script_of(text: str) -> str | None:
    letters = Counter(c for c in text[:5000] if c.isalpha())  # each letter named once, not at each use
    if not letters:
        return None
    counts: dict[str, int] = {}
    for c, k in letters.items():
        label = _script_label(c)
        if label is not None:
            counts[label] = counts.get(label, 0) + k
    if counts:
        label, n = max(counts.items(), key=lambda kv: kv[1])
        if n / letters.total() > 0.3:
            return label
    return None


def guess_language(text: str) -> tuple[str, float, float]:
    """(language code, share of English function words, share of the guessed language's).

    Cheap and good enough to refuse text that is clearly not English; a short English text
    full of names is never refused."""
    script = _script_of(text)
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    if not words:
        return ("unknown", 0.0, 0.0)
    shares = {lang: sum(w in fw for w in words) / len(words) for lang, fw in _FUNCTION_WORDS.items()}
    if script:
        return (script, shares["en"], 1.0)
    best = max(shares, key=lambda k: shares[k])
    return (best, shares["en"], shares[best])


def check_text(text: str, language: str | None, max_chars: int, min_english: float) -> None:
    """Raise a DocumentError if this text cannot be coded (empty, binary, too long, not English).
    The same checks whatever the text came from: a file, a JSON field, the HTTP API, Python."""
    if not text.strip():
        raise DocumentError(Errors.E001)
    if "\x00" in text:
        raise DocumentError(Errors.E002, detail="NUL characters")
    if len(text) > max_chars:
        raise DocumentError(Errors.E006, detail=len(text), limit=max_chars)
    if language and not language.lower().startswith("en"):
        raise DocumentError(Errors.E005, detail=f"'{language}' as given in the input")
    guessed, en_share, best_share = guess_language(text)
    n_words = len(_WORD.findall(text[:20000]))
    script = best_share == 1.0 and n_words >= 3  # a non-Latin script
    # a Latin-script text is another language only with several of its function words ('met' is Dutch)
    other = guessed != "en" and (
        script or (n_words >= 8 and best_share >= en_share + 0.1 and best_share * n_words >= 3)
    )
    too_few = n_words >= 40 and en_share < min_english
    if other or too_few:
        raise DocumentError(Errors.E005, detail=f"{guessed}, English function words {en_share:.0%}")
