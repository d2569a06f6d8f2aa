"""Every field of every record of the export fixtures, as the reader hands them out, in file order.

The expected records are written out by hand from the fixture files; only the two long post
bodies are cut from the file's text with a regular expression (not with the parser under test).
"""

import datetime
import re

import pytest

from wordpress_import.parser import WxrAuthor, WxrComment, WxrItem, WxrReader, WxrSite, WxrTerm

from .conftest import FIXTURES

UTC = datetime.UTC


def at(*parts: int) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=UTC)


def cdata_of(fixture: str, post_id: str, element: str) -> str:
    """The CDATA section of ``element`` in the item with ``post_id``, cut from the file's text."""
    text = (FIXTURES / fixture).read_text(encoding="utf-8")
    item = re.search(
        rf"<item>(?:(?!</item>).)*<wp:post_id>{post_id}</wp:post_id>.*?</item>", text, re.S
    )
    return re.search(rf"<{element}><!\[CDATA\[(.*?)\]\]></{element}>", item.group(0), re.S).group(1)


def item(**fields) -> WxrItem:
    """An item of classic.xml: the fields most of its items share, overridden by ``fields``."""
    defaults = {
        "creator": "mariner",
        "content": "",
        "excerpt": "",
        "status": "publish",
        "post_type": "post",
        "parent_id": "0",
        "menu_order": "",
        "password": "",
        "is_sticky": False,
        "comment_status": "",
        "attachment_url": "",
        "terms": [],
        "meta": {},
        "comments": [],
    }
    fields.setdefault("raw_slug", fields["slug"])
    return WxrItem(**{**defaults, **fields})


def comment(**fields) -> WxrComment:
    defaults = {"url": "", "approved": "1", "comment_type": "comment", "parent_id": "0"}
    return WxrComment(**{**defaults, "user_id": "0", **fields})


CLASSIC_SITE = WxrSite(
    title="Harbour Notes",
    description="Letters about ports, ships and tea",
    link="https://old.example.org",
    base_site_url="https://old.example.org",
    base_blog_url="https://old.example.org",
    language="en-GB",
    wxr_version="1.2",
)

OLD = "https://old.example.org"
UPLOADS = f"{OLD}/wp-content/uploads/2019/03"


