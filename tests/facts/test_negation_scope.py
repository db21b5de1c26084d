"""A negation flip needs the negated predicate on both sides: a report that leaves out a negated
clause is not a flip. Sentences written for this test, none from the fixtures or the dev sets."""

from __future__ import annotations

import pytest

from claimdiff.checks.apply import compare_statements
from claimdiff.config import FactsConfig
from claimdiff.facts import extract_facts, load_lexicons
from claimdiff.facts.extract import content_terms, negation_scope_terms
from tests.facts.statements import st

LEXICONS = load_lexicons()
CONFIG = FactsConfig()


def _kinds(original: str, report: str, lang: str, report_lang: str | None = None, **english):
    o = st(original, lang, "original", text_en=english.get("original_en"))
    r = st(report, report_lang or lang, "report", text_en=english.get("report_en"))
    return {c.kind for c in compare_statements(o, r, LEXICONS, CONFIG)}


@pytest.mark.parametrize(
    ("original", "report", "lang"),
    [
        ("The ministry will not raise the fuel tax next year.", "The ministry will raise the fuel tax next year.", "en"),
        ("Exports did not rise in October, the agency said.", "Exports rose in October, the agency said.", "en"),
        ("We will not let anybody have them other than the United States.", "We will let our allies have them.", "en"),
        ("The court has never approved such a merger.", "The court approved the merger on Friday.", "en"),
        ("정부는 내년에 유류세를 인상하지 않기로 했다.", "정부는 내년에 유류세를 인상하기로 했다.", "ko"),
        ("시는 새 공항 건설 계획이 없다고 밝혔다.", "시는 새 공항 건설 계획을 밝혔다.", "ko"),
        ("政府は来年、燃料税を引き上げない方針だ。", "政府は来年、燃料税を引き上げる方針だ。", "ja"),
        ("同社は新工場の建設を見送った。", "同社は新工場の建設を決めた。", "ja"),
    ],
)  # fmt: skip
def test_a_negated_predicate_that_the_other_side_affirms_is_a_flip(original, report, lang):
    assert "negation_flipped" in _kinds(original, report, lang)
    assert "negation_flipped" in _kinds(report, original, lang)  # either direction


@pytest.mark.parametrize(
    ("original", "report", "lang"),
    [
        # the negated clause is left out, the rest reported faithfully
        ("The bank, which did not comment, raised its key rate to 3.5%.", "The bank raised its key rate to 3.5%.", "en"),
        ("Although talks have not resumed, the union called off Friday's strike.", "The union called off Friday's strike.", "en"),
        ("You don't have to stay there.", "You can leave.", "en"),
        ("회사는 구체적인 일정을 밝히지 않았지만 공장 건설을 추진한다고 말했다.", "회사는 공장 건설을 추진한다고 말했다.", "ko"),
        ("그는 사고 원인에 대해 언급하지 않은 채 피해자 가족에게 사과했다.", "그는 피해자 가족에게 사과했다.", "ko"),
        ("同社は具体的な日程を明らかにしなかったが、工場建設を進めると述べた。", "同社は工場建設を進めると述べた。", "ja"),
        # a word that only contains a negation-like syllable: 동안 (during), 잘못 (a mistake)
        ("그는 런던에서 한 학기 동안 공부했다.", "그는 런던에서 한 학기 공부했다.", "ko"),
        ("회사는 회계 처리에 잘못이 있었다고 밝혔다.", "회사는 회계 처리에 문제가 있었다고 밝혔다.", "ko"),
    ],
)  # fmt: skip
def test_leaving_out_a_negated_clause_is_not_a_flip(original, report, lang):
    assert "negation_flipped" not in _kinds(original, report, lang)


