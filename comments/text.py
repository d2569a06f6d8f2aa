"""Commenters' text made safe for places that are not HTML: control characters removed.

A comment's text is escaped wherever it becomes HTML; plain text (the moderators' mail, the
one-line fields of a mail) has no escaping, so there a carriage return can start a new line
that looks like the mail's own, an ANSI escape can repaint a terminal, and a right-to-left
override can reverse what a moderator reads ("gnp.exe" shown as "exe.png").
"""

import re

# ANSI/VT100 control sequences: CSI ("ESC [" ... final byte), OSC ("ESC ]" ... BEL or ESC \\),
# two-character escapes, and the 8-bit CSI.
ANSI_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]"
)
# C0 and C1 controls and DEL, apart from the line feed and tab a text keeps.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates (the marks LRM/RLM stay: they only nudge).
BIDI_CONTROL = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def plain_text(text: str) -> str:
    """``text`` with its lines (as ``\\n``) and tabs, and no other control characters."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return BIDI_CONTROL.sub("", CONTROL.sub("", ANSI_SEQUENCE.sub("", text)))


def one_line(text: str) -> str:
    """``text`` on one line: line breaks and runs of white space become one space."""
    return " ".join(plain_text(text).split())


def without_controls(text: str) -> str:
    """What the comment form keeps of a field: everything but control characters (the line
    breaks of a text, as ``\\n``, and tabs stay; bidirectional marks are a writer's own)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", ANSI_SEQUENCE.sub("", text))