def classic_records() -> list:
    return [
        WxrAuthor("mariner", "mariner@example.org", "Ada Mariner", "Ada", "Mariner", line=19),
        WxrAuthor("kenji", "kenji@example.org", ">Kenji Sato", "", "", line=20),
        WxrTerm("category", "12", "lighthouses", "Lighthouses", "coasts", "", line=22),
        WxrTerm("category", "11", "coasts", "Coasts &amp; Capes", "", "Where land stops.", line=23),
        WxrTerm("category", "1", "uncategorized", "Uncategorized", "", "", line=24),
        WxrTerm("post_tag", "21", "tides", "Tides", "", "", line=25),
        WxrTerm("post_tag", "22", "港", "港", "", "", line=26),  # slug percent-decoded
        item(
            post_id="5",
            title="Harbour photo",
            link=f"{OLD}/2019/03/14/tides-at-dover/harbour/",
            guid=f"{UPLOADS}/harbour.jpg",
            excerpt="Boats at first light",
            post_date="2019-03-14 09:00:00",
            date=at(2019, 3, 14, 9, 0),
            slug="harbour",
            status="inherit",
            post_type="attachment",
            parent_id="100",
            attachment_url=f"{UPLOADS}/harbour.jpg",
            meta={
                "_wp_attached_file": "2019/03/harbour.jpg",
                "_wp_attachment_image_alt": "Fishing boats moored at dawn",
            },
            line=28,
        ),
        item(
            post_id="6",
            title="Lost chart",
            link=f"{OLD}/?attachment_id=6",
            guid=f"{UPLOADS}/chart.png",
            post_date="2019-03-14 09:05:00",
            date=at(2019, 3, 14, 9, 5),
            slug="chart",
            status="inherit",
            post_type="attachment",
            parent_id="100",
            attachment_url=f"{UPLOADS}/chart.png",
            line=48,
        ),
        item(
            post_id="7",
            title="Tide tables",
            link=f"{OLD}/2019/03/tide-tables.pdf",
            guid=f"{UPLOADS}/tide-tables.pdf",
            post_date="2019-03-14 09:06:00",
            date=at(2019, 3, 14, 9, 6),
            slug="tide-tables",
            status="inherit",
            post_type="attachment",
            attachment_url=f"{UPLOADS}/tide-tables.pdf",
            meta={"_wp_attached_file": "2019/03/tide-tables.pdf"},
            line=64,
        ),
        item(
            post_id="100",
            title="Tides at Dover",
            link=f"{OLD}/2019/03/14/tides-at-dover/",
            guid=f"{OLD}/?p=100",
            content=cdata_of("classic.xml", "100", "content:encoded"),
            excerpt="Two tides and a patient ferry.",
            post_date="2019-03-14 10:30:00",
            date=at(2019, 3, 14, 10, 30),
            comment_status="open",
            slug="tides-at-dover",
            menu_order="0",
            is_sticky=True,
            terms=[
                ("category", "lighthouses", "Lighthouses"),
                ("post_tag", "tides", "Tides"),
                ("post_tag", "ferries", "Ferries"),
            ],
            meta={"_thumbnail_id": "5"},
            comments=[
                comment(
                    comment_id="501",
                    author="Gull Watcher",
                    email="gull@example.net",
                    url="https://gulls.example.net/",
                    ip="192.0.2.10",
                    date=at(2019, 3, 15, 8, 0),
                    content='Lovely piece. <a href="https://gulls.example.net/dover">My own notes'
                    "</a> agree.",
                ),
                comment(
                    comment_id="502",
                    author="Ada Mariner",
                    email="mariner@example.org",
                    ip="not-an-address",
                    date=at(2019, 3, 15, 9, 0),
                    content="Thank you, glad they match.",
                    comment_type="comment",  # empty in the file
                    parent_id="501",
                    user_id="1",
                ),
                comment(
                    comment_id="503",
                    author="Quiet Reader",
                    email="reader@example.net",
                    ip="2001:db8::1",
                    date=at(2019, 3, 16, 12, 0),
                    content="Still waiting for moderation, I expect.",
                    approved="0",
                    parent_id="502",
                ),
                comment(
                    comment_id="504",
                    author="Another Blog",
                    email="",
                    url="https://another.example.com/linking-post/",
                    ip="198.51.100.7",
                    date=at(2019, 3, 17, 12, 0),
                    content="[&#8230;] a post about Dover tides [&#8230;]",  # CDATA: kept as is
                    comment_type="pingback",
                ),
            ],
            line=82,
        ),
        item(
            post_id="101",
            title="Fog <em>signals</em> &amp; horns",  # CDATA: markup and entity kept as is
            link=f"{OLD}/2018/11/02/fog-signals/",
            guid=f"{OLD}/?p=101",
            content=cdata_of("classic.xml", "101", "content:encoded"),
            post_date="2018-11-02 18:15:00",
            date=at(2018, 11, 2, 18, 15),
            comment_status="closed",
            slug="fog-signals",
            terms=[("category", "coasts", "Coasts &amp; Capes")],
            line=193,
        ),
        item(
            post_id="102",
            title="港の朝",
            link=f"{OLD}/2020/06/01/%e6%b8%af%e3%81%ae%e6%9c%9d/",
            guid=f"{OLD}/?p=102",
            creator="kenji",
            content="朝の港は静かで、漁船がゆっくりと戻ってきました。\n\n"
            "灯台の光が消える頃、市場が開きます。",
            post_date="2020-06-01 07:00:00",  # Tokyo time: the GMT date is the day before
            date=at(2020, 5, 31, 22, 0),
            comment_status="open",
            slug="港の朝",
            raw_slug="%e6%b8%af%e3%81%ae%e6%9c%9d",
            terms=[("category", "lighthouses", "Lighthouses"), ("post_tag", "港", "港")],
            line=245,
        ),
        item(
            post_id="103",
            title="Next spring's crossing",
            link=f"{OLD}/?p=103",
            guid=f"{OLD}/?p=103",
            content="A crossing planned for a date well ahead.",
            post_date="2099-04-01 09:00:00",
            date=at(2099, 4, 1, 8, 0),
            comment_status="open",
            slug="next-springs-crossing",
            status="future",
            terms=[("category", "uncategorized", "Uncategorized")],
            line=268,
        ),
        item(
            post_id="104",
            title="Half-written notes",
            link=f"{OLD}/?p=104",
            guid=f"{OLD}/?p=104",
            content="Notes that never got finished.",
            post_date="2021-01-05 10:00:00",
            # The GMT date is 0000-00-00: the local date, in the site's zone (Tokyo in this test).
            date=at(2021, 1, 5, 1, 0),
            comment_status="open",
            slug="",
            status="draft",
            line=288,
        ),
        item(
            post_id="105",
            title="Waiting for an editor",
            link=f"{OLD}/?p=105",
            guid=f"{OLD}/?p=105",
            creator="kenji",
            content="Submitted and not yet read.",
            post_date="2021-02-05 10:00:00",
            date=at(2021, 2, 5, 10, 0),
            slug="waiting-for-an-editor",
            status="pending",
            line=307,
        ),
        item(
            post_id="106",
            title="For the crew only",
            link=f"{OLD}/2021/03/01/crew-only/",
            guid=f"{OLD}/?p=106",
            content="Rota for the summer season.",
            post_date="2021-03-01 10:00:00",
            date=at(2021, 3, 1, 10, 0),
            slug="crew-only",
            status="private",
            line=323,
        ),
        item(
            post_id="107",
            title="",
            link=f"{OLD}/2021/04/02/4-2/",
            guid=f"{OLD}/?p=107",
            content="A status update with no headline at all.",
            post_date="2021-04-02 10:00:00",
            date=at(2021, 4, 2, 9, 0),
            slug="4-2",
            line=339,
        ),
        item(
            post_id="108",
            title="Tides at Dover, again",
            link=f"{OLD}/2021/05/02/tides-at-dover/",
            guid=f"{OLD}/?p=108",
            content="Same name, later date.",
            post_date="2021-05-02 10:00:00",
            date=at(2021, 5, 2, 9, 0),
            slug="tides-at-dover",
            line=355,
        ),
        item(
            post_id="200",
            title="About this log",
            link=f"{OLD}/about/",
            guid=f"{OLD}/?page_id=200",
            content="Written from a desk that faces the water.",
            post_date="2018-01-01 10:00:00",
            date=at(2018, 1, 1, 10, 0),
            slug="about",
            post_type="page",
            menu_order="1",
            line=371,
        ),
        item(
            post_id="201",
            title="Contact",
            link=f"{OLD}/about/contact/",
            guid=f"{OLD}/?page_id=201",
            content="Send a postcard to the harbour office.",
            post_date="2018-01-02 10:00:00",
            date=at(2018, 1, 2, 10, 0),
            slug="contact",
            post_type="page",
            parent_id="200",
            menu_order="0",
            line=387,
        ),
        item(
            post_id="300",
            title="Home",
            link=f"{OLD}/?p=300",
            guid=f"{OLD}/?p=300",
            post_date="2018-01-02 10:00:00",
            date=at(2018, 1, 2, 10, 0),
            slug="home",
            post_type="nav_menu_item",
            line=403,
        ),
    ]


