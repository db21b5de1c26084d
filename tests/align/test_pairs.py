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
    # no word of the seed lexicon here (決めた would be one): only the glosses of 続編 / 制作
    report = article("rep", "report", "ja", "ファレル・スタジオは続編の制作に入った。", 2)
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


# a release whose statements compete for the report's sentences: two mass figures, three
# years close to each other, the company's name everywhere
MILL = article(
    "mill",
    "original",
    "en",
    "Orlen Fiber will build a pulp mill in Gunsan with an annual capacity of 450,000 tonnes. "
    "The mill will cost 1.2 trillion won and is due to open in 2029. "
    "Orlen Fiber is in talks with two shipping lines about long-term freight contracts. "
    "A new drying line could cut drying times by two to three hours. "
    "The second phase would be finished in 2031, subject to financing. "
    "Output will start at 150,000 tonnes in 2029 and reach full capacity by 2032. "
    "Orlen Fiber already runs two mills in Finland.",
)


def _mill_pairs(*reports, original=MILL):
    statements = statements_of([original, *reports])
    story = Story("s1", tuple(a.article_id for a in (original, *reports)))
    pairs = pair_statements([story], statements, keys, CONFIG, measures, aliases=aliases())
    by_id = {s.statement_id: s.text for s in statements}
    return {(by_id[p.report_id], by_id[p.original_id]) for p in pairs}


def _sentence(text, start):
    return next(s for s in text.split(". ") if s.startswith(start)).rstrip(".") + "."


def test_a_report_that_rescales_the_unit_pairs_on_the_digits_it_kept():
    capacity = _sentence(MILL.text, "Orlen Fiber will build")
    ko = article(
        "ko", "report", "ko", "오를렌파이버는 군산에 연산 45만 kg 규모의 공장을 짓는다.", 2
    )
    ja = article(
        "ja", "report", "ja", "オルレン・ファイバーは年産45万キログラムの工場を群山に建てる。", 3
    )
    pairs = _mill_pairs(ko, ja)
    assert (ko.text, capacity) in pairs and (ja.text, capacity) in pairs
    # the other mass figure of the release has other digits
    output = _sentence(MILL.text, "Output will start")
    assert (ko.text, output) not in pairs and (ja.text, output) not in pairs


def test_a_short_sentence_whose_only_figure_changed_pairs_beside_the_one_restating_the_rest():
    # the report splits the cost-and-opening statement in two and moves the opening a year
    cost = _sentence(MILL.text, "The mill will cost")
    report = article(
        "rep", "report", "ko", "공장 건설비는 1조2천억 원이다. 공장은 2030년에 문을 연다.", 2
    )
    pairs = _mill_pairs(report)
    assert ("공장 건설비는 1조2천억 원이다.", cost) in pairs
    assert ("공장은 2030년에 문을 연다.", cost) in pairs


def test_talks_reported_as_a_signed_contract_pair_through_the_words_of_both_languages():
    talks = _sentence(MILL.text, "Orlen Fiber is in talks")
    ko = article("ko", "report", "ko", "오를렌은 해운사들과 장기 운송 계약을 체결했다.", 2)
    ja = article("ja", "report", "ja", "同社は海運会社と長期の輸送契約を結んだ。", 3)
    pairs = _mill_pairs(ko, ja)
    assert (ko.text, talks) in pairs and (ja.text, talks) in pairs


def test_a_commitment_change_without_numbers_pairs_from_korean_to_japanese_and_english():
    original = article(
        "bio",
        "original",
        "ko",
        "한울바이오는 충북 오송에 백신 공장을 짓는다. "
        "한울바이오는 유럽 제약사들과 위탁생산 계약을 논의하고 있다. "
        "회사는 아직 해외 공장 설립 여부를 결정하지 않았다. "
        "한울바이오의 직원 수는 1200명이다.",
    )
    talks, undecided = original.text.split(". ")[1:3]
    en = article(
        "en",
        "report",
        "en",
        "Hanul Bio has signed contract manufacturing deals with European drugmakers. "
        "The company has decided to set up a plant abroad.",
        2,
    )
    ja = article(
        "ja",
        "report",
        "ja",
        "ハヌルバイオは欧州の製薬会社と受託生産契約を締結した。同社は海外工場の設立を決めた。",
        3,
    )
    pairs = _mill_pairs(en, ja, original=original)
    en_signed, en_decided = en.text.split(". ")
    ja_signed, ja_decided = ja.text.split("。")[:2]
    assert (en_signed + ".", talks + ".") in pairs
    assert (en_decided, undecided + ".") in pairs
    assert (ja_signed + "。", talks + ".") in pairs
    assert (ja_decided + "。", undecided + ".") in pairs


def test_english_number_words_pair_with_digits():
    drying = _sentence(MILL.text, "A new drying line")
    report = article("rep", "report", "ko", "새 건조 설비는 건조 시간을 2~3시간 줄인다.", 2)
    assert (report.text, drying) in _mill_pairs(report)


def test_a_dropped_condition_with_a_moved_year_pairs_with_the_conditional_statement():
    phase = _sentence(MILL.text, "The second phase")
    report = article("rep", "report", "ja", "第2期は資金調達にかかわらず2030年に完成する。", 2)
    assert (report.text, phase) in _mill_pairs(report)


def test_measure_keys_keep_what_a_changed_figure_still_shares():
    def of(text, lang):
        facts = extract_facts(text, lang, lexicons())
        return measure_keys(facts.quantities, facts.dates)

    # the digits within a family, whatever the scale of the unit
    assert "~d:mass:45" in of("450,000 tonnes", "en") & of("45만 kg", "ko")
    # neighbouring years and months, and what a date gives
    assert of("in 2031", "en") & of("2032年に", "ja")
    assert {"t:month", "t:rel_year+1"} <= of("来年4月に", "ja") & of("내년 2월에", "ko")
    assert "t:month5" in of("5월에", "ko") & of("in May", "en")
    # a range's ends whatever the unit read
    assert "~r:2-3" in of("two to three weeks", "en") & of("2~3주", "ko")
    assert not {k for k in of("in 2031", "en") & of("in 2035", "en") if k[:1] == "~"}


def test_concepts_of_one_field_meet_when_the_report_changed_the_word():
    assert "c:change" in concept_keys("exports rose", "en") & concept_keys("輸出は減少した", "ja")
    assert "c:dealmaking" in concept_keys("in talks", "en") & concept_keys("계약을 체결했다", "ko")
    assert "c:increase" not in concept_keys("輸出は減少した", "ja")
