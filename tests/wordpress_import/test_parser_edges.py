"""The export reader on files written for one case each: missing and padded fields, namespaces,
odd dates, Japanese text, files larger than one read, and broken or hostile files."""

import datetime
from pathlib import Path

from django.utils import translation

import pytest

from wordpress_import.parser import (
    CHUNK_SIZE,
    WxrAuthor,
    WxrComment,
    WxrError,
    WxrItem,
    WxrReader,
    WxrSite,
    WxrTerm,
)

WXR_1_2 = (
    'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:wp="http://wordpress.org/export/1.2/"'
)


def export(tmp_path: Path, channel: str, namespaces: str = WXR_1_2, name="export.xml") -> Path:
    """An export file whose channel holds ``channel``, from the file's third line on."""
    path = tmp_path / name
    path.write_text(
        f'<rss version="2.0" {namespaces}>\n<channel>\n{channel}\n</channel>\n</rss>\n',
        encoding="utf-8",
    )
    return path


def read(path: Path) -> tuple[WxrSite, list]:
    reader = WxrReader(path)
    found = list(reader.records())
    return reader.site, found


def error_of(path: Path) -> WxrError:
    with pytest.raises(WxrError) as caught:
        read(path)
    return caught.value


def bare_item(**fields) -> WxrItem:
    """What the reader makes of an ``<item>`` that has none of the fields not given here."""
    defaults = {
        "post_id": "",
        "title": "",
        "link": "",
        "guid": "",
        "creator": "",
        "content": "",
        "excerpt": "",
        "post_date": "",
        "date": None,
        "slug": "",
        "raw_slug": "",
        "status": "publish",
        "post_type": "post",
        "parent_id": "",
        "menu_order": "",
        "password": "",
        "is_sticky": False,
        "comment_status": "",
        "attachment_url": "",
        "terms": [],
        "meta": {},
        "comments": [],
    }
    return WxrItem(**{**defaults, **fields})


def bare_comment(**fields) -> WxrComment:
    defaults = dict.fromkeys(
        ["comment_id", "author", "email", "url", "ip", "content", "approved", "parent_id"], ""
    )
    return WxrComment(
        **{**defaults, "date": None, "comment_type": "comment", "user_id": "", **fields}
    )


@pytest.fixture
def tokyo(settings):
    """The site's time zone, which dates without a GMT twin are read in."""
    settings.TIME_ZONE = "Asia/Tokyo"


def test_header_fields_are_stripped_and_the_image_block_is_left_alone(tmp_path):
    # WordPress.com exports carry the site icon as an RSS <image> with its own title and link.
    path = export(
        tmp_path,
        """<title>
  Harbour Notes  </title>
<link> https://old.example.org </link>
<description>  Letters about ports  </description>
<language> ja </language>
<wp:wxr_version> 1.2 </wp:wxr_version>
<wp:base_site_url> https://old.example.org/ </wp:base_site_url>
<wp:base_blog_url> https://old.example.org/blog </wp:base_blog_url>
<generator>https://wordpress.org/?v=6.4</generator>
<image><url>https://old.example.org/icon.png</url><title>Icon</title><link>https://elsewhere.example/</link></image>
<wp:unknown_record><wp:post_id>99</wp:post_id></wp:unknown_record>""",
    )
    site, found = read(path)
    assert site == WxrSite(
        title="Harbour Notes",
        description="Letters about ports",
        link="https://old.example.org",
        base_site_url="https://old.example.org/",
        base_blog_url="https://old.example.org/blog",
        language="ja",
        wxr_version="1.2",
    )
    assert found == []


def test_an_item_with_no_fields_gets_the_defaults(tmp_path):
    path = export(tmp_path, "<item></item>\n<item><wp:comment/><category>Loose</category></item>")
    _, found = read(path)
    assert found == [
        bare_item(line=3),
        bare_item(
            comments=[bare_comment()],
            terms=[("category", "", "Loose")],  # no domain: a category; no nicename: no slug
            line=4,
        ),
    ]


