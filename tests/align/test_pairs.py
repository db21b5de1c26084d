"""Pairing inside a story from soft evidence, top-k, sparse, only new pairs when asked."""

from __future__ import annotations

from claimdiff.align import measure_keys, pair_statements
from claimdiff.align.pairs import concept_keys, english_words
from claimdiff.config import AlignConfig
from claimdiff.facts import extract_facts
from claimdiff.records import Statement, Story
from claimdiff.text import TITLE_OFFSET
from tests.align.worlds import aliases, article, keys, lexicons, measures, statements_of

CONFIG = AlignConfig(top_k=2)

RELEASE = article(
    "rel",
    "original",
    "en",
    "Korvane today announced a battery plant in Incheon. "
    "Korvane will invest $1.35 billion in the plant. "
    "The plant will employ 660 workers. "
    "Production is expected to start in the second half of 2027.",
)


def _pairs(report, config=CONFIG, new=None):
    articles = [RELEASE, report]
    statements = statements_of(articles)
    story = Story("s1", tuple(a.article_id for a in articles))
    pairs = pair_statements(
        [story], statements, keys, config, measures, new_article_ids=new, aliases=aliases()
    )
    text = {s.statement_id: s.text for s in statements}
    return [(text[p.report_id], text[p.original_id], p) for p in pairs]


def _best(pairs, report_text):
    return next(o for r, o, _p in pairs if r == report_text)  # pairs come best first


def test_report_whose_only_number_changed_pairs_with_its_original():
    report = article("rep", "report", "ko", "코르바네는 이 공장에 15억 달러를 투자한다.", 2)
    pairs = _pairs(report)
    assert _best(pairs, report.text) == "Korvane will invest $1.35 billion in the plant."


def test_changed_head_count_pairs_through_the_measured_thing():
    report = article("rep", "report", "ja", "工場では760人を雇用する。", 2)
    pairs = _pairs(report)
    assert _best(pairs, report.text) == "The plant will employ 660 workers."


def test_english_report_pairs_by_words_without_numbers():
    report = article(
        "rep", "report", "en", "Production at the plant is expected to start late next year.", 2
    )
    assert _best(_pairs(report), report.text).startswith("Production is expected to start")


def test_each_report_statement_keeps_at_most_k():
    report = article(
        "rep",
        "report",
        "en",
        "Korvane's Incheon battery plant will employ 660 workers and cost $1.35 billion.",
        2,
    )
    pairs = _pairs(report, AlignConfig(top_k=1, pair_margin=0))
    assert len(pairs) == 1
    assert len(_pairs(report, AlignConfig(top_k=3, pair_margin=0))) > 1


def test_a_clear_best_original_is_the_only_one_kept():
    # the plant's workforce statement carries both the number and the counted noun; the other
    # statements share only the plant: below pair_margin of the best, they are not compared
    report = article("rep", "report", "en", "The new plant is set to employ 660 workers.", 2)
    pairs = _pairs(report, AlignConfig(top_k=3))
    assert [o for _r, o, _p in pairs] == ["The plant will employ 660 workers."]
    assert len(_pairs(report, AlignConfig(top_k=3, pair_margin=0, min_pair_score=0.05))) > 1


# a second release of the same day and city, by another company, in the same story (story
# grouping can join them: they share a city and a year)
OTHER_RELEASE = article(
    "rel2",
    "original",
    "ja",
    "ミルデン物流は仁川に物流センターを開設すると発表した。"
    "センターは2027年下半期に稼働し、480人を雇用する。"
    "投資額は9億ドルとなる。",
)


def _two_release_pairs(report):
    articles = [RELEASE, OTHER_RELEASE, report]
    statements = statements_of(articles)
    story = Story("s1", tuple(a.article_id for a in articles))
    pairs = pair_statements([story], statements, keys, CONFIG, measures, aliases=aliases())
    by_id = {s.statement_id: s for s in statements}
    return [(by_id[p.report_id].text, by_id[p.original_id]) for p in pairs]


def test_a_report_pairs_with_the_release_it_reports_on_not_the_other_one_in_its_story():
    report = article(
        "rep",
        "report",
        "ko",
        "코르바네가 인천에 배터리 공장을 짓는다. 코르바네는 이 공장에 13억5천만 달러를 투자한다. "
        "공장은 660명을 고용하며 2027년 하반기에 생산을 시작한다.",
        2,
    )
    pairs = _two_release_pairs(report)
    assert pairs and {o.article_id for _r, o in pairs} == {"rel"}
    # the sentence that shares the year and the second half with both releases too
    assert any(r.startswith("공장은 660명") for r, _o in pairs)


def test_without_article_affinity_the_other_release_is_compared_too():
    report = article(
        "rep",
        "report",
        "en",
        "Korvane is building a battery plant in Incheon. It will invest $1.35 billion there. "
        "The plant is to hire 660 workers and start production in the second half of 2027.",
        2,
    )
    config = AlignConfig(top_k=2, article_affinity=0, pair_margin=0)
    statements = statements_of([RELEASE, OTHER_RELEASE, report])
    story = Story("s1", ("rel", "rel2", "rep"))
    loose = pair_statements([story], statements, keys, config, measures, aliases=aliases())
    by_id = {s.statement_id: s for s in statements}
    assert "rel2" in {by_id[p.original_id].article_id for p in loose}
    assert {o.article_id for _r, o in _two_release_pairs(report)} == {"rel"}


