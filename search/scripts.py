"""Which writing system a query is in, and whether the reader's language is written in it.

Searching 同盟 on the English site can only find Japanese posts; a reader who types Japanese
there wants them, so such a query searches every language at once.
"""

import unicodedata

from core.text import CJK_RUN

LATIN = "latin"
CJK = "cjk"

# The scripts a language's posts are written in. Japanese posts use Latin letters often
# (NATO, G7, names), so a Latin query on the Japanese site stays in Japanese.
LANGUAGE_SCRIPTS = {"en": {LATIN}, "ja": {CJK, LATIN}}


def query_script(query: str) -> str | None:
    """``CJK`` when most of the query's letters are Japanese or Chinese, ``LATIN`` when the
    rest are, ``None`` when it has no letters at all."""
    normalised = unicodedata.normalize("NFKC", query)
    cjk = sum(len(run) for run in CJK_RUN.findall(normalised))
    letters = sum(1 for char in normalised if char.isalpha())
    if not letters:
        return None
    return CJK if cjk * 2 >= letters else LATIN


def crosses_languages(query: str, language: str) -> bool:
    """Whether ``query`` is in a script that ``language``'s posts rarely use."""
    script = query_script(query)
    usual = LANGUAGE_SCRIPTS.get(language)
    return script is not None and usual is not None and script not in usual