def test_across_languages_the_english_decides_and_without_it_the_flip_stands():
    original = "Helion will not build a chip factory in Texas."
    report = "헬리온은 텍사스에 반도체 공장을 짓는다."
    kinds = _kinds(
        original,
        report,
        "en",
        "ko",
        original_en=original,
        report_en="Helion will build a chip plant in Texas.",
    )
    assert "negation_flipped" in kinds
    # the English shows the report only left out a negated clause
    original = "Helion, which did not comment on costs, will open a plant in Texas."
    kinds = _kinds(
        original,
        report,
        "en",
        "ko",
        original_en=original,
        report_en="Helion will open a plant in Texas.",
    )
    assert "negation_flipped" not in kinds
    # no English for the report (checks-only mode): nothing to rule the flip out with
    assert "negation_flipped" in _kinds(original, report, "en", "ko", original_en=original)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("They did not visit the family.", "en", {"visit", "famili"}),
        ("엔비디아는 GPU를 공급하지 않는다.", "ko", {"공급"}),
        ("工場を建設しない。", "ja", {"建設"}),
        ("There is no doubt that prices rose.", "en", set()),  # an exclusion, not a negation
    ],
)
def test_scope_terms(text, lang, expected):
    terms = negation_scope_terms(text, LEXICONS[lang])
    assert expected <= terms if expected else not terms
    # a key's parts ("want+stay") are terms of the text
    parts = {part for key in terms for part in key.split("+")}
    assert parts <= content_terms(text, LEXICONS[lang])


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        # double negation affirms (litotes)
        ("Delays of this kind are not unusual at the port.", False),
        ("The merger is no secret to the bank's rivals.", False),
        ("The vote did not pass without objections.", True),  # "did not pass" still negates
        ("The plan was approved, not without objections.", False),
        # constituent (contrastive) negation denies a phrase, not the predicate
        ("The subsidy goes not to the producers but to the buyers.", False),
        ("The growth was broad, not narrow, the bank said.", False),
        ("The council did not approve the plan but sent it back.", True),
        # contractions without the apostrophe, and negative pronouns
        ("The ministry didnt comment on the report.", True),
        ("Nothing was decided at the meeting.", True),
        ("The firm stopped shipping to the region in May.", True),
        ("The board failed to agree on a chair.", True),
    ],
)  # fmt: skip
def test_english_polarity_rules(text, negated):
    assert extract_facts(text, "en", LEXICONS).negated is negated


def test_a_question_asserts_no_polarity():
    question = "Why did the council not approve the plan?"
    assert extract_facts(question, "en", LEXICONS).question
    assert "negation_flipped" not in _kinds(question, "The council approved the plan.", "en")
    assert "negation_flipped" in _kinds(
        "The council did not approve the plan.", "The council approved the plan.", "en"
    )


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Why did the council not approve the plan?", True),
        ("Is it not strange? Nobody asked why?", True),
        ("The council did not approve it. Did anyone ask?", False),
        ("왜 시의회는 계획을 승인하지 않았나?", True),
        ("なぜ計画を承認しなかったのか？", True),
        ("The council approved the plan.", False),
    ],
)
def test_questions(text, question):
    from claimdiff.facts.extract import is_question

    assert is_question(text) is question


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("그것은 제 책임이 아닙니다.", True),  # the polite 아닙니다
        ("그는 오세아니아 지역을 담당한다.", False),  # 아니 inside a word
        ("아니, 나는 어제 집에 있었어.", False),  # the interjection
        ("회의는 예고 없이 열렸다.", False),  # 없이 (without) negates no predicate
        ("날씨가 정말 안 좋아요.", True),
        ("문제는 비용만이 아니다.", False),  # not only
    ],
)
def test_korean_negation_markers(text, negated, lexicons) -> None:
    assert extract_facts(text, "ko", lexicons).negated is negated, text


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        # a comparison is no negation of the predicate
        ("This year's harvest is not as large as last year's.", False),
        ("The new model isn't as heavy as the old one.", False),
        ("There is nothing cheaper than the bus.", False),
        # "not ... until" sets a time: the line opens in 2027
        ("The rail line will not open until 2027.", False),
        ("Oh no but they did come.", False),  # the interjection
        # a lexical negation before its noun is an attribute, not the predicate
        ("The cancelled flights were rebooked.", False),
        ("The airline cancelled two flights.", True),
    ],
)
def test_english_non_predicate_negation(text, negated, lexicons) -> None:
    assert extract_facts(text, "en", lexicons).negated is negated, text