def test_unrelated_statements_do_not_pair():
    report = article("rep", "report", "en", "Stocks in Tokyo closed lower on Friday.", 2)
    assert _pairs(report) == []


def test_only_pairs_with_new_articles_when_asked():
    report = article("rep", "report", "ko", "코르바네는 이 공장에 15억 달러를 투자한다.", 2)
    assert _pairs(report, new={"other"}) == []
    assert len(_pairs(report, new={"rep"})) == len(_pairs(report))


def test_pairs_do_not_depend_on_statement_order():
    report = article("rep", "report", "en", "The plant will have 660 workers from 2027.", 2)
    articles = [RELEASE, report]
    statements = statements_of(articles)
    story = Story("s1", ("rel", "rep"))
    first = pair_statements([story], statements, keys, CONFIG, measures)
    again = pair_statements([story], statements[::-1], keys, CONFIG, measures)
    assert first == again and first


def test_measure_keys_ignore_the_value():
    a = extract_facts("The plant will employ 660 workers.", "en", lexicons()).quantities
    b = extract_facts("工場では760人を雇用する。", "ja", lexicons()).quantities
    assert measure_keys(a) and measure_keys(b)


def test_bilingual_lexicon_concepts_meet_across_languages():
    assert "c:invest" in concept_keys("코르바네는 투자했다", "ko")
    assert "c:invest" in concept_keys("コルバネは投資した", "ja")
    assert "c:invest" in concept_keys("Korvane invested", "en")
    assert concept_keys("nothing here", "en") == set()


def test_english_words_drop_stopwords_and_plurals():
    assert english_words("The plants and the workers") == {"w:plant", "w:worker"}


# a story whose statements all name the studio and share no number with the report sentence:
# only the words say which one a report sentence restates
FILM_RELEASE = article(
    "film",
    "original",
    "en",
    "Studio Farel said its animated film drew 1.2 million viewers in its first week. "
    "Studio Farel has not decided on the production of a sequel. "
    "The film cost 900 million yen to make. "
    "Tickets sold out in 40 cities. "
    "Studio Farel will show the film in Europe next spring.",
)


def _film_pairs(original, report, config=CONFIG):
    statements = statements_of([original, report])
    story = Story("s1", (original.article_id, report.article_id))
    pairs = pair_statements([story], statements, keys, config, measures, aliases=aliases())
    by_id = {s.statement_id: s.text for s in statements}
    return [(by_id[p.report_id], by_id[p.original_id]) for p in pairs]


def test_japanese_paraphrase_without_a_shared_number_pairs_through_dictionary_glosses():
    report = article("rep", "report", "ja", "ファレル・スタジオは続編の制作を決めた。", 2)
    pairs = _film_pairs(FILM_RELEASE, report)
    assert pairs[0][1] == "Studio Farel has not decided on the production of a sequel."
    without = _film_pairs(FILM_RELEASE, report, AlignConfig(top_k=2, glosses=False))
    assert [o for _r, o in without] != [
        "Studio Farel has not decided on the production of a sequel."
    ]


def test_korean_paraphrase_pairs_through_the_sino_korean_reading():
    report = article("rep", "report", "ko", "스튜디오 파렐은 속편 제작을 확정했다.", 2)
    assert (
        _film_pairs(FILM_RELEASE, report)[0][1]
        == "Studio Farel has not decided on the production of a sequel."
    )


def test_english_report_of_a_japanese_original_pairs_through_the_original_glosses():
    original = article(
        "film",
        "original",
        "ja",
        "ファレル・スタジオは、アニメ映画の観客数が初週で120万人に達したと発表した。"
        "続編の制作は決まっていない。"
        "制作費は9億円だった。"
        "チケットは40都市で完売した。"
        "来春には欧州でも上映する。",
    )
    report = article(
        "rep", "report", "en", "Production of a sequel is already under way at Studio Farel.", 2
    )
    assert _film_pairs(original, report)[0][1] == "続編の制作は決まっていない。"


def _report_pairs(report, config):
    statements = statements_of([RELEASE, report])
    story = Story("s1", ("rel", report.article_id))
    pairs = pair_statements([story], statements, keys, config, measures, aliases=aliases())
    by_id = {s.statement_id: s.text for s in statements}
    return {(by_id[p.report_id], by_id[p.original_id]) for p in pairs}