@pytest.fixture
def tokyo(settings):
    """The site's time zone, which dates without a GMT twin are read in."""
    settings.TIME_ZONE = "Asia/Tokyo"


def read(name: str) -> tuple[WxrSite, list]:
    reader = WxrReader(FIXTURES / name)
    found = list(reader.records())
    return reader.site, found


def test_classic_export_record_by_record(tokyo):
    site, found = read("classic.xml")
    assert site == CLASSIC_SITE
    expected = classic_records()
    # Field by field first, so that a failure names the record and the field.
    assert [(type(r).__name__, r.line) for r in found] == [
        (type(r).__name__, r.line) for r in expected
    ]
    for got, want in zip(found, expected, strict=True):
        assert vars(got) == vars(want), want.line


def test_the_long_bodies_are_whole(tokyo):
    """The regular expression that cuts the expected bodies found them, and they are long."""
    body = cdata_of("classic.xml", "100", "content:encoded")
    assert body.startswith("The water rose twice today")
    assert body.endswith('[tidewidget station="dover"]')
    assert "<!--more-->" in body
    assert cdata_of("classic.xml", "101", "content:encoded").endswith("<!-- /wp:code -->")


def test_wordpress_com_export_in_plain_text_and_https_namespaces():
    site, found = read("wordpress-com.xml")
    assert site == WxrSite(
        title="Canal Diary",
        link="https://canaldiary.wordpress.com",
        base_site_url="https://wordpress.com/",
        base_blog_url="https://canaldiary.wordpress.com",
        wxr_version="1.1",
    )
    assert found == [
        WxrAuthor("boatwright", "boat@example.com", "Bea Wright", "", "", line=10),
        WxrItem(
            post_id="9",
            title="Locks & weirs",  # an entity in plain text is decoded
            link="https://canaldiary.wordpress.com/2016/07/09/locks-and-weirs/",
            guid="http://canaldiary.wordpress.com/?p=9",
            creator="boatwright",
            content="Twelve locks before lunch, which is a record for us.\n\nTomorrow we rest.",
            excerpt="",
            post_date="2016-07-09 21:30:00",
            date=at(2016, 7, 9, 20, 30),
            slug="locks-and-weirs",
            raw_slug="locks-and-weirs",
            status="publish",
            post_type="post",
            parent_id="0",
            menu_order="",
            password="",
            is_sticky=False,
            comment_status="open",
            attachment_url="",
            terms=[("category", "journeys", "Journeys")],
            meta={},
            comments=[],
            line=11,
        ),
    ]