@pytest.mark.parametrize(
    ("original", "report", "flipped"),
    [
        # an implicit negative says with other words what the negation says
        (
            "The stage is invisible from the back rows.",
            "You cannot see the stage from the back rows.",
            False,
        ),
        (
            "There is a shortage of nurses in the region.",
            "The region does not have enough nurses.",
            False,
        ),
        ("The museum opened a new wing.", "The museum did not open a new wing.", True),
    ],
)
def test_implicit_negatives_are_no_flip(original, report, flipped, lexicons) -> None:
    found = {
        r.kind
        for r in compare_statements(
            st(original, "en"), st(report, "en", role="report"), lexicons, FactsConfig()
        )
    }
    assert ("negation_flipped" in found) is flipped


def test_an_implicit_negative_added_to_the_lexicon_changes_the_verdict(tmp_path) -> None:
    original, report = "Supplies of the drug are scarce.", "There is not enough of the drug."
    config = FactsConfig()

    def flipped(lexicons) -> bool:
        results = compare_statements(
            st(original, "en"), st(report, "en", role="report"), lexicons, config
        )
        return "negation_flipped" in {r.kind for r in results}

    assert flipped(load_lexicons())
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "negation.yaml").write_text("implicit: ['\\bscarce\\b']\n", encoding="utf-8")
    assert not flipped(load_lexicons(tmp_path))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("A strike is unlikely before the holidays.", "en"),
        ("年内に着工する可能性は低い。", "ja"),
        ("연내 착공 가능성은 낮다.", "ko"),
        ("Many users discontinued the service last year.", "en"),
    ],
)
def test_low_likelihood_and_discontinuing_negate(text, lang, lexicons) -> None:
    assert extract_facts(text, lang, lexicons).negated, text


@pytest.mark.parametrize(
    ("text", "lang", "negated"),
    [
        ("어제 일은 기억이 안 나.", "ko", True),
        # the inability adjective before its noun is a relative clause
        ("그는 말로 다 할 수 없는 고생을 했다.", "ko", False),
        ("결과를 알 수 없는 것 같다.", "ko", True),
        # neg-raising: the negation is read on the clause it governs
        ("I don't think the shop is open.", "en", True),
    ],
)
def test_relative_clause_and_neg_raising(text, lang, negated, lexicons) -> None:
    assert extract_facts(text, lang, lexicons).negated is negated, text


# --- the negated predicate (negation.scope.predicate) ------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "key"),
    [
        # English: the first content word after the marker, past adverbs and polarity items
        ("The port did not really reopen last week.", "en", "reopen"),
        ("Nobody ever signed the petition.", "en", "sign"),
        # a verb with a to-complement takes it along; an implicative verb is read through
        ("The mayor did not want to resign.", "en", "want+resign"),
        ("The crew did not bother to inspect the valve.", "en", "inspect"),
        # neg-raising: what is thought is negated
        ("I don't believe the bridge will close.", "en", "bridg"),
        # Korean: the verb root before -지 않다 / -지 못하다, fused forms included
        ("선수는 공을 잡지 못했다.", "ko", "v:잡"),
        ("그는 편지를 끝내 읽지 않았다.", "ko", "v:읽"),
        # a predicate noun (X하다), an auxiliary read through to its main verb
        ("공장은 부품을 생산하지 않는다.", "ko", "생산"),
        ("아이들은 집에 돌아가고 싶지 않았다.", "ko", "v:돌아가"),
        ("벽화는 지금 남아 있지 않다.", "ko", "v:남"),
        # 없다 after a noun, past negative polarity items; bound nouns lead to the verb
        ("회의에 온 기자는 아무도 없었다.", "ko", "기자"),
        ("그 배는 항구에 들어간 적이 없다.", "ko", "v:들어가"),
        ("시민들은 투표할 수 없었다.", "ko", "투표"),
        # the verb after the pre-verbal 안 / 못
        ("동생은 아침을 안 먹었다.", "ko", "v:먹"),
        # neg-raising: 회사라고 생각하지 않는다 negates 회사(이다)
        ("나는 그것이 실수라고 생각하지 않는다.", "ko", "실수"),
    ],
)  # fmt: skip
def test_the_negated_predicate(text, lang, key):
    assert key in negation_scope_terms(text, LEXICONS[lang])


