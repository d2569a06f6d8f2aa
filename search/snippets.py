"""A short piece of a result's text around the words searched for, with those words marked."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from core.text import CJK_RUN, bigrams, normalise

SNIPPET_LENGTH = 240
CONTEXT_BEFORE = 70
# English endings dropped so that "treaties" marks "treaty" and "alliances" marks "alliance",
# roughly as the backend's stemmer matched them.
SUFFIXES = re.compile(r"(?:ies|es|s|ed|ing|ly|ment|ments|ation|ations|y|e)$", re.IGNORECASE)


def term_patterns(terms: list[str]) -> list[str]:
    """Regular expressions for each searched word or phrase, loosest last."""
    patterns: list[str] = []
    for term in terms:
        term = normalise(term)
        if CJK_RUN.search(term):
            patterns.append(r"\s*".join(re.escape(char) for char in term.replace(" ", "")))
            for run in CJK_RUN.findall(term):
                patterns += [re.escape(piece) for piece in bigrams(run)]
            continue
        words = term.split()
        if len(words) > 1:  # a phrase: its words in order, spacing free
            patterns.append(r"\b" + r"\s+".join(re.escape(word) for word in words) + r"\b")
            continue
        stem = SUFFIXES.sub("", term) if len(term) > 4 else term
        patterns.append(r"\b" + re.escape(stem or term) + r"\w*")
    return patterns


def highlight(text: str, terms: list[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """About ``length`` characters of ``text`` around the first match, matches in ``<mark>``.

    Args:
        text: plain text (no markup) of the result.
        terms: the words and phrases of the query (see ``core.text.query_terms``).
        length: roughly how many characters to show.
    """
    text = " ".join(text.split())
    patterns = term_patterns(terms)
    if not text:
        return mark_safe("")
    if not patterns:
        return mark_safe(escape(Truncator(text).chars(length)))  # noqa: S308 - escaped
    matcher = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    first = matcher.search(text)
    start = 0
    if first and first.start() > CONTEXT_BEFORE:
        start = first.start() - CONTEXT_BEFORE
        # Start at a word boundary in spaced scripts.
        space = text.find(" ", start, first.start())
        if space != -1 and not CJK_RUN.match(text[start:]):
            start = space + 1
    window = text[start : start + length]
    html = []
    position = 0
    for match in matcher.finditer(window):
        if match.end() == match.start():
            continue
        html.append(escape(window[position : match.start()]))
        html.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    html.append(escape(window[position:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + length < len(text) else ""
    return mark_safe(prefix + "".join(html) + suffix)  # noqa: S308 - every piece is escaped