def test_constructs_export_items_in_order():
    """constructs.xml: its header, and each item's identity, place, dates, body and metadata."""
    site, found = read("constructs.xml")
    assert site == CLASSIC_SITE
    assert [
        (r.post_id, r.post_type, r.status, r.slug, r.parent_id, r.post_date, r.date, r.line)
        for r in found
    ] == [
        ("5", "attachment", "inherit", "a5", "200", "2019-03-14 09:00:00", at(2019, 3, 14, 9), 19),
        ("8", "attachment", "inherit", "a8", "200", "2019-03-14 09:00:00", at(2019, 3, 14, 9), 36),
        ("9", "attachment", "inherit", "a9", "200", "2019-03-14 09:00:00", at(2019, 3, 14, 9), 53),
        (
            "10",
            "attachment",
            "inherit",
            "a10",
            "200",
            "2019-03-14 09:00:00",
            at(2019, 3, 14, 9),
            70,
        ),
        ("7", "attachment", "inherit", "a7", "0", "2019-03-14 09:00:00", at(2019, 3, 14, 9), 87),
        (
            "300",
            "wp_block",
            "publish",
            "signature",
            "0",
            "2019-03-15 10:00:00",
            at(2019, 3, 15, 10),
            104,
        ),
        (
            "200",
            "post",
            "publish",
            "everything-classic",
            "0",
            "2019-03-15 10:00:00",
            at(2019, 3, 15, 10),
            125,
        ),
        (
            "201",
            "post",
            "publish",
            "everything-block-editor",
            "0",
            "2019-03-16 10:00:00",
            at(2019, 3, 16, 10),
            186,
        ),
        ("210", "page", "publish", "about", "0", "2019-03-10 10:00:00", at(2019, 3, 10, 10), 326),
    ]
    media = {"5": "harbour.jpg", "8": "quay.jpg", "9": "interview.mp3", "10": "launch.mp4"}
    media["7"] = "tide-tables.pdf"
    for record in found:
        assert record.content == cdata_of("constructs.xml", record.post_id, "content:encoded")
        name = media.get(record.post_id)
        assert record.attachment_url == (f"{UPLOADS}/{name}" if name else "")
        assert record.meta.get("_wp_attached_file") == (f"2019/03/{name}" if name else None)
    assert found[0].meta["_wp_attachment_image_alt"] == "Fishing boats moored at dawn"
    assert found[1].meta["_wp_attachment_image_alt"] == "The quay"
    assert [(c.comment_id, c.parent_id, c.ip, c.date) for c in found[-1].comments] == [
        ("901", "0", "192.0.2.10", at(2019, 3, 11, 8)),
        ("902", "901", "192.0.2.11", at(2019, 3, 11, 9)),
    ]