@pytest.mark.parametrize(
    ("original", "report", "lang", "flipped"),
    [
        # the predicate is said on the other side in another form: a flip
        ("선수는 공을 잡지 못했다.", "선수는 공을 잡았다.", "ko", True),
        ("동생은 아침을 안 먹었다.", "동생은 아침을 먹고 학교에 갔다.", "ko", True),
        ("회의에 온 기자는 아무도 없었다.", "회의에 온 기자가 많이 있었다.", "ko", True),
        ("The mayor did not want to resign.", "The mayor wanted to resign.", "en", True),
        # another verb with the same complement: no flip ("did not want to stay" / "wanted to leave")
        ("The crew did not want to stay on board.", "The crew wanted to leave the ship.", "en", False),
        # a question on the other side asserts nothing
        ("The river did not flood this spring.", "Why did the river flood this spring?", "en", False),
        # neg-raising on one side, a plain negation on the other: the same polarity
        ("I don't think the ferry runs on Sundays.", "The ferry does not run on Sundays.", "en", False),
        ("나는 그것이 실수라고 생각하지 않는다.", "나는 그것이 계획이라고 생각한다.", "ko", False),
        # an implicit negative in the main clause says what the negation says
        ("그는 답을 알지 못했다.", "그는 답을 몰랐다.", "ko", False),
        ("주민들은 제때 대피하지 못했다.", "주민들의 대피가 늦었다.", "ko", False),
    ],
)  # fmt: skip
def test_flips_bound_to_the_predicate(original, report, lang, flipped):
    assert ("negation_flipped" in _kinds(original, report, lang)) is flipped


@pytest.mark.parametrize(
    ("text", "lang", "negated"),
    [
        # "not necessarily" hedges, a conditional with "without" affirms what it needs
        ("Higher prices will not necessarily reduce demand.", "en", False),
        ("The engine would not start without the key.", "en", False),
        ("Don't you, by any chance, have a spare key?", "en", False),
        ("We don't sell as many cars as we did last year.", "en", False),
        # Korean double negation, comparison, only, hardly, contrastive 아니라
        ("허가 없이는 공사를 시작하지 않는다.", "ko", False),
        ("정부는 금리를 올리지 않을 수 없었다.", "ko", False),
        ("올해는 작년만큼 수출하지 않았다.", "ko", False),
        ("행사에는 열 명밖에 오지 않았다.", "ko", False),
        ("그는 돈을 거의 쓰지 않았다.", "ko", False),
        ("책임은 정부가 아니라 회사에 있다.", "ko", False),
        ("공장에서는 지난달 생산 중단이 있었다.", "ko", False),
        # still negations
        ("그는 내일 안 갈 거야.", "ko", True),
        ("정부는 금리를 올리지 않았다.", "ko", True),
    ],
)  # fmt: skip
def test_polarity_constructions(text, lang, negated):
    assert extract_facts(text, lang, LEXICONS).negated is negated, text


@pytest.mark.parametrize(
    ("text", "lang", "negated"),
    [
        # 未 / 미 before a verbal noun is a lexical negation (not yet decided, not disclosed)
        ("工事の開始時期は未定だ。", "ja", True),
        ("買収額は未公表となっている。", "ja", True),
        ("착공 시기는 아직 미정이다.", "ko", True),
        ("미국 정부는 관세를 올렸다.", "ko", False),  # 미 of 미국
        ("未来の工場を建設した。", "ja", False),  # 未来 (the future)
        # ゼロ inside a katakana compound is a name, not zero
        ("同社はゼロエミッション船を建造した。", "ja", False),
    ],
)  # fmt: skip
def test_not_yet_prefixes_and_look_alikes(text, lang, negated):
    assert extract_facts(text, lang, LEXICONS).negated is negated, text


def test_an_under_participle_says_what_a_negation_says():
    assert extract_facts(
        "The risk is under-recognised by regulators.", "en", LEXICONS
    ).implicit_negative
    assert "negation_flipped" not in _kinds(
        "Regulators do not sufficiently recognise the risk.",
        "The risk is underappreciated by regulators.",
        "en",
    )


@pytest.mark.parametrize(
    ("original", "report", "lang", "flipped"),
    [
        # a negative pronoun as the object negates the verb before it
        ("The drill finds nothing below the ice.", "The drill finds oil below the ice.", "en", True),
        # "never" with a bound noun: the place the verb goes to is the argument
        ("그 선수는 올림픽에 나간 적이 없다.", "그 선수는 지난 올림픽에서 금메달을 땄다.", "ko", True),
        # a polarity item before 없다 is read past: the subject is what is denied
        ("그 섬에는 병원이 어디에도 없다.", "그 섬에는 병원이 두 곳 있다.", "ko", True),
    ],
)  # fmt: skip
def test_arguments_of_the_negated_predicate(original, report, lang, flipped):
    assert ("negation_flipped" in _kinds(original, report, lang)) is flipped


