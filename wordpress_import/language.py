"""Which language a post is written in: Japanese when most of its letters are Japanese."""

import re

_MARKUP = re.compile(r"<[^>]*>|\[[^\]]*\]|https?://\S+|&\w+;")


def is_japanese_letter(char: str) -> bool:
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF  # hiragana and katakana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0xFF66 <= code <= 0xFF9F  # half-width katakana
        or 0x31F0 <= code <= 0x31FF  # katakana phonetic extensions
    )


def detect_language(*texts: str, default: str = "en") -> str:
    """``"ja"`` when more than half the letters (markup and URLs aside) are Japanese, else ``"en"``.

    A text with no letters at all (a post of pictures only) is in ``default``: the
    language the export's channel declares.
    """
    japanese = other = 0
    for text in texts:
        for char in _MARKUP.sub(" ", text or ""):
            if is_japanese_letter(char):
                japanese += 1
            elif char.isalpha():
                other += 1
    if not japanese and not other:
        return default
    return "ja" if japanese > other else "en"