def test_padded_fields_are_stripped_but_text_bodies_are_kept_as_written(tmp_path):
    path = export(
        tmp_path,
        """<item>
<title>  Spaced title  </title>
<link> https://old.example.org/spaced/ </link>
<guid isPermaLink="false"> https://old.example.org/?p=42 </guid>
<dc:creator> mariner </dc:creator>
<content:encoded><![CDATA[  Body with spaces.  ]]></content:encoded>
<excerpt:encoded><![CDATA[ Excerpt ]]></excerpt:encoded>
<wp:post_id> 42 </wp:post_id>
<wp:post_date> 2021-01-05 10:00:00 </wp:post_date>
<wp:post_date_gmt> 2021-01-05 01:00:00 </wp:post_date_gmt>
<wp:comment_status> open </wp:comment_status>
<wp:post_name> %e6%b8%af </wp:post_name>
<wp:status> private </wp:status>
<wp:post_parent> 7 </wp:post_parent>
<wp:menu_order> 3 </wp:menu_order>
<wp:post_type> page </wp:post_type>
<wp:post_password> secret phrase </wp:post_password>
<wp:is_sticky> 1 </wp:is_sticky>
<wp:attachment_url> https://old.example.org/a.jpg </wp:attachment_url>
<category domain="post_tag" nicename=" %e6%b8%af "> 港 </category>
<wp:postmeta><wp:meta_key> _note </wp:meta_key><wp:meta_value> kept as is </wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_note</wp:meta_key><wp:meta_value>the last one wins</wp:meta_value></wp:postmeta>
<wp:comment>
<wp:comment_id> 9 </wp:comment_id>
<wp:comment_author> Gull </wp:comment_author>
<wp:comment_author_email> gull@example.net </wp:comment_author_email>
<wp:comment_author_url> https://gulls.example.net/ </wp:comment_author_url>
<wp:comment_author_IP> 192.0.2.1 </wp:comment_author_IP>
<wp:comment_date_gmt> 2021-01-06 00:00:00 </wp:comment_date_gmt>
<wp:comment_content>  Hello  </wp:comment_content>
<wp:comment_approved> 1 </wp:comment_approved>
<wp:comment_type> trackback </wp:comment_type>
<wp:comment_parent> 8 </wp:comment_parent>
<wp:comment_user_id> 2 </wp:comment_user_id>
<wp:comment_agent> Mozilla/5.0 </wp:comment_agent>
</wp:comment>
</item>""",
    )
    _, found = read(path)
    assert found == [
        WxrItem(
            post_id="42",
            title="  Spaced title  ",  # the importer cleans titles up, and reports it
            link="https://old.example.org/spaced/",
            guid="https://old.example.org/?p=42",
            creator="mariner",
            content="  Body with spaces.  ",
            excerpt=" Excerpt ",
            post_date="2021-01-05 10:00:00",
            date=datetime.datetime(2021, 1, 5, 1, 0, tzinfo=datetime.UTC),
            slug="港",
            raw_slug="%e6%b8%af",
            status="private",
            post_type="page",
            parent_id="7",
            menu_order="3",
            password=" secret phrase ",  # a password is compared as written
            is_sticky=True,
            comment_status="open",
            attachment_url="https://old.example.org/a.jpg",
            terms=[("post_tag", "港", "港")],
            meta={"_note": "the last one wins"},
            comments=[
                WxrComment(
                    comment_id="9",
                    author="Gull",
                    email="gull@example.net",
                    url="https://gulls.example.net/",
                    ip="192.0.2.1",
                    date=datetime.datetime(2021, 1, 6, 0, 0, tzinfo=datetime.UTC),
                    content="  Hello  ",
                    approved="1",
                    comment_type="trackback",
                    parent_id="8",
                    user_id="2",
                    agent="Mozilla/5.0",
                )
            ],
            line=3,
        )
    ]