# a lexical negative (dis-, un-, refuse; 반대하다, 反対する, 不-) and an analytic negation of
# the same predicate in another language say one thing: no flip either way round; the
# analytic negation against a plain affirmative stays a flip
@pytest.mark.parametrize(
    ("original", "o_lang", "report", "r_lang", "flipped"),
    [
        ("시의회는 예산안에 동의하지 않았다.", "ko", "The council disagreed with the budget.", "en", False),
        ("The minister disagrees with the ruling.", "en", "大臣はその判決に同意していない。", "ja", False),
        ("規制当局は合併を認めなかった。", "ja", "Regulators disapproved the merger.", "en", False),
        ("Voters disliked the new logo.", "en", "유권자들은 새 로고를 좋아하지 않았다.", "ko", False),
        ("The crew was unable to reach the summit.", "en", "대원들은 정상에 오르지 못했다.", "ko", False),
        ("The firm refused the offer.", "en", "会社はその提案を受け入れなかった。", "ja", False),
        ("주민들은 이전 계획에 반대했다.", "ko", "Residents did not back the relocation plan.", "en", False),
        ("組合は賃上げ案に反対した。", "ja", "The union did not accept the wage offer.", "en", False),
        ("The council agreed with the budget.", "en", "시의회는 예산안에 동의하지 않았다.", "ko", True),
        ("大臣はその判決に同意した。", "ja", "The minister did not agree with the ruling.", "en", True),
    ],
)  # fmt: skip
def test_lexical_and_analytic_negatives_meet(original, o_lang, report, r_lang, flipped):
    assert ("negation_flipped" in _kinds(original, report, o_lang, r_lang)) is flipped


# "not ... until" sets a time; against a side that negates the same predicate (…까지 …지
# 않는다, …まで…しない) or affirms it at that time, neither is a flip: the exception holds
# whichever side carries it
@pytest.mark.parametrize(
    ("original", "o_lang", "report", "r_lang"),
    [
        ("Exports will not recover until 2027.", "en", "수출은 2027년까지 회복되지 않을 것이다.", "ko"),
        ("수출은 2027년까지 회복되지 않을 것이다.", "ko", "Exports will not recover until 2027.", "en"),
        ("The bridge won't reopen until the spring.", "en", "橋は春まで再開通しない。", "ja"),
        ("橋は春まで再開通しない。", "ja", "The bridge won't reopen until the spring.", "en"),
        ("The bridge won't reopen until the spring.", "en", "다리는 봄에 다시 개통된다.", "ko"),
        ("Rates will not fall until inflation eases.", "en", "Rates will not fall before inflation eases.", "en"),
    ],
)  # fmt: skip
def test_not_until_is_symmetric(original, o_lang, report, r_lang):
    assert "negation_flipped" not in _kinds(original, report, o_lang, r_lang)


# --- antonym predicates (negation.antonyms), polarity look-alikes ------------------------------


