"""The query and index preparation behind Japanese search (no database needed)."""

from wagtail.search.query import And, Phrase, PlainText

from core.text import MAX_TERMS, build_query, cjk_index_text, clean_query, query_terms
from search.snippets import highlight


def test_index_text_holds_bigrams_in_order_then_each_character():
    assert cjk_index_text("「新日英同盟」 and 核") == "新日 日英 英同 同盟 新 日 英 同 盟 核"
    assert cjk_index_text("English only") == ""


def test_half_width_katakana_and_full_width_letters_are_normalised():
    assert cjk_index_text("ｶﾀｶﾅ") == "カタ タカ カナ カ タ ナ"
    assert clean_query("ｔｒｅａｔｙ", 200) == "treaty"


def test_japanese_query_becomes_bigrams_and_english_is_kept():
    query = build_query(clean_query("日英同盟 treaties", 200))

    assert isinstance(query, PlainText)
    assert query.query_string == "日英 英同 同盟 treaties"
    assert query.operator == "and"


def test_phrases_stay_phrases():
    query = build_query(clean_query('"防衛協力" navy', 200))

    assert isinstance(query, And)
    assert [type(q) for q in query.subqueries] == [Phrase, PlainText]
    assert query.subqueries[0].query_string == "防衛 衛協 協力"


def test_operators_and_markup_are_removed():
    assert clean_query("' OR 1=1; DROP TABLE x --", 200) == "OR 1 1 DROP TABLE x"
    assert clean_query("NEAR(a b) title:c *", 200) == "NEAR a b title c"
    assert clean_query("a\x00b", 200) == "a b"
    assert clean_query('"unbalanced', 200) == "unbalanced"
    assert build_query(clean_query("!?。、「」", 200)) is None


def test_length_and_term_count_are_capped():
    assert len(clean_query("word " * 100, 200)) <= 200
    many = build_query(clean_query("".join(chr(0x4E00 + n) for n in range(300)), 200))
    assert len(many.query_string.split()) == MAX_TERMS


def test_highlight_marks_stems_and_japanese_and_escapes():
    terms = query_terms(clean_query("treaty 同盟", 200))

    html = highlight("<b>The treaties</b> of the 日英同盟.", terms)

    assert html == "&lt;b&gt;The <mark>treaties</mark>&lt;/b&gt; of the 日英<mark>同盟</mark>."


def test_highlight_centres_on_a_late_match():
    text = "Opening words. " * 30 + "The alliance matters."

    html = highlight(text, ["alliance"], length=80)

    assert html.startswith("… ")
    assert "<mark>alliance</mark>" in html


def test_a_long_query_is_cut_at_the_last_whole_word():
    assert clean_query("ab cd", 5) == "ab cd"
    assert clean_query("alpha beta gamma", 12) == "alpha beta"
    assert clean_query("abcdefgh", 4) == "abcd"


def test_empty_phrases_are_dropped_and_phrases_trimmed():
    assert clean_query('a "" b', 200) == "a b"
    assert clean_query('"  x  " y', 200) == '"x" y'


def test_every_plain_word_must_match():
    query = build_query(clean_query("navy ships", 200))

    assert isinstance(query, PlainText)
    assert query.operator == "and"


def test_the_term_budget_is_shared_by_phrases_and_words():
    phrase = " ".join(f"p{n}" for n in range(20))
    words = " ".join(f"w{n}" for n in range(20))

    query = build_query(clean_query(f'"{phrase}" {words}', 400))

    assert isinstance(query, And)
    counts = [len(part.query_string.split()) for part in query.subqueries]
    assert counts == [20, MAX_TERMS - 20]


def test_query_terms_keep_phrases_whole():
    assert query_terms('"defence cooperation" navy') == ["defence cooperation", "navy"]
    assert query_terms('navy "" ships') == ["navy", "ships"]
