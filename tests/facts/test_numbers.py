"""Number reading per language: value (or range), qualifier and unit, on varied forms."""

from __future__ import annotations

import pytest

from claimdiff.facts import extract_facts

# (text, value, high, qualifier, unit); each text holds exactly one quantity
EN = [
    ("Nvidia will deploy 250,000 GPUs.", 250_000, None, None, None),
    ("Nvidia will deploy more than 250,000 GPUs.", 250_000, None, "more_than", None),
    ("The firm shipped 250k units last quarter.", 250_000, None, None, None),
    ("Shipments reached 2.5 million units.", 2_500_000, None, None, None),
    ("The plan covers a quarter million homes.", 250_000, None, None, "household"),
    ("Half a million people lost power.", 500_000, None, None, "people"),
    ("The deal is worth $4.1 billion.", 4.1e9, None, None, "usd"),
    ("The deal is worth $4.1bn.", 4.1e9, None, None, "usd"),
    ("It raised $5m in seed funding.", 5e6, None, None, "usd"),
    ("It raised US$300 million.", 3e8, None, None, "usd"),
    ("The budget is 4.1 billion dollars.", 4.1e9, None, None, "usd"),
    ("Costs rose to 3 trillion won.", 3e12, None, None, "krw"),
    ("Sales hit ¥500 billion.", 5e11, None, None, "jpy"),
    ("Sales hit 500 billion yen.", 5e11, None, None, "jpy"),
    ("The fine was €2.4 billion.", 2.4e9, None, None, "eur"),
    ("Exports fell 3.5% in May.", 3.5, None, None, "percent"),
    ("Exports fell 3.5 percent.", 3.5, None, None, "percent"),
    ("Exports fell 3.5 per cent.", 3.5, None, None, "percent"),
    ("The rate rose 0.25 percentage point.", 0.25, None, None, "percentage_point"),
    ("Turnout was up 2 percentage points.", 2, None, None, "percentage_point"),
    ("About 50,000 fans attended.", 50_000, None, "about", "people"),
    ("Around 1,200 workers were laid off.", 1_200, None, "about", "people"),
    ("Approximately 30 people were injured.", 30, None, "about", "people"),
    ("Roughly 40% of voters agreed.", 40, None, "about", "percent"),
    ("Some 300 passengers were stranded.", 300, None, "about", "people"),
    ("Nearly 10,000 residents were evacuated.", 10_000, None, "nearly", "people"),
    ("Almost 2 million doses were delivered.", 2e6, None, "nearly", None),
    ("Close to 90 percent of staff agreed.", 90, None, "nearly", "percent"),
    ("Up to 260,000 GPUs could be installed.", 260_000, None, "up_to", None),
    ("As many as 500 jobs may go.", 500, None, "up_to", None),
    ("At least 12 people died.", 12, None, "at_least", "people"),
    ("No fewer than 8 banks joined.", 8, None, "at_least", None),
    ("Less than 5% of cases were severe.", 5, None, "less_than", "percent"),
    ("Fewer than 100 patients remain.", 100, None, "less_than", "people"),
    ("Under 2,000 tickets were sold.", 2_000, None, "less_than", None),
    ("At most 30 units will be built.", 30, None, "at_most", None),
    ("No more than 40 flights will run.", 40, None, "at_most", None),
    ("Over 1,000 stores will close.", 1_000, None, "more_than", None),
    ("In excess of 700 tonnes was shipped.", 700000.0, None, "more_than", "kg"),
    ("The company hired 250,000-plus staff.", 250_000, None, "more_than", "people"),
    ("They expect 250,000 or more orders.", 250_000, None, "at_least", None),
    ("Between 30,000 and 50,000 people marched.", 30_000, 50_000, None, "people"),
    ("Some 30,000–50,000 people marched.", 30_000, 50_000, "about", "people"),
    ("Growth of 3-5% is forecast.", 3, 5, None, "percent"),
    ("Costs of 30 to 50 million dollars are expected.", 3e7, 5e7, None, "usd"),
    ("Three factories will be built.", 3, None, None, None),
    ("The company will build twenty-five stores.", 25, None, None, None),
    ("It plans two hundred new branches.", 200, None, None, None),
    ("A million people signed the petition.", 1e6, None, None, "people"),
    ("Output doubled to 1.5 million tonnes.", 1500000000.0, None, None, "kg"),
    ("The line is 12 km long.", 12000.0, None, None, "m"),
    ("The chip uses a 3nm process.", 3e-09, None, None, "m"),
    ("The plant will produce 500 MW.", 500000000.0, None, None, "W"),
    ("Prices rose 2.5 times.", 2.5, None, None, "times"),
    ("The project will take 5 years.", 5, None, None, "year"),
    ("The trial lasted 18 months.", 18, None, None, "month"),
    ("The strike lasted 10 days.", 10, None, None, "day"),
    ("The economy shrank -0.3% last quarter.", 0.3, None, None, "percent"),
    ("Losses reached 1.2 trillion yen.", 1.2e12, None, None, "jpy"),
    ("The fund holds 7.5 billion euros.", 7.5e9, None, None, "eur"),
    ("About $1.3 trillion in assets moved.", 1.3e12, None, "about", "usd"),
    ("The 5G network covers 4,000 towns.", 4_000, None, None, None),
    ("It sold 1,250,000 phones.", 1_250_000, None, None, None),
    ("A dozen ministers resigned.", 12, None, None, None),
    ("The firm has 2,000-odd employees.", 2_000, None, "odd", "people"),
    ("The yen weakened past 150 per dollar.", 150, None, "more_than", None),
    ("The plan runs over two years.", 2, None, None, "year"),
    ("Sales of the PS5 topped 65 million units.", 65e6, None, "more_than", None),
    # "for over N years" is more than N years (unlike the durative "over two years")
    ("The choir has sung here for over 60 years.", 60, None, "more_than", "year"),
    ("Drifts of up to 45 centimeters are expected.", 0.45, None, "up_to", "m"),
    ("The link carries up to 400 gigabits per second.", 4e11, None, "up_to", "bit"),
    ("The bridge is estimated at 2.1 trillion won.", 2.1e12, None, "about", "krw"),
    ("The won hovered around the 1,350 level.", 1_350, None, "about", None),
    ("A refill takes about 45 minutes.", 45, None, "about", "minute"),
    ("Call 02-3456-7890 to book one of 40 seats.", 40, None, None, None),  # a phone number
    ("The rate is 9.1 cases per 100,000 people.", 9.1, None, None, None),  # per: a denominator
]