@pytest.mark.parametrize(
    ("original", "o_lang", "report", "r_lang", "flipped"),
    [
        # opposite sides of one concept, no negation marker on either side
        ("The farmers' union backs the new water tariff.", "en", "농민 단체는 새 수도 요금에 반대했다.", "ko", False),
        ("The farmers' union supports the new water tariff.", "en", "농민 단체는 새 수도 요금에 반대했다.", "ko", True),
        ("市議会は条例案に反対した。", "ja", "The city council voted for the draft ordinance.", "en", True),
        ("야당은 개헌안을 지지한다고 밝혔다.", "ko", "野党は改憲案に反対すると表明した。", "ja", True),
        ("The smelter will keep running through the winter.", "en", "製錬所は冬の間、操業を休止する。", "ja", True),
        ("제련소는 겨울에도 계속 가동한다.", "ko", "The smelter will close for the winter.", "en", True),
        ("店舗は来月、営業を再開する。", "ja", "매장은 다음 달 영업을 종료한다.", "ko", True),
        ("The city will allow scooters on the riverside path.", "en", "시는 강변 산책로에서 전동 킥보드를 금지한다.", "ko", True),
        # the same side said with different words, whatever the markers: no flip
        ("The brewer will stop selling the cider in March.", "en", "醸造会社は3月にそのサイダーの販売を終了する。", "ja", False),
        ("The brewer will stop selling the cider in March.", "en", "양조 회사는 3월에 그 사이다 판매를 종료한다.", "ko", False),
        ("The clinic will halt night shifts.", "en", "診療所は夜間の診療を中止する。", "ja", False),
        # a negated antonym is the other side: not opposing = supporting
        ("The council did not oppose the budget.", "en", "시의회는 예산안을 지지했다.", "ko", False),
        ("労組は合併に反対しなかった。", "ja", "The union supported the merger.", "en", False),
        ("공장은 가동을 중단하지 않는다.", "ko", "The factory will continue operating.", "en", False),
        ("The plant will not stop production.", "en", "工場は生産を停止する。", "ja", True),
        # the same word negated on one side is a marker's flip, with its guards: "cannot keep"
        # against "keeping it exceeds the budget" (an implicit negative) is no flip
        ("The library cannot retain its current collection on this budget.", "en", "도서관이 현 소장품을 유지하는 것만으로도 예산을 초과한다.", "ko", False),
        ("The company will end production of the sedan.", "en", "회사는 그 세단의 생산을 계속한다.", "ko", True),
        ("정부는 종합부동산세를 유지하기로 했다.", "ko", "The government decided to abolish the property tax.", "en", True),
        # look-alikes: a market's close, the opposite direction, the end of a period
        ("The quarter ended March 31 and sales continued to grow.", "en", "3월 31일로 끝난 분기에도 매출은 계속 늘었다.", "ko", False),
        ("At the end of the year, the plant will continue operating.", "en", "공장은 연말에도 계속 가동한다.", "ko", False),
        ("Shares closed higher on Friday.", "en", "주가는 금요일에도 계속 올랐다.", "ko", False),
        ("車は反対方向に走り続けた。", "ja", "The car kept going the other way.", "en", False),
    ],
)  # fmt: skip
def test_antonym_predicates(original, o_lang, report, r_lang, flipped):
    assert ("negation_flipped" in _kinds(original, report, o_lang, r_lang)) is flipped
    assert ("negation_flipped" in _kinds(report, original, r_lang, o_lang)) is flipped


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("The senator opposes the bill.", "en", {("support", False)}),
        ("The senator does not oppose the bill.", "en", {("support", True)}),
        ("The mill has not yet stopped its kilns.", "en", {("continue", True)}),
        ("Shares closed at a record.", "en", set()),
        ("政府は輸入を禁止した。", "ja", {("permit", False)}),
        ("政府は輸入を禁止しない。", "ja", {("permit", True)}),
        ("政府は輸入禁止を解除した。", "ja", set()),
        ("주민들은 댐 건설에 찬성한다.", "ko", {("support", True)}),
        ("주민들은 댐 건설에 찬성하지 않는다.", "ko", {("support", False)}),
        ("공장은 생산을 멈췄다.", "ko", {("continue", False)}),
        ("반대로 수입은 늘었다.", "ko", set()),
    ],
)  # fmt: skip
def test_polar_predicates(text, lang, expected):
    facts = extract_facts(text, lang, LEXICONS)
    assert {(concept, pro) for concept, pro, *_ in facts.polar} == expected


def test_an_antonym_concept_added_to_the_lexicons_changes_the_verdict(tmp_path) -> None:
    original, report = (
        "The museum will admit children for free.",
        "박물관은 어린이 입장을 거부한다.",
    )
    assert "negation_flipped" in _kinds(original, report, "en", "ko")  # 거부: a lexical negation
    original = "The museum will admit children for free."
    report = "박물관은 어린이 입장을 불허한다."  # 불허: an implicit negative, no marker
    assert "negation_flipped" not in _kinds(original, report, "en", "ko")
    for lang, pair in (
        ("en", "{pro: [admit], con: [turn away]}"),
        ("ko", "{pro: [허용하다], con: [불허하다]}"),
    ):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "negation.yaml").write_text(
            f"antonyms: {{entry: {pair}}}\n", encoding="utf-8"
        )
    lexicons = load_lexicons(tmp_path)
    o, r = st(original, "en"), st(report, "ko", "report")
    assert "negation_flipped" in {c.kind for c in compare_statements(o, r, lexicons, CONFIG)}


