"""Post HTML into StreamField blocks: classic editor, block editor and WordPress shortcodes."""

from dataclasses import dataclass

from wordpress_import.autop import wpautop
from wordpress_import.content import MediaLookup, convert
from wordpress_import.language import detect_language


@dataclass
class FakeImage:
    pk: int


def types(conversion) -> list[str]:
    return [block["type"] for block in conversion.blocks]


def lookup(known: dict[str, int]) -> MediaLookup:
    def image(src, attachment_id):
        if attachment_id in known:
            return FakeImage(known[attachment_id])
        return next((FakeImage(pk) for name, pk in known.items() if name in src), None)

    return MediaLookup(
        image=image,
        gallery=lambda ids: [(FakeImage(known[i]), f"alt {i}", "") for i in ids if i in known],
    )


def test_wpautop_makes_paragraphs_and_breaks():
    html = wpautop("One line\nsame paragraph\n\nSecond paragraph\n<ul><li>item</li></ul>")
    assert html.count("<p>") == 2
    assert "One line<br />\nsame paragraph" in html
    assert "<p><ul>" not in html


def test_classic_paragraphs_inline_markup_and_more_break():
    result = convert(
        "Hello <strong>bold</strong> <em>it</em> <span>plain</span>\n\nAfter\n<!--more-->\nRest"
    )
    assert types(result) == ["paragraph", "paragraph", "more", "paragraph"]
    assert result.blocks[0]["value"] == "<p>Hello <b>bold</b> <i>it</i> plain</p>"


def test_classic_post_without_any_tags_keeps_line_breaks():
    result = convert("first line\nsecond line")
    assert result.blocks[0]["value"] == "<p>first line<br/>second line</p>"


def test_links_are_kept_and_unsafe_ones_dropped():
    result = convert(
        '<a href="https://example.com/a">safe</a> and <a href="javascript:alert(1)">bad</a>'
    )
    assert result.blocks[0]["value"] == '<p><a href="https://example.com/a">safe</a> and bad</p>'


def test_blockquote_with_cite_becomes_quote_with_attribution():
    result = convert(
        '<blockquote>Words worth keeping.\n<cite><a href="https://example.com/s">A Source</a></cite></blockquote>'
    )
    quote = result.blocks[0]
    assert quote["type"] == "quote"
    assert quote["value"]["text"] == "<p>Words worth keeping.</p>"
    assert quote["value"]["attribution"] == "A Source"
    assert quote["value"]["source_url"] == "https://example.com/s"


def test_lists_headings_and_nested_lists():
    result = convert(
        "<h1>Top</h1><h5>Deep</h5><ol><li>a<ul><li>a1</li></ul></li><li><b>b</b></li></ol>"
    )
    assert types(result) == ["heading", "heading", "numbered_list"]
    assert result.blocks[0]["value"] == {"text": "Top", "level": "h2"}
    assert result.blocks[1]["value"]["level"] == "h4"
    first, second = (item["value"] for item in result.blocks[2]["value"])
    assert first["text"] == "<p>a</p>" and not first["numbered"]
    assert [item["value"]["text"] for item in first["sublist"]] == ["<p>a1</p>"]
    assert second == {"text": "<p><b>b</b></p>", "sublist": [], "numbered": False}
    assert result.notes == []


def test_lists_deeper_than_three_levels_join_the_third():
    result = convert("<ul><li>1<ul><li>2<ul><li>3<ul><li>4</li></ul></li></ul></li></ul></li></ul>")
    third = result.blocks[0]["value"][0]["value"]["sublist"][0]["value"]["sublist"]
    assert [item["value"] for item in third] == [{"text": "<p>3</p>"}, {"text": "<p>4</p>"}]
    assert any("three levels" in note for note in result.notes)


def test_bare_url_and_embed_shortcode_become_embeds():
    result = convert(
        "Intro\n\nhttps://www.youtube.com/watch?v=abc\n\n[embed]https://vimeo.com/1[/embed]"
    )
    assert types(result) == ["paragraph", "embed", "embed"]
    assert result.blocks[1]["value"] == {
        "embed": "https://www.youtube.com/watch?v=abc",
        "caption": "",
    }
    assert result.blocks[2]["value"]["embed"] == "https://vimeo.com/1"


def test_url_inside_a_sentence_stays_text():
    result = convert("See https://example.com/page for more.")
    assert types(result) == ["paragraph"]


def test_caption_shortcode_becomes_image_with_alt_and_caption():
    html = '[caption id="attachment_5" width="300"]<img class="wp-image-5" src="https://x.test/wp-content/uploads/a-300x200.jpg" alt="Boats" /> Boats at dawn[/caption]'
    result = convert(html, lookup({"5": 42}))
    assert result.blocks[0]["type"] == "image"
    assert result.blocks[0]["value"] == {
        "image": 42,
        "alt_text": "Boats",
        "caption": "Boats at dawn",
        "credit": "",
    }