JA = [
    ("感染者は警戒レベルの20人を超えた。", 20, None, None, "people"),  # a reference, no bound
    ("改善率は対照群の9%を上回った。", 9, None, None, "percent"),
    ("降雪は多い所で80センチに達する。", 0.8, None, "up_to", "m"),
    ("最大で毎秒200テラビットを送る。", 2e14, None, "up_to", "bit"),
    ("日経平均は5万円台を回復した。", 50_000, None, "about", "jpy"),
    ("交換作業は約20分で終わる。", 20, None, "about", "minute"),
    ("事業費は3000億円と推計される。", 3e11, None, "about", "jpy"),
    ("出荷は前年を4.2%上回った。", 4.2, None, None, "percent"),  # a difference: a direction
    ("稼働率は81%まで低下した。", 81, None, None, "percent"),  # the level reached, no bound
    ("患者数は1施設あたり12.4人だった。", 12.4, None, None, "people"),  # 1施設: a denominator
    ("ボーイング777-300ERを6機導入する。", 6, None, None, "machine"),  # a model glued to を
    ("エヌビディアは25万枚のGPUを導入する。", 250_000, None, None, "flat"),
    ("エヌビディアは25万枚を超えるGPUを導入する。", 250_000, None, "more_than", "flat"),
    ("GPU二十五万枚を導入する。", 250_000, None, None, "flat"),
    ("GPUを２５万枚導入する。", 250_000, None, None, "flat"),
    ("出荷台数は2万5000台だった。", 25_000, None, None, "machine"),
    ("参加者は1万5,000人に上った。", 15_000, None, None, "people"),
    ("売上高は5億2000万円だった。", 5.2e8, None, None, "jpy"),
    ("投資額は41億ドルに達する。", 4.1e9, None, None, "usd"),
    ("投資額は約41億ドルに達する。", 4.1e9, None, "about", "usd"),
    ("総額は3兆円規模となる。", 3e12, None, None, "jpy"),  # 規模 sizes, does not round
    ("総額は1兆2000億円となる。", 1.2e12, None, None, "jpy"),
    ("2兆 5,000億円を投じる。", 2.5e12, None, None, "jpy"),  # one number across the space
    ("営業利益は2千億円だった。", 2e11, None, None, "jpy"),
    ("来場者は3〜5万人と見込まれる。", 30_000, 50_000, None, "people"),
    ("来場者は3万〜5万人と見込まれる。", 30_000, 50_000, None, "people"),
    ("来場者は3万人から5万人と見込まれる。", 30_000, 50_000, None, "people"),
    ("売上高は前年比3.5%増えた。", 3.5, None, None, "percent"),
    ("売上高は前年比3.5パーセント増えた。", 3.5, None, None, "percent"),
    ("支持率は2ポイント上昇した。", 2, None, None, "percentage_point"),
    ("約5万人が避難した。", 50_000, None, "about", "people"),
    ("およそ300人が参加した。", 300, None, "about", "people"),
    ("5万人程度が参加した。", 50_000, None, "about", "people"),
    ("5万人前後が参加した。", 50_000, None, "about", "people"),
    ("1万人近くが避難した。", 10_000, None, "nearly", "people"),
    ("1万人弱が避難した。", 10_000, None, "nearly", "people"),
    ("1万人強が避難した。", 10_000, None, "odd", "people"),
    ("最大26万枚を導入する。", 260_000, None, "up_to", "flat"),
    ("最大で26万枚を導入する。", 260_000, None, "up_to", "flat"),
    ("少なくとも12人が死亡した。", 12, None, "at_least", "people"),
    ("12人以上が死亡した。", 12, None, "at_least", "people"),
    ("死者は100人を超えた。", 100, None, "more_than", "people"),
    ("死者は100人超に上る。", 100, None, "more_than", "people"),
    ("25万超のGPUを導入する。", 250_000, None, "more_than", None),
    ("死者は100人を上回った。", 100, None, "more_than", "people"),
    ("負傷者は50人余りに上る。", 50, None, "odd", "people"),
    ("投資額は5%未満にとどまる。", 5, None, "less_than", "percent"),
    ("参加者は100人以下だった。", 100, None, "at_most", "people"),
    ("売上は1000億円に満たない。", 1e11, None, "less_than", "jpy"),
    ("工場を3カ所に建設する。", 3, None, None, "item"),
    ("3社が参加する。", 3, None, None, "item"),
    ("新型機を20機導入する。", 20, None, None, "machine"),
    ("原発2基を再稼働させる。", 2, None, None, "machine"),
    ("計画は5年間続く。", 5, None, None, "year"),
    ("工期は18カ月だ。", 18, None, None, "month"),
    ("ストは10日間続いた。", 10, None, None, "day"),
    ("価格は2.5倍に上昇した。", 2.5, None, None, "times"),
    ("出力は500メガワットとなる。", 500000000.0, None, None, "W"),
    ("輸出量は1.5万トンに達した。", 15000000.0, None, None, "kg"),
    ("路線は12キロメートルに及ぶ。", 12000.0, None, None, "m"),
    ("3ナノメートルの工程を使う。", 3e-09, None, None, "m"),
    ("国内総生産はマイナス0.3%だった。", 0.3, None, None, "percent"),
    ("売上高は３０００億円だった。", 3e11, None, None, "jpy"),
    ("従業員三千人を雇用する。", 3_000, None, None, "people"),
    ("一万五千人が参加した。", 15_000, None, None, "people"),
    ("百万人が署名した。", 1e6, None, None, "people"),
    ("被害額は約2億5000万ドルに上る。", 2.5e8, None, "about", "usd"),
    ("新たに5000人を採用する。", 5_000, None, None, "people"),
    ("ユーロ建てで20億ユーロを調達した。", 2e9, None, None, "eur"),
    ("韓国で3兆ウォンを投資する。", 3e12, None, None, "krw"),
    ("1,200万人が視聴した。", 12_000_000, None, None, "people"),
    ("合計で250,000枚を導入する。", 250_000, None, None, "flat"),
    ("売上高は2.5 billionドルだった。", 2.5e9, None, None, "usd"),
    ("10万台近くを販売した。", 100_000, None, "nearly", "machine"),
    ("PS5の販売台数が6500万台を突破した。", 6.5e7, None, "more_than", "machine"),
    ("施設は15カ国に広がる。", 15, None, None, "item"),
    ("最低でも2兆円が必要だ。", 2e12, None, "at_least", "jpy"),
]

