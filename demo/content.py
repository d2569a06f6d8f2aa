"""The demo site's words: the seed blog's structure and topics, written afresh for this project.

Titles and dates are the old blog's facts; every body is new text. Quotations are
from the 1902 Anglo-Japanese Agreement, which is in the public domain.
"""

TREATY_1902 = (
    "The Governments of Great Britain and Japan, actuated solely by a desire to maintain "
    "the status quo and general peace in the extreme East…"
)
TREATY_SOURCE = "Anglo-Japanese Agreement, 30 January 1902"

SITE_NAME = "Britain and Japan"

HOME = {
    "title": "Britain and Japan",
    "tagline": "Notes on British-Japanese strategic relations",
    "introduction": (
        "<p>Commentary and reading notes on how the United Kingdom and Japan are rebuilding "
        "a security partnership, a century after their first alliance ended.</p>"
    ),
}
HOME_JA = {
    "title": "英国と日本",
    "tagline": "日英の戦略的関係をめぐる覚え書き",
    "introduction": (
        "<p>最初の同盟の終わりから一世紀を経て、英国と日本が安全保障上の協力をどのように"
        "築き直しているのかを論評と読書ノートで追います。</p>"
    ),
}
BLOG = {
    "title": "Blog",
    "slug": "blog",
    "introduction": "<p>Every post, newest first.</p>",
}
BLOG_JA = {"title": "ブログ", "introduction": "<p>すべての記事を新しい順に掲載しています。</p>"}

CATEGORIES = [
    {
        "slug": "uncategorized",
        "title": "Uncategorized",
        "title_ja": "未分類",
        "description": "<p>Posts not yet filed anywhere more specific.</p>",
        "description_ja": "<p>まだ分類されていない記事。</p>",
    },
    {
        "slug": "defence-cooperation",
        "title": "Defence cooperation",
        "title_ja": "防衛協力",
        "description": "<p>Exercises, equipment and agreements between the two armed forces.</p>",
        "description_ja": "<p>両国の部隊による共同訓練、装備、協定。</p>",
    },
    {
        "slug": "strategy",
        "title": "Strategy",
        "title_ja": "戦略",
        "description": "<p>Alliances, partnerships and the balance between continent and ocean.</p>",
        "description_ja": "<p>同盟、パートナーシップ、そして大陸と海洋の均衡。</p>",
    },
]

AUTHOR = {"name": "Editorial team"}