def test_missing_image_keeps_a_link_to_the_original_and_is_noted():
    result = convert('<img src="https://x.test/wp-content/uploads/gone.png" alt="Gone">')
    assert (
        result.blocks[0]["value"]
        == '<p><a href="https://x.test/wp-content/uploads/gone.png">Gone</a></p>'
    )
    assert any("kept as a link" in note for note in result.notes)


def test_gallery_shortcode_becomes_a_gallery_with_the_attachments_alt_text():
    result = convert('[gallery ids="1,2,3"]', lookup({"1": 10, "3": 30}))
    assert types(result) == ["gallery"]
    pictures = [item["value"] for item in result.blocks[0]["value"]["images"]]
    assert pictures == [
        {"image": 10, "alt_text": "alt 1", "caption": ""},
        {"image": 30, "alt_text": "alt 3", "caption": ""},
    ]


def test_block_editor_content():
    html = (
        "<!-- wp:paragraph -->\n<p>Para</p>\n<!-- /wp:paragraph -->\n"
        '<!-- wp:embed {"url":"https://vimeo.com/9"} -->\n<figure class="wp-block-embed"><div>\nhttps://vimeo.com/9\n</div><figcaption>Film</figcaption></figure>\n<!-- /wp:embed -->\n'
        "<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->\n"
        '<!-- wp:image {"id":7} -->\n<figure class="wp-block-image"><img src="https://x.test/b.jpg" alt="B" class="wp-image-7"/><figcaption>Cap</figcaption></figure>\n<!-- /wp:image -->\n'
        '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>Q</p><cite>W</cite></blockquote>\n<!-- /wp:quote -->\n'
        "<!-- wp:acme/widget -->\n<div>Widget text</div>\n<!-- /wp:acme/widget -->"
    )
    result = convert(html, lookup({"7": 70}))
    assert types(result) == ["paragraph", "embed", "more", "image", "quote", "paragraph"]
    assert result.blocks[1]["value"] == {"embed": "https://vimeo.com/9", "caption": "Film"}
    assert result.blocks[3]["value"]["caption"] == "Cap"
    assert result.blocks[4]["value"]["attribution"] == "W"
    assert result.blocks[5]["value"] == "<p>Widget text</p>"
    assert any("acme/widget" in note for note in result.notes)


def test_tables_and_code_get_blocks_and_unknown_shortcodes_stay_readable_and_are_noted():
    result = convert(
        '<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td colspan="2">2</td></tr></table>\n<pre>x = 1\ny = 2</pre>\n\n[poll id="3"]'
    )
    assert types(result) == ["table", "code", "paragraph"]
    assert result.blocks[0]["value"] == {
        "caption": "",
        "columns": [{"type": "text", "heading": h} for h in ("A", "B", "")],
        "rows": [{"values": ["<p>1</p>", "<p>2</p>", ""]}],
    }
    assert result.blocks[1]["value"] == {"language": "", "code": "x = 1\ny = 2"}
    assert result.blocks[2]["value"] == "<p>[poll id=&quot;3&quot;]</p>"
    assert result.notes == [
        "Shortcodes kept as text: poll",
        "Merged table cells were split into single cells.",
    ]


def test_media_url_map_moves_links_to_files_that_were_not_imported():
    moved = MediaLookup(file_url=lambda src: src.replace("https://x.test/", "https://cdn.test/"))
    result = convert(
        '<img src="https://x.test/gone.png" alt="Gone">\n\n[audio src="https://x.test/a.ogg"]',
        moved,
    )
    assert result.blocks[0]["value"] == '<p><a href="https://cdn.test/gone.png">Gone</a></p>'
    assert result.blocks[1] == {**result.blocks[1], "type": "audio"}
    assert result.blocks[1]["value"]["url"] == "https://cdn.test/a.ogg"


def test_scripts_are_removed():
    result = convert("<p>Fine</p><script>alert(1)</script>")
    assert types(result) == ["paragraph"]
    assert "script" in " ".join(result.notes)


def test_a_post_without_letters_takes_the_channels_language():
    assert detect_language("", '<img src="https://x.test/a.jpg">', default="ja") == "ja"
    assert detect_language("", '<img src="https://x.test/a.jpg">') == "en"
    assert detect_language("Tides", "", default="ja") == "en"


def test_language_detection():
    assert detect_language("港の朝", "朝の港は静かで、漁船が戻ってきました。") == "ja"
    assert detect_language("Tides", "The water rose twice today.") == "en"
    # A Japanese word or two in an English post does not make it Japanese.
    assert detect_language("A visit to 東京", "We spent a week walking around the city.") == "en"
    # Markup and URLs are not letters.
    assert (
        detect_language(
            "", '<a href="https://example.com/very/long/english/path">日本語の文章です</a>'
        )
        == "ja"
    )