KO = [
    ("상승률은 평균치 3%를 웃돌았다.", 3, None, None, "percent"),  # a reference, no bound
    ("대기 시간은 평균 3시간 미만이었다.", 3, None, "less_than", "hour"),  # 평균: on average
    ("입장료는 2만 8,000원이다.", 28_000, None, None, "krw"),  # one number across the space
    ("최대 초당 100기가비트를 보낸다.", 1e11, None, "up_to", "bit"),
    ("환율은 1,300원대로 올랐다.", 1_300, None, "about", "krw"),
    ("사업비는 2조 원으로 추산된다.", 2e12, None, "about", "krw"),
    ("시속 1만 마일이 넘습니다.", 16_093_440, None, "more_than", "m"),
    ("적설량은 최대 35㎝에 이를 전망이다.", 0.35, None, "up_to", "m"),
    ("인구 10만 명당 환자는 8.4명이다.", 8.4, None, None, "people"),  # 10만 명당: a denominator
    ("1단계 사업비는 9,000억 원이다.", 9e11, None, None, "krw"),  # 1단계: a phase
    ("엔비디아는 GPU 25만 장을 공급한다.", 250_000, None, None, "flat"),
    ("엔비디아는 GPU 25만 장 이상을 공급한다.", 250_000, None, "at_least", "flat"),
    ("엔비디아는 25만 장이 넘는 GPU를 공급한다.", 250_000, None, "more_than", "flat"),
    ("엔비디아는 25만 장을 넘는 GPU를 공급한다.", 250_000, None, "more_than", "flat"),
    ("엔비디아는 25만여 장의 GPU를 공급한다.", 250_000, None, "odd", "flat"),
    ("GPU 25만 장 넘게 공급한다.", 250_000, None, "more_than", "flat"),
    ("GPU 25만 장 초과 물량을 공급한다.", 250_000, None, "more_than", "flat"),
    ("참가자는 2만5천 명이었다.", 25_000, None, None, "people"),
    ("참가자는 1만 5천 명이었다.", 15_000, None, None, "people"),
    ("참가자는 1만5000명이었다.", 15_000, None, None, "people"),
    ("참가자는 15,000명이었다.", 15_000, None, None, "people"),
    ("총 10조 원을 투자한다.", 1e13, None, None, "krw"),
    ("총 10조원을 투자한다.", 1e13, None, None, "krw"),
    ("총 41억 달러를 투자한다.", 4.1e9, None, None, "usd"),
    ("약 41억 달러를 투자한다.", 4.1e9, None, "about", "usd"),
    ("2조5천억 원 규모의 계약이다.", 2.5e12, None, None, "krw"),  # 규모 sizes, does not round
    # one number across a space and a thousands comma, in both scripts (not 2조 and 5,000억)
    ("총 2조 5,000억 원을 투자한다.", 2.5e12, None, None, "krw"),
    ("매출은 5천억 원이었다.", 5e11, None, None, "krw"),
    ("매출은 3천만 원이었다.", 3e7, None, None, "krw"),
    ("방문객은 3~5만 명으로 예상된다.", 30_000, 50_000, None, "people"),
    ("방문객은 3만~5만 명으로 예상된다.", 30_000, 50_000, None, "people"),
    ("방문객은 3만 명에서 5만 명으로 예상된다.", 30_000, 50_000, None, "people"),
    ("수출이 3.5% 감소했다.", 3.5, None, None, "percent"),
    ("수출이 3.5퍼센트 감소했다.", 3.5, None, None, "percent"),
    ("지지율이 2%p 올랐다.", 2, None, None, "percentage_point"),
    ("지지율이 2%포인트 올랐다.", 2, None, None, "percentage_point"),
    ("지지율이 2퍼센트포인트 올랐다.", 2, None, None, "percentage_point"),
    ("약 5만 명이 대피했다.", 50_000, None, "about", "people"),
    ("5만 명가량이 대피했다.", 50_000, None, "about", "people"),
    ("5만 명 정도가 대피했다.", 50_000, None, "about", "people"),
    ("5만 명 안팎이 대피했다.", 50_000, None, "about", "people"),
    ("대략 300명이 참석했다.", 300, None, "about", "people"),
    ("1만 명 가까이 대피했다.", 10_000, None, "nearly", "people"),
    ("1만 명에 가까운 주민이 대피했다.", 10_000, None, "nearly", "people"),
    ("최대 26만 장을 공급한다.", 260_000, None, "up_to", "flat"),
    ("최소 12명이 숨졌다.", 12, None, "at_least", "people"),
    ("적어도 12명이 숨졌다.", 12, None, "at_least", "people"),
    ("12명 이상이 숨졌다.", 12, None, "at_least", "people"),
    ("사망자는 100명을 넘었다.", 100, None, "more_than", "people"),
    ("사망자는 100명을 웃돌았다.", 100, None, "more_than", "people"),
    ("부상자는 50여 명에 이른다.", 50, None, "odd", "people"),
    ("부상자는 50명 남짓이다.", 50, None, "odd", "people"),
    ("중증 환자는 5% 미만이다.", 5, None, "less_than", "percent"),
    ("참석자는 100명 이하였다.", 100, None, "at_most", "people"),
    ("매출은 1천억 원에 못 미치는 수준이다.", 1e11, None, "less_than", "krw"),
    ("공장 3곳을 짓는다.", 3, None, None, "item"),
    ("기업 3개사가 참여한다.", 3, None, None, "item"),
    ("신형 항공기 20대를 도입한다.", 20, None, None, "machine"),
    ("원전 2기를 재가동한다.", 2, None, None, "machine"),
    ("사업은 5년간 이어진다.", 5, None, None, "year"),
    ("공사 기간은 18개월이다.", 18, None, None, "month"),
    ("파업은 10일간 이어졌다.", 10, None, None, "day"),
    ("가격이 2.5배 올랐다.", 2.5, None, None, "times"),
    ("출력은 500메가와트다.", 500000000.0, None, None, "W"),
    ("수출량은 1.5만 톤에 달했다.", 15000000.0, None, None, "kg"),
    ("노선은 12km에 이른다.", 12000.0, None, None, "m"),
    ("3나노 공정을 쓴다.", 3e-09, None, None, "m"),
    ("성장률은 마이너스 0.3%였다.", 0.3, None, None, "percent"),
    ("매출은 ３０００억 원이었다.", 3e11, None, None, "krw"),
    ("5000명을 새로 채용한다.", 5_000, None, None, "people"),
    ("20억 유로를 조달했다.", 2e9, None, None, "eur"),
    ("3천억 엔을 투자한다.", 3e11, None, None, "jpy"),
    ("1,200만 명이 시청했다.", 12_000_000, None, None, "people"),
    ("천만 명이 관람했다.", 1e7, None, None, "people"),
    ("코로나19 확진자가 3만 명을 돌파했다.", 30_000, None, "more_than", "people"),
    ("성장률은 2%를 밑돌 것으로 보인다.", 2, None, "less_than", "percent"),
    ("총 250,000장을 공급한다.", 250_000, None, None, "flat"),
    ("10만 대 가까이 팔았다.", 100_000, None, "nearly", "machine"),
    ("15개국에 진출했다.", 15, None, None, "item"),
    ("5억2000만 달러를 벌었다.", 5.2e8, None, None, "usd"),
]