# Block bodies in StreamField's raw form; "image:NAME" values are replaced by the demo images.
POSTS = [
    {
        "slug": "global-britains-alliance-with-japan-remember-nomonhan",
        "title": "Global Britain’s Alliance with Japan: Remember Nomonhan",
        "date": "2018-01-22 10:15",
        "categories": ["uncategorized", "strategy"],
        "tags": ["Brexit", "Alliances", "History"],
        "body": [
            (
                "paragraph",
                "<p>Two short papers in the East-West Center's <i>Asia Pacific Bulletin</i> ask where the British-Japanese partnership goes next. Read together, they recall a dilemma as old as both island states: how to balance duties on the continent next door against partners across the ocean.</p>",
            ),
            (
                "paragraph",
                "<p>For London the continent now means rebuilding security ties with the European Union after Brexit, while America's long turn towards Asia loosens the old certainty that NATO settles every question. Closer defence work with Tokyo is one answer to that drift.</p>",
            ),
            ("heading", {"text": "Two readings of the partnership", "level": "h2"}),
            (
                "paragraph",
                "<p>Michito Tsuruoka of Keio University worries that Britain, busy with Europe, will have little left for Asia, and proposes a standing format that brings Japan, the EU and the UK together, for instance on the edges of G7 or G20 meetings. He also asks Tokyo to take a wider view of its own role in Europe and its neighbourhood.</p>",
            ),
            (
                "paragraph",
                '<p>John Hemmings of the Henry Jackson Society looks instead at what the "quasi-alliance" can do for the liberal international order, and at a possible trilateral with the United States. He sees three motives behind it:</p>',
            ),
            (
                "list",
                [
                    "<p>answering Russian and Chinese pressure on the existing order;</p>",
                    "<p>sharing the cost of defence industry through joint programmes, exports and closer intelligence and cyber work;</p>",
                    "<p>laying the ground for a three-way partnership with Washington.</p>",
                ],
            ),
            ("more", None),
            ("heading", {"text": "What Nomonhan teaches", "level": "h2"}),
            (
                "paragraph",
                "<p>Stuart D. Goldman's history of the 1939 battle of Nomonhan shows how a Soviet victory on a remote border helped push Japan to strike south instead of north. The lesson for both countries today is that continental and maritime commitments support each other; the danger lies in neglecting either.</p>",
            ),
            (
                "quote",
                {
                    "text": f"<p>{TREATY_1902}</p>",
                    "attribution": "Preamble",
                    "source_title": TREATY_SOURCE,
                    "source_url": "",
                },
            ),
            (
                "paragraph",
                '<p>Can a "Global Britain" find the energy for Europe, NATO and Japan at once? And can Japan manage China and North Korea while still contributing further afield? Those are the questions this blog will keep returning to.</p>',
            ),
        ],
    },
    {
        "slug": "uk-japan-move-closer-army-exercises-2018",
        "title": "British Army and Japan’s Ground Self-Defence Force to train side by side in Japan in 2018",
        "date": "2017-12-18 09:30",
        "categories": ["uncategorized", "defence-cooperation"],
        "tags": ["Exercises", "2+2 meeting"],
        "body": [
            (
                "paragraph",
                "<p>After working together at sea, in the air and on cyber security ahead of the Tokyo Olympics, the two countries are now adding land forces to the list: British soldiers are due to train alongside the Ground Self-Defense Force in Japan.</p>",
            ),
            (
                "paragraph",
                '<p>The announcement followed the third "2+2" meeting of foreign and defence ministers, held at the Old Royal Naval College in Greenwich on 14 December 2017.</p>',
            ),
            ("more", None),
            (
                "paragraph",
                "<p>Ministers also discussed equipment programmes and closer cooperation on maritime security in the Indo-Pacific. The joint exercise would be the first of its kind on Japanese soil with a European army.</p>",
            ),
            (
                "embed",
                {
                    "embed": "https://www.youtube.com/watch?v=8vXoI7lUroQ",
                    "caption": "Video: ministers meet in Greenwich",
                },
            ),
        ],
    },
    {
        "slug": "uk-japan-joint-development-air-to-air-missile",
        "title": "Britain and Japan aim for a jointly built air-to-air missile prototype by 2018",
        "date": "2017-11-30 19:44",
        "categories": ["uncategorized", "defence-cooperation"],
        "tags": ["Defence industry", "Meteor"],
        "body": [
            (
                "paragraph",
                "<p>Engineers from both countries aim to have a prototype of a new air-to-air missile ready by 2018, pairing a British missile design with Japanese seeker technology.</p>",
            ),
            (
                "image",
                {
                    "image": "image:missile",
                    "alt_text": "Diagram of a missile's outline over the flags' colours",
                    "caption": "An illustration made for this demo site",
                    "credit": "Demo content",
                },
            ),
            (
                "paragraph",
                "<p>It is one of the first joint weapons programmes Japan has undertaken with a partner other than the United States.</p>",
            ),
        ],
    },
    {
        "slug": "japan-britain-deepen-alliance-visiting-forces-agreement",
        "title": "A new Visiting Forces Agreement to deepen the Japan–Britain “alliance”",
        "date": "2017-11-25 08:00",
        "categories": ["uncategorized", "defence-cooperation"],
        "tags": ["Alliances", "Visiting Forces Agreement"],
        "translate": True,
        "body": [
            (
                "paragraph",
                "<p>According to The Japan News, the two governments may open talks next year on a visiting forces agreement.</p>",
            ),
            (
                "quote",
                {
                    "text": "<p>Such an agreement would settle the legal standing of either country's troops while they train, help after disasters or take part in other activities on the other's territory.</p>",
                    "attribution": "Summary of the report",
                    "source_title": "The Japan News",
                    "source_url": "https://japannews.yomiuri.co.jp/",
                },
            ),
            ("paragraph", "<p>Japan has signed such an agreement only with Australia so far.</p>"),
        ],
        "translation": {
            "title": "日英、新たな訪問部隊地位協定で「同盟」を深化へ",
            "excerpt": "",
            "strings": {
                "<p>According to The Japan News, the two governments may open talks next year on a visiting forces agreement.</p>": "<p>ジャパンニューズによると、両政府は来年にも訪問部隊地位協定の交渉を始める可能性がある。</p>",
                "<p>Such an agreement would settle the legal standing of either country's troops while they train, help after disasters or take part in other activities on the other's territory.</p>": "<p>この協定は、一方の国の部隊が相手国の領域で訓練や災害救援などに当たる際の法的地位を定めるものだ。</p>",
                "Summary of the report": "報道の要約",
                "<p>Japan has signed such an agreement only with Australia so far.</p>": "<p>日本がこうした協定を結んだ相手は、これまでオーストラリアだけだ。</p>",
            },
        },
    },
    {
        "slug": "are-strategic-partners-the-new-allies",
        "title": "Are ‘strategic partners’ the new ‘allies’?",
        "date": "2017-10-20 14:05",
        "categories": ["uncategorized", "strategy"],
        "tags": ["Alliances", "Strategic partnership"],
        "body": [
            (
                "paragraph",
                "<p>Writing in The Hindu, Rajesh Basrur and Sumitha Narayanan Kutty argue that the old goal of becoming a formal ally may be out of date in a world where rivals are also each other's biggest customers.</p>",
            ),
            (
                "paragraph",
                "<p>Their point matters for Britain and Japan too. As they see it, a strategic partnership differs from an alliance in three ways:</p>",
            ),
            (
                "numbered_list",
                [
                    "<p>partners are not bound to take sides in each other's quarrels, so both can keep dealing with a common rival;</p>",
                    "<p>that freedom keeps each partner from being <i>entrapped</i> in the other's conflicts;</p>",
                    "<p>frequent meetings of leaders and officers let them coordinate across trade, diplomacy and defence.</p>",
                ],
            ),
            ("more", None),
            (
                "paragraph",
                "<p>Whether the British-Japanese relationship is an alliance in all but name, or a partnership that is better for not being one, is a question worth keeping open.</p>",
            ),
        ],
    },
    {
        "slug": "james-bonds-secret-mission-anglo-japanese-alliance",
        "title": "Peter Tasker on James Bond and reviving the Anglo-Japanese Alliance",
        "date": "2017-09-15 11:20",
        "categories": ["uncategorized"],
        "tags": ["Culture", "Alliances"],
        "body": [
            (
                "paragraph",
                "<p>Peter Tasker starts from <i>You Only Live Twice</i>, in which Bond goes undercover in Japan, and asks what Ian Fleming's story says about a partnership that has outlived the empire that wrote it.</p>",
            ),
            (
                "image",
                {
                    "image": "image:bond",
                    "alt_text": "Stylised skyline of Tokyo at dusk",
                    "caption": "Tokyo, where Fleming sent his hero in 1964",
                    "credit": "Demo content",
                },
            ),
            (
                "quote",
                {
                    "text": f"<p>{TREATY_1902}</p>",
                    "attribution": "",
                    "source_title": TREATY_SOURCE,
                    "source_url": "",
                },
            ),
        ],
    },
]

# The entry the old blog published in Japanese only: it lives in the Japanese tree with no English source.
JAPANESE_POST = {
    "slug": "shin-nichiei-domei",
    "title": "「新日英同盟」軍事的急接近の背後にあるものとは 英識者が指摘するニーズの一致",
    "date": "2018-01-10 18:30",
    "categories": ["uncategorized"],
    "tags": ["日英同盟"],
    "body": [
        (
            "paragraph",
            "<p>英国の専門家によれば、日英の防衛協力が急速に進む背景には、両国の必要が重なっているという事情がある。</p>",
        ),
        (
            "paragraph",
            "<p>英国は欧州連合からの離脱後の役割を世界に示したい。日本は米国以外にも頼れる安全保障上の相手を求めている。</p>",
        ),
        (
            "embed",
            {"embed": "https://www.youtube.com/watch?v=IxzG2wVj2fE", "caption": "関連動画（英語）"},
        ),
    ],
}