@pytest.mark.parametrize(
    ("text", "lang", "negated"),
    [
        # "inevitable" said with a negative-looking prefix or a double negation is affirmative
        ("임금 인상은 불가피하다.", "ko", False),
        ("안전 교육은 업무에 불가결하다.", "ko", False),
        ("요금 인상을 피할 수 없다고 말했다.", "ko", False),
        ("運賃の値上げは不可避だ。", "ja", False),
        ("運賃の値上げは避けられない。", "ja", False),
        ("A fare rise is unavoidable.", "en", False),
        ("A fare rise cannot be avoided.", "en", False),
        ("신청이 불가하다.", "ko", True),
        # not disclosed, said with a prefix or an adjective
        ("계약 금액은 비공개다.", "ko", True),
        ("契約額は非公表とした。", "ja", True),
        ("契約額は非開示だ。", "ja", True),
        ("The firm paid an undisclosed sum.", "en", True),
        # behind closed doors is a manner, not an undisclosed fact
        ("회의는 비공개로 진행됐다.", "ko", False),
        ("会合は非公開で行われた。", "ja", False),
        # ruled out as a possibility
        ("同社は増資の可能性を排除した。", "ja", True),
        ("회사는 증자 가능성을 배제했다.", "ko", True),
        ("同社は増資の可能性を排除しない。", "ja", False),
    ],
)  # fmt: skip
def test_polarity_look_alikes(text, lang, negated):
    assert extract_facts(text, lang, LEXICONS).negated is negated, text


@pytest.mark.parametrize(
    ("original", "o_lang", "report", "r_lang", "flipped"),
    [
        # "no risk of X" against "X may happen": the implicit word (shortage) is on both sides,
        # so it is shared content, not a rewording of the negation
        ("There is no risk of a power shortage this summer.", "en", "今夏は電力不足に陥る恐れがある。", "ja", True),
        ("今夏は電力不足の懸念はない。", "ja", "There could be a power shortage this summer.", "en", True),
        ("올여름 전력 부족 우려는 없다.", "ko", "今夏は電力が不足する恐れもある。", "ja", True),
        ("Officials said there was no concern about the dam.", "en", "당국은 댐에 대한 우려가 있다고 말했다.", "ko", True),
        # an implicit negative on one side only still says what the negation says
        ("The crew could not see the shore.", "en", "The shore was invisible to the crew.", "en", False),
        # little or no change = flat: the same polarity
        ("Rice prices rose 4% and wheat prices saw little change.", "en", "쌀값은 4% 올랐고 밀값은 보합세였다.", "ko", False),
        ("쌀값은 4% 올랐고 밀값은 큰 변화가 없었다.", "ko", "Rice prices rose 4% while wheat prices were broadly flat.", "en", False),
        ("米価は4%上昇し、小麦価格は横ばいだった。", "ja", "밀값은 큰 변동이 없었다.", "ko", False),
        ("Wheat prices held steady.", "en", "小麦価格に大きな変化はなかった。", "ja", False),
    ],
)  # fmt: skip
def test_existence_negation_and_no_change(original, o_lang, report, r_lang, flipped):
    assert ("negation_flipped" in _kinds(original, report, o_lang, r_lang)) is flipped


@pytest.mark.parametrize(
    ("original", "report", "lang", "flipped"),
    [
        # a lexical negative negated against itself affirmed: both carry a marker, the
        # antonym table still tells the sides apart
        ("The ferry will not stop at the island.", "The ferry stopped at the island.", "en", True),
        ("연락선은 섬에서 멈추지 않는다.", "연락선은 섬에서 멈췄다.", "ko", True),
        ("フェリーは島での運航を停止しない。", "フェリーは島での運航を停止した。", "ja", True),
        ("The ferry will not stop at the island.", "The ferry will not stop at the island.", "en", False),
    ],
)  # fmt: skip
def test_a_negated_lexical_negative_against_itself(original, report, lang, flipped):
    assert ("negation_flipped" in _kinds(original, report, lang)) is flipped