def _one(text: str, lang: str, lexicons):
    quantities = extract_facts(text, lang, lexicons).quantities
    assert len(quantities) == 1, f"{text!r}: expected one quantity, got {quantities}"
    return quantities[0]


@pytest.mark.parametrize(("lang", "table"), [("en", EN), ("ja", JA), ("ko", KO)])
def test_table_is_large_enough(lang: str, table: list) -> None:
    assert len(table) >= 60, lang
    assert len({row[0] for row in table}) == len(table), f"{lang}: duplicate rows"


def _check(row, lang, lexicons):
    text, value, high, qualifier, unit = row
    q = _one(text, lang, lexicons)
    assert q.value == pytest.approx(value), text
    assert q.high == (None if high is None else pytest.approx(high)), text
    assert q.qualifier == qualifier, text
    assert q.unit == unit, text
    assert q.text and q.text in text  # the span quotes the original, un-normalised text


@pytest.mark.parametrize("row", EN, ids=[r[0][:40] for r in EN])
def test_english_numbers(row, lexicons) -> None:
    _check(row, "en", lexicons)


@pytest.mark.parametrize("row", JA, ids=[r[0][:20] for r in JA])
def test_japanese_numbers(row, lexicons) -> None:
    _check(row, "ja", lexicons)


@pytest.mark.parametrize("row", KO, ids=[r[0][:20] for r in KO])
def test_korean_numbers(row, lexicons) -> None:
    _check(row, "ko", lexicons)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The H100 and B200 chips use COVID-19 era designs.", "en"),
        ("One of the largest 5G networks opened on March 3.", "en"),
        ("It is the 3rd time the firm has done so.", "en"),
        ("統一した基準で一部の工場を十分に管理する。", "ja"),
        ("第3四半期に千葉で発表した。", "ja"),
        ("数万人が集まったとみられる。", "ja"),
        ("2026年3月15日に発表した。", "ja"),
        ("제3차 회의가 3월 15일 열렸다.", "ko"),
        ("수십만 명이 모였다.", "ko"),
        ("세계 3위 업체가 2026년 말까지 완공한다.", "ko"),
        ("", "ko"),
        # identifiers, indefinite "one", slash forms, points in time, ordinals
        ("For tickets call 702/555-1540 or 555-0134.", "en"),
        ("There may be more than one way to read it.", "en"),
        ("At least one dose was missed.", "en"),
        ("The desk runs 24/7.", "en"),
        ("연락처는 031-123-4567이다.", "ko"),
        ("공장은 3년 후 가동된다.", "ko"),
        ("工場は3年後に稼働する。", "ja"),
        ("2回目の接種が始まった。", "ja"),
    ],
)
def test_not_quantities(text: str, lang: str, lexicons) -> None:
    assert extract_facts(text, lang, lexicons).quantities == ()