def test_authors_and_terms_of_every_kind(tmp_path):
    path = export(
        tmp_path,
        """<wp:author><wp:author_login> ada </wp:author_login><wp:author_email> ada@example.org </wp:author_email><wp:author_display_name> Ada M </wp:author_display_name><wp:author_first_name> Ada </wp:author_first_name><wp:author_last_name> Mariner </wp:author_last_name></wp:author>
<wp:author></wp:author>
<wp:category><wp:term_id> 3 </wp:term_id><wp:category_nicename> %e7%81%af%e5%8f%b0 </wp:category_nicename><wp:category_parent> %e6%b5%b7 </wp:category_parent><wp:cat_name> 灯台 </wp:cat_name><wp:category_description> 岬の灯り </wp:category_description></wp:category>
<wp:tag><wp:term_id> 4 </wp:term_id><wp:tag_slug> tides </wp:tag_slug><wp:tag_name> Tides </wp:tag_name><wp:tag_description> Twice a day </wp:tag_description></wp:tag>
<wp:term><wp:term_id> 5 </wp:term_id><wp:term_taxonomy> series </wp:term_taxonomy><wp:term_slug> %e6%b8%af-notes </wp:term_slug><wp:term_parent> harbours </wp:term_parent><wp:term_name> Harbour notes </wp:term_name><wp:term_description> A series </wp:term_description></wp:term>
<wp:term><wp:term_taxonomy>nav_menu</wp:term_taxonomy><wp:term_slug>main</wp:term_slug></wp:term>""",
    )
    _, found = read(path)
    assert found == [
        WxrAuthor("ada", "ada@example.org", "Ada M", "Ada", "Mariner", line=3),
        WxrAuthor("", "", "", "", "", line=4),
        WxrTerm("category", "3", "灯台", "灯台", "海", "岬の灯り", line=5),
        WxrTerm("post_tag", "4", "tides", "Tides", "", "Twice a day", line=6),
        WxrTerm("series", "5", "港-notes", "Harbour notes", "harbours", "A series", line=7),
        WxrTerm("nav_menu", "", "main", "", "", "", line=8),
    ]
    assert found[4].key == "5"
    assert found[5].key == "main"  # a term without an id is known by its slug


def test_namespaces_are_told_by_their_address_not_their_prefix(tmp_path):
    # WXR 1.0, http or https, and prefixes other than WordPress's own.
    namespaces = (
        'xmlns:ex="https://wordpress.org/export/1.0/excerpt/" '
        'xmlns:body="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:who="http://purl.org/dc/elements/1.1/" '
        'xmlns:wxr="https://wordpress.org/export/1.0/" '
        'xmlns:wp="http://example.org/not-wordpress/"'
    )
    path = export(
        tmp_path,
        """<wxr:base_blog_url>https://old.example.org</wxr:base_blog_url>
<item>
<title>Prefixed</title>
<who:creator>ada</who:creator>
<body:encoded>Body</body:encoded>
<ex:encoded>Excerpt</ex:encoded>
<wxr:post_id>1</wxr:post_id>
<wp:post_id>2</wp:post_id>
<wp:status>draft</wp:status>
</item>""",
        namespaces=namespaces,
    )
    site, found = read(path)
    assert site.base_blog_url == "https://old.example.org"
    assert found == [
        bare_item(
            post_id="1", title="Prefixed", creator="ada", content="Body", excerpt="Excerpt", line=4
        )
    ]


def test_odd_dates(tmp_path, tokyo):
    def dated(post_date: str, gmt: str) -> str:
        return (
            f"<item><wp:post_date>{post_date}</wp:post_date>"
            f"<wp:post_date_gmt>{gmt}</wp:post_date_gmt></item>"
        )

    path = export(
        tmp_path,
        "\n".join(
            [
                dated("2021-01-05 10:00:00", "0000-00-00 00:00:00"),  # a draft: local date
                dated("2021-01-05 10:00:00", ""),
                dated("2021-01-05 10:00:00", "2021-02-30 10:00:00"),  # no such day: local date
                dated("2021-01-05 10:00:00", "2021-01-05T01:00:00Z"),  # not WordPress's format
                dated("0000-00-00 00:00:00", "0000-00-00 00:00:00"),
                dated("yesterday", ""),
                dated("", "1999-12-31 23:59:59"),
                dated("2024-02-29 09:00:00", "2024-02-29 00:00:00"),
            ]
        ),
    )
    _, found = read(path)
    tokyo_ten = datetime.datetime(2021, 1, 5, 1, 0, tzinfo=datetime.UTC)
    assert [(item.post_date, item.date) for item in found] == [
        ("2021-01-05 10:00:00", tokyo_ten),
        ("2021-01-05 10:00:00", tokyo_ten),
        ("2021-01-05 10:00:00", tokyo_ten),
        ("2021-01-05 10:00:00", tokyo_ten),
        ("0000-00-00 00:00:00", None),
        ("yesterday", None),
        ("", datetime.datetime(1999, 12, 31, 23, 59, 59, tzinfo=datetime.UTC)),
        ("2024-02-29 09:00:00", datetime.datetime(2024, 2, 29, 0, 0, tzinfo=datetime.UTC)),
    ]


