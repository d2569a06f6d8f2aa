"""WordPress's ``wpautop``: paragraphs from blank lines, line breaks from single newlines.

Classic-editor posts are stored without ``<p>`` tags; WordPress adds them on display with
this function (wp-includes/formatting.php). This is a port of its rules, so a post reads
here as it read there.
"""

import re

ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article"
    r"|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)

_BLOCK_OPEN = re.compile(r"(<" + ALL_BLOCKS + r"[\s/>])")
_BLOCK_CLOSE = re.compile(r"(</" + ALL_BLOCKS + r">)")
_HR = re.compile(r"(<hr\s*?/?>)")
_DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>")
_TAG_OR_COMMENT = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.S | re.I)
_PRESERVE = re.compile(r"<(script|style|svg|math)[\s>].*?</\1>", re.S)
NEWLINE_MARK = " <!-- wpnl --> "


def _protect_newlines_in_tags(text: str) -> str:
    return _TAG_OR_COMMENT.sub(lambda match: match.group(0).replace("\n", NEWLINE_MARK), text)


def wpautop(text: str, br: bool = True) -> str:
    if not text.strip():
        return ""
    pre_blocks: dict[str, str] = {}

    def keep_pre(match: re.Match) -> str:
        key = f"<pre wp-pre-tag-{len(pre_blocks)}></pre>"
        pre_blocks[key] = match.group(0)
        return key

    text = _PRE.sub(keep_pre, text + "\n")
    text = _DOUBLE_BR.sub("\n\n", text)
    text = _BLOCK_OPEN.sub(r"\n\n\1", text)
    text = _BLOCK_CLOSE.sub(r"\1\n\n", text)
    text = _HR.sub(r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _protect_newlines_in_tags(text)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [part for part in re.split(r"\n\s*\n", text) if part]
    text = "".join(f"<p>{part.strip(chr(10))}</p>\n" for part in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(r"<p>\s*(</?" + ALL_BLOCKS + r"[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(r"<p>\s*(</?" + ALL_BLOCKS + r"[^>]*>)", r"\1", text)
    text = re.sub(r"(</?" + ALL_BLOCKS + r"[^>]*>)\s*</p>", r"\1", text)
    if br:
        text = _PRESERVE.sub(lambda m: m.group(0).replace("\n", "<WPPreserveNewline />"), text)
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = text.replace("<WPPreserveNewline />", "\n")
    text = re.sub(r"(</?" + ALL_BLOCKS + r"[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for key, block in pre_blocks.items():
        text = text.replace(key, block)
    return text.replace(NEWLINE_MARK, "\n").replace("<!-- wpnl -->", "\n")