# fractions of a whole are percents: (text, lang, percent, qualifier)
FRACTIONS = [
    ("世帯の3分の1が停電した。", "ja", 33.3333333333, None),
    ("有権者の過半数が支持した。", "ja", 50.0, "more_than"),
    ("社員の半数が在宅勤務だ。", "ja", 50.0, None),
    ("가구의 4분의 3이 참여했다.", "ko", 75.0, None),
    ("직원의 절반 이상이 찬성했다.", "ko", 50.0, "at_least"),
    ("과반수가 찬성했다.", "ko", 50.0, "more_than"),
    ("Nearly a third of homes lost power.", "en", 33.333, "nearly"),
    ("Two-thirds of the budget went to roads.", "en", 66.667, None),
    ("Costs were cut by half.", "en", 50.0, None),
]


@pytest.mark.parametrize(("text", "lang", "percent", "qualifier"), FRACTIONS)
def test_fractions_are_percents(text, lang, percent, qualifier, lexicons) -> None:
    (quantity,) = extract_facts(text, lang, lexicons).quantities
    assert (quantity.value, quantity.unit, quantity.qualifier) == (percent, "percent", qualifier)


@pytest.mark.parametrize(
    "text",
    ["The outage lasted half an hour.", "半導体の輸出が増えた。", "It is a third-party tool."],
)
def test_halves_of_other_things_are_no_fractions(text, lexicons) -> None:
    assert extract_facts(text, "ja" if "半" in text else "en", lexicons).quantities == ()