def test_comment_dates_fall_back_to_the_local_date(tmp_path, tokyo):
    path = export(
        tmp_path,
        """<item>
<wp:comment><wp:comment_date>2021-01-05 10:00:00</wp:comment_date><wp:comment_date_gmt>0000-00-00 00:00:00</wp:comment_date_gmt></wp:comment>
<wp:comment><wp:comment_date>2021-01-05 10:00:00</wp:comment_date><wp:comment_date_gmt>2021-01-05 03:00:00</wp:comment_date_gmt></wp:comment>
<wp:comment><wp:comment_date>never</wp:comment_date></wp:comment>
</item>""",
    )
    _, found = read(path)
    assert [c.date for c in found[0].comments] == [
        datetime.datetime(2021, 1, 5, 1, 0, tzinfo=datetime.UTC),
        datetime.datetime(2021, 1, 5, 3, 0, tzinfo=datetime.UTC),
        None,
    ]


def test_japanese_text_cdata_and_entities(tmp_path):
    path = export(
        tmp_path,
        """<item>
<title>港の朝 &amp; 夜</title>
<content:encoded><![CDATA[<p>灯台の光 &amp; 市場</p>]]>と&lt;b&gt;</content:encoded>
<wp:post_name><![CDATA[%e6%b8%af%e3%81%ae%e6%9c%9d]]></wp:post_name>
<category domain="category" nicename="%e7%81%af%e5%8f%b0"><![CDATA[灯台]]></category>
<wp:comment><wp:comment_author>佐藤</wp:comment_author><wp:comment_content><![CDATA[素敵な写真です。]]></wp:comment_content></wp:comment>
</item>""",
    )
    _, found = read(path)
    assert found == [
        bare_item(
            title="港の朝 & 夜",  # an entity in plain text is decoded...
            content="<p>灯台の光 &amp; 市場</p>と<b>",  # ...one in CDATA is not
            slug="港の朝",
            raw_slug="%e6%b8%af%e3%81%ae%e6%9c%9d",
            terms=[("category", "灯台", "灯台")],
            comments=[bare_comment(author="佐藤", content="素敵な写真です。")],
            line=3,
        )
    ]


def test_records_only_come_from_the_channel_itself(tmp_path):
    # An item inside another element, or an author inside an item, is no record of its own.
    path = export(
        tmp_path,
        """<wrapper><item><wp:post_id>1</wp:post_id></item></wrapper>
<item><wp:post_id>2</wp:post_id><wp:author><wp:author_login>ada</wp:author_login></wp:author></item>
<wp:author><wp:author_login>kenji</wp:author_login></wp:author>""",
    )
    _, found = read(path)
    assert found == [bare_item(post_id="2", line=4), WxrAuthor("kenji", "", "", "", "", line=5)]


