"""Text clean-up shared by the importers: HTML remnants, whitespace, footnote markers, slugs."""

from __future__ import annotations

import html
import re
import unicodedata

_TAG = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.;:!?)])")

#: Superscript digits used as footnote markers in text exported from PDF.
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")
_MARKER = re.compile(f"\\s?([{SUPERSCRIPTS}]+)")


def strip_html(text: str) -> str:
    """Remove HTML tags (``<u>``, ``<i>``, ``<p>`` …), keep their text, unescape entities.

    The text of a link label survives: ``de <u>brief X</u> .`` becomes ``de brief X.``.
    """
    if "<" in text:
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def tag_texts(text: str, tag: str) -> list[str]:
    """The texts wrapped in ``<tag>…</tag>`` (e.g. the labels of links underlined in a PDF)."""
    pattern = re.compile(rf"<{tag}\b[^<>]*>(.*?)</{tag}\s*>", re.IGNORECASE | re.DOTALL)
    return [clean(strip_html(m.group(1))) for m in pattern.finditer(text) if m.group(1).strip()]


def clean(text: str) -> str:
    """Collapse runs of white space, drop spaces before punctuation, trim."""
    text = _SPACE.sub(" ", text).strip()
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)


def footnote_markers(text: str) -> tuple[str, list[str]]:
    """Split superscript footnote markers off a text: ``("Wet X", ["1"])`` for ``"Wet X ¹"``."""
    markers = [m.group(1).translate(_SUPER_TO_DIGIT) for m in _MARKER.finditer(text)]
    if not markers:
        return text, []
    return _MARKER.sub("", text), markers


def superscript_to_digits(marker: str) -> str:
    return marker.translate(_SUPER_TO_DIGIT)


def slugify(text: str, max_length: int = 60) -> str:
    """ASCII slug for identifiers: ``"Éénoudergezinnen & werk"`` → ``"eenoudergezinnen-werk"``."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "x"


def sentence_case(text: str) -> str:
    """``"ONDERWIJS EN MEDIA"`` → ``"Onderwijs en media"``; mixed-case text is left alone."""
    if text.isupper():
        lowered = text.lower()
        return lowered[:1].upper() + lowered[1:]
    return text
