"""Text preparation that lets the database search backends find Japanese words.

SQLite FTS5 and PostgreSQL full text both cut text at spaces and punctuation, so a
Japanese sentence, which has neither between words, is indexed as one long "word" and a
search for 同盟 inside 新日英同盟 finds nothing. Indexing every run of Japanese (and
Chinese) characters as overlapping two-character pieces (新日 日英 英同 同盟), plus each
character on its own, and cutting the query the same way makes any word of one or more
characters findable without a dictionary. Latin-script text is left alone, so English
keeps the backend's stemming.
"""

import re
import unicodedata

from wagtail.search.query import And, Phrase, PlainText, SearchQuery
from wagtail.search.utils import parse_query_string

# Hiragana, katakana (with the long-vowel mark), CJK ideographs and their extensions,
# compatibility ideographs, and the iteration marks 々〆〇.
CJK_RUN = re.compile(r"[\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# What a query may keep: letters and digits of any script, spaces, hyphens inside words,
# apostrophes inside words and double quotes for phrases. Everything else (SQL, FTS5 and
# tsquery operators, control characters) becomes a space.
UNSAFE = re.compile(r"[^\w\s\"'-]|_", re.UNICODE)
STRAY_MARKS = re.compile(r"(?<!\w)['-]+|['-]+(?!\w)")
# The database backends nest one expression per term; past a few dozen terms PostgreSQL's
# query compiler recurses too deep. A 200-character Japanese sentence is ~200 bigrams.
MAX_TERMS = 32


def normalise(text: str) -> str:
    """Full-width letters to ASCII and half-width katakana to full width (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def bigrams(run: str) -> list[str]:
    """Overlapping two-character pieces of ``run``; a single character stays whole."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def cjk_index_text(text: str) -> str:
    """The Japanese parts of ``text`` as bigrams, then every Japanese character once.

    Bigrams keep their order so that a quoted Japanese phrase, searched as a phrase of
    bigrams, matches only consecutive text.
    """
    runs = CJK_RUN.findall(normalise(text))
    if not runs:
        return ""
    pieces = [piece for run in runs for piece in bigrams(run) if len(piece) == 2]
    characters = dict.fromkeys(char for run in runs for char in run)
    return " ".join([*pieces, *characters])


def split_cjk(text: str) -> str:
    """``text`` with each Japanese run replaced by its bigrams (a query's form of the index)."""
    return CJK_RUN.sub(lambda match: " " + " ".join(bigrams(match.group())) + " ", text)


def clean_query(raw: str, max_length: int) -> str:
    """The reader's query with anything but words, spaces and phrase quotes removed.

    Args:
        raw: the query string as typed.
        max_length: the longest query kept; the rest is dropped.

    Returns:
        A string that is safe to hand to any search backend; empty when nothing is left.
    """
    text = UNSAFE.sub(" ", normalise(raw))
    text = STRAY_MARKS.sub(" ", text)
    if text.count('"') % 2:
        text = text.replace('"', " ")
    text = " ".join(text.split())
    if len(text) > max_length:
        text = (
            text[:max_length].rsplit(" ", 1)[0] if " " in text[:max_length] else text[:max_length]
        )
    # An empty phrase ("") would match nothing and confuse the backends.
    text = re.sub(
        r'"([^"]*)"', lambda m: f'"{m.group(1).strip()}"' if m.group(1).strip() else " ", text
    )
    return " ".join(text.split())


def build_query(cleaned: str) -> SearchQuery | None:
    """A backend query for ``cleaned``: every word must match, quoted phrases in order.

    Japanese runs become bigrams, so 日英同盟 looks for 日英, 英同 and 同盟 together.
    """
    if not cleaned:
        return None
    _filters, query = parse_query_string(cleaned, operator="and")
    parts = list(leaves(query))
    built: list[SearchQuery] = []
    budget = MAX_TERMS
    for part in parts:
        words = split_cjk(part.query_string).split()
        if isinstance(part, PlainText):
            # Every word must match anyway, so a repeated word adds nothing.
            words = list(dict.fromkeys(words))
        words = words[:budget]
        budget -= len(words)
        if not words:
            continue
        if isinstance(part, Phrase):
            built.append(Phrase(" ".join(words)))
        elif isinstance(part, PlainText):
            built.append(PlainText(" ".join(words), operator="and"))
    if not built:
        return None
    return built[0] if len(built) == 1 else And(built)


def leaves(query: SearchQuery):
    """The plain-text and phrase parts of a parsed query, however it nested them."""
    if isinstance(query, And):
        for subquery in query.subqueries:
            yield from leaves(subquery)
    elif isinstance(query, (PlainText, Phrase)):
        yield query


def query_terms(cleaned: str) -> list[str]:
    """The words and phrases of a cleaned query, for highlighting matches in a snippet."""
    phrases = re.findall(r'"([^"]+)"', cleaned)
    rest = re.sub(r'"[^"]*"', " ", cleaned)
    return [term for term in [*phrases, *rest.split()] if term]
