"""Reading export files: the fields the importer leans on most. Every field of every record is in
test_parser_records.py; broken, hostile and unusual files are in test_parser_edges.py."""

import datetime

from wordpress_import.parser import WxrAuthor, WxrItem, WxrReader, WxrTerm


def records(path):
    reader = WxrReader(path)
    return reader, list(reader.records())


def test_reads_site_authors_terms_and_items(export_path):
    reader, found = records(export_path("classic.xml"))
    assert reader.site.base_blog_url == "https://old.example.org"
    assert reader.site.wxr_version == "1.2"
    authors = [r for r in found if isinstance(r, WxrAuthor)]
    assert [a.login for a in authors] == ["mariner", "kenji"]
    terms = {r.slug: r for r in found if isinstance(r, WxrTerm)}
    assert terms["lighthouses"].parent_slug == "coasts"
    assert terms["港"].taxonomy == "post_tag"  # percent-decoded
    items = {r.post_id: r for r in found if isinstance(r, WxrItem)}
    post = items["100"]
    assert post.title == "Tides at Dover"
    assert post.is_sticky
    assert post.meta["_thumbnail_id"] == "5"
    assert [c.comment_id for c in post.comments] == ["501", "502", "503", "504"]
    assert post.comments[2].approved == "0"
    assert post.comments[3].comment_type == "pingback"
    assert post.date == datetime.datetime(2019, 3, 14, 10, 30, tzinfo=datetime.UTC)


def test_gmt_date_wins_and_zero_gmt_falls_back_to_local_date(export_path):
    _, found = records(export_path("classic.xml"))
    items = {r.post_id: r for r in found if isinstance(r, WxrItem)}
    # Written at 07:00 in Tokyo: 22:00 UTC the day before.
    assert items["102"].date == datetime.datetime(2020, 5, 31, 22, 0, tzinfo=datetime.UTC)
    assert items["102"].slug == "港の朝"
    assert items["102"].raw_slug == "%e6%b8%af%e3%81%ae%e6%9c%9d"
    draft = items["104"]
    assert draft.date is not None and draft.date.year == 2021  # from wp:post_date, site time zone


def test_https_namespaces_and_plain_text_of_wordpress_com(export_path):
    reader, found = records(export_path("wordpress-com.xml"))
    items = [r for r in found if isinstance(r, WxrItem)]
    assert reader.site.wxr_version == "1.1"
    assert items[0].title == "Locks & weirs"
    assert items[0].content.startswith("Twelve locks before lunch")
    assert items[0].terms == [("category", "journeys", "Journeys")]