def test_a_background_sentence_is_not_compared_with_an_original_the_report_restates_elsewhere():
    # the background shares only the currency with the original statement the
    # report's first sentence restates with its amount
    restated = "코르바네는 인천 배터리 공장에 13억 5천만 달러를 투자한다."
    background = "미국 업체들은 올해 90억 달러를 벌었다."
    report = article("rep", "report", "ko", f"{restated} {background}", 2)
    original = "Korvane will invest $1.35 billion in the plant."
    loose = _report_pairs(report, AlignConfig(original_margin=0))
    assert (restated, original) in loose and (background, original) in loose
    pairs = _report_pairs(report, AlignConfig())
    assert (restated, original) in pairs and (background, original) not in pairs


def _headline(a, text):
    """The article's headline as segmentation makes it: statement 0, no offsets."""
    return Statement(
        Statement.make_id(a.article_id, TITLE_OFFSET, TITLE_OFFSET, text),
        a.article_id,
        0,
        TITLE_OFFSET,
        TITLE_OFFSET,
        text,
        a.lang,
        a.role,
        text if a.lang == "en" else None,
    )


def _pairs_with_headlines(report, release_headline=None, report_headline=None, config=CONFIG):
    statements = statements_of([RELEASE, report])
    if release_headline:
        statements.insert(0, _headline(RELEASE, release_headline))
    if report_headline:
        statements.append(_headline(report, report_headline))
    story = Story("s1", ("rel", report.article_id))
    pairs = pair_statements([story], statements, keys, config, measures, aliases=aliases())
    by_id = {s.statement_id: s.text for s in statements}
    return [(by_id[p.report_id], by_id[p.original_id]) for p in pairs]


def test_a_report_statement_restating_the_release_pairs_with_its_body_not_its_headline():
    headline = "Korvane to invest $1.35 billion in Incheon battery plant"
    report = article(
        "rep", "report", "ko", "코르바네는 인천 배터리 공장에 13억5천만 달러를 투자한다.", 2
    )
    pairs = _pairs_with_headlines(report, release_headline=headline)
    assert (
        "코르바네는 인천 배터리 공장에 13억5천만 달러를 투자한다.",
        "Korvane will invest $1.35 billion in the plant.",
    ) in pairs
    assert headline not in {o for _r, o in pairs}


def test_a_report_headline_is_compared_with_what_its_body_restates_too():
    # the headline compresses the first sentence: it shares less with the release than the
    # body does, but it is the headline's own wording that a reviewer may need to see
    report = article(
        "rep", "report", "ko", "코르바네는 인천 배터리 공장에 13억5천만 달러를 투자한다.", 2
    )
    pairs = _pairs_with_headlines(report, report_headline="코르바네, 15억 달러 투자")
    assert ("코르바네, 15억 달러 투자", "Korvane will invest $1.35 billion in the plant.") in pairs


def test_an_original_statement_pairs_with_the_report_sentence_that_restates_it_not_its_echoes():
    # both report sentences share the plant and the workforce's measure with the original
    # statement; the one with its number restates it, the other only echoes it
    restated = "공장은 660명을 고용한다."
    echo = "지역에서는 공장 인력 확보가 과제로 꼽힌다."
    report = article("rep", "report", "ko", f"{restated} {echo}", 2)
    pairs = _report_pairs(report, AlignConfig())
    assert (restated, "The plant will employ 660 workers.") in pairs
    assert (echo, "The plant will employ 660 workers.") not in pairs


def test_english_name_words_meet_the_glosses_of_a_japanese_statement():
    original = article(
        "law", "original", "ja", "県は災害救助法の適用を検討している。けが人は12人だった。"
    )
    report = article(
        "rep", "report", "en", "The prefecture has applied the Disaster Relief Act.", 2
    )
    statements = statements_of([original, report])
    story = Story("s1", ("law", "rep"))
    pairs = pair_statements([story], statements, keys, CONFIG, measures, aliases=aliases())
    by_id = {s.statement_id: s.text for s in statements}
    assert [by_id[p.original_id] for p in pairs] == ["県は災害救助法の適用を検討している。"]
    # the words of a capitalised name, as their own keys (the name key already joins two
    # English statements)
    name_words = english_words("the Disaster Relief Act", names=True)
    assert {k[:2] for k in name_words} == {"W:"}
    assert {k[2:] for k in name_words} == {k[2:] for k in english_words("disaster relief act")}


def test_english_words_meet_across_inflections():
    assert english_words("Korvane invested heavily") == english_words("Korvane invests heavily")
    assert "w:invest" in english_words("the investment")


def test_a_korean_report_of_a_japanese_compound_pairs_through_its_sino_korean_words():
    # 導入検討 is one kanji run: only its words, read in Korean, meet 도입 and 검토
    original = article(
        "jp",
        "original",
        "ja",
        "同社は新型蓄電池の早期導入検討を進めている。工場の人員は120人だ。価格は未定だ。",
    )
    report = article("rep", "report", "ko", "이 회사는 신형 축전지를 조기 도입하기로 했다.", 2)
    statements = statements_of([original, report])
    story = Story("s1", ("jp", "rep"))
    pairs = pair_statements([story], statements, keys, CONFIG, measures, aliases=aliases())
    by_id = {s.statement_id: s.text for s in statements}
    assert by_id[pairs[0].original_id] == "同社は新型蓄電池の早期導入検討を進めている。"
