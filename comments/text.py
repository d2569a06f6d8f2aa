"""Commenters' text made safe for places that are not HTML: control characters removed.

A comment's text is escaped wherever it becomes HTML; plain text (the moderators' mail, the
one-line fields of a mail: ``clean_text``, ``clean_line``) has no escaping, so there a carriage return can start a new line
that looks like the mail's own, an ANSI escape can repaint a terminal, and a right-to-left
override can reverse what a moderator reads ("gnp.exe" shown as "exe.png").
"""

import re
import unicodedata

# ANSI/VT100 control sequences: CSI ("ESC [" ... final byte), OSC ("ESC ]" ... BEL or ESC \\),
# two-character escapes, and the 8-bit CSI.
ANSI_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]"
)
# C0 and C1 controls and DEL, apart from the line feed and tab a text keeps.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Explicit directional formatting: embeddings, overrides, isolates and marks.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85\x0b\x0c]")


def clean_text(text: str, *, multiline: bool = True) -> str:
    """``text`` for plain text (a mail): no ANSI escapes, control or bidirectional formatting
    characters. Line breaks become ``\\n`` when ``multiline``, a space otherwise; tabs stay.
    """
    text = ANSI_SEQUENCE.sub("", str(text or ""))
    text = LINE_BREAKS.sub("\n" if multiline else " ", text)
    return "".join(
        char
        for char in text
        # The writer's own lines and tabs are plain text, harmless.
        if char in "\n\t" or not (char in BIDI_CONTROLS or unicodedata.category(char) == "Cc")
    )


def clean_line(text: str) -> str:
    """One line of text (a subject, a name): cleaned, with runs of spaces made one."""
    return " ".join(clean_text(text, multiline=False).split())


def without_controls(text: str) -> str:
    """What the comment form keeps of a field: everything but control characters (the line
    breaks of a text, as ``\\n``, and tabs stay; bidirectional marks are a writer's own)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", ANSI_SEQUENCE.sub("", text))