def big_item(post_id: int, size: int) -> str:
    body = f"Line {post_id} of a long post. " * (size // 26)
    return (
        f"<item><wp:post_id>{post_id}</wp:post_id><content:encoded>{body}</content:encoded></item>"
    )


def test_an_export_larger_than_one_read_is_read_whole(tmp_path):
    """Records cut in two by the boundary between two reads come out whole."""
    items = [big_item(n, CHUNK_SIZE // 2) for n in range(1, 6)]
    path = export(tmp_path, "\n".join(items))
    assert path.stat().st_size > 2 * CHUNK_SIZE
    _, found = read(path)
    assert [item.post_id for item in found] == ["1", "2", "3", "4", "5"]
    for n, item in enumerate(found, start=1):
        assert item.content == f"Line {n} of a long post. " * (CHUNK_SIZE // 2 // 26)
        assert item.line == 2 + n


def test_records_are_handed_out_before_a_later_fault_is_read(tmp_path):
    """The file is streamed: the records read so far come out before a fault further on."""
    path = export(tmp_path, big_item(1, 1000) + "\n" + big_item(2, 2 * CHUNK_SIZE) + "\n<oops>")
    records = WxrReader(path).records()
    assert next(records).post_id == "1"
    with pytest.raises(WxrError) as caught:
        next(records)
    assert str(caught.value) == "Line 6: the file is not well-formed XML (mismatched tag)."


def test_an_export_cut_short_is_refused_after_its_complete_records(tmp_path):
    path = tmp_path / "cut.xml"
    path.write_text(
        f'<rss version="2.0" {WXR_1_2}>\n<channel>\n<item><wp:post_id>1</wp:post_id></item>\n'
        "<item><wp:post_id>2</wp:post_id>",
        encoding="utf-8",
    )
    records = WxrReader(path).records()
    assert next(records) == bare_item(post_id="1", line=3)
    with pytest.raises(WxrError) as caught:
        next(records)
    assert caught.value.line == 4
    assert str(caught.value) == "Line 4: the file is not well-formed XML (no element found)."


def test_malformed_xml_gives_the_reason_and_the_line(export_path):
    with pytest.raises(WxrError) as caught:
        read(export_path("malformed.xml"))
    assert caught.value.line == 16
    assert str(caught.value) == "Line 16: the file is not well-formed XML (mismatched tag)."


def test_the_error_is_translated(export_path):
    with translation.override("ja"), pytest.raises(WxrError) as caught:
        read(export_path("malformed.xml"))
    assert str(caught.value) == "16 行目：ファイルが整形式の XML ではありません（mismatched tag）。"


ENTITY_REFUSED = (
    "Line 3: the file declares an XML entity. WordPress exports never do; it was refused "
    "to protect the server (entity expansion or external files)."
)


@pytest.mark.parametrize("name", ["entity-bomb.xml", "external-entity.xml"])
def test_entity_declarations_are_refused_with_the_line(export_path, name):
    with pytest.raises(WxrError) as caught:
        read(export_path(name))
    assert caught.value.line == 3
    assert str(caught.value) == ENTITY_REFUSED


def test_an_unparsed_entity_declaration_is_refused(tmp_path):
    path = tmp_path / "ndata.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!NOTATION gif SYSTEM "image/gif">\n'
        '<!ENTITY logo SYSTEM "logo.gif" NDATA gif>\n]>\n<rss><channel/></rss>\n'
    )
    with pytest.raises(WxrError) as caught:
        read(path)
    assert str(caught.value) == ENTITY_REFUSED.replace("Line 3", "Line 4")


def test_an_external_dtd_is_never_read(tmp_path):
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY secret "TOP SECRET">')
    path = tmp_path / "doctype.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "{secret.as_uri()}">\n'
        f'<rss version="2.0" {WXR_1_2}><channel><item>'
        "<title>before &secret; after</title></item></channel></rss>\n"
    )
    _, found = read(path)
    assert found == [bare_item(title="before  after", line=3)]


NOT_AN_EXPORT = "this is not a WordPress export: it has no RSS channel."


@pytest.mark.parametrize(
    "text",
    [
        "<html><body>hello</body></html>",
        "<rss version='2.0'><item><title>no channel</title></item></rss>",
        "<feed><channel><title>not RSS</title></channel></feed>",
        "<rss><wrapper><channel><title>too deep</title></channel></wrapper></rss>",
    ],
)
def test_not_an_export(tmp_path, text):
    path = tmp_path / "page.xml"
    path.write_text(text)
    error = error_of(path)
    assert str(error) == NOT_AN_EXPORT
    assert error.line is None


def test_an_empty_file_is_not_well_formed(tmp_path):
    path = tmp_path / "empty.xml"
    path.write_bytes(b"")
    assert str(error_of(path)) == "Line 1: the file is not well-formed XML (no element found)."


def test_a_missing_file(tmp_path):
    path = tmp_path / "missing.xml"
    error = error_of(path)
    assert str(error) == f"the file cannot be read: [Errno 2] No such file or directory: '{path}'"
    assert error.line is None


@pytest.mark.parametrize(
    ("encoding", "reason"),
    [
        ("Shift_JIS", "multi-byte encodings are not supported"),
        ("EUC-JP", "multi-byte encodings are not supported"),
        ("x-unheard-of", "unknown encoding: x-unheard-of"),
    ],
)
def test_an_encoding_expat_cannot_read_gives_a_clear_error(tmp_path, encoding, reason):
    path = tmp_path / "sjis.xml"
    path.write_bytes(
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss><channel>'.encode()
        + "<title>港</title></channel></rss>".encode("shift_jis")
    )
    error = error_of(path)
    assert error.line == 1
    assert str(error) == (
        f"Line 1: the file's character encoding is not supported ({reason}); save it as UTF-8."
    )


def test_a_latin_1_export_is_decoded(tmp_path):
    path = tmp_path / "latin.xml"
    path.write_bytes(
        b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<rss><channel>'
        b"<title>Caf\xe9 du port</title></channel></rss>"
    )
    site, _ = read(path)
    assert site.title == "Café du port"
