"""A synthetic nightly crawl with ground-truth stories, written independently of claimdiff's rules.

What a night looks like (the shape measured in issue 11): about 30% of the articles belong to
stories of one original (a press release, in en / ko / ja) plus 1-8 reports in any of the
three languages; the rest are unrelated articles about other companies that share the same
vocabulary (AI, CEO, Korea, Incheon, 2027, round percentages, the same big-company names);
5% are wire copies of another article republished with small edits (some lose a paragraph).
Articles have 6-26 statements; company names appear in Latin, Hangul and katakana (invented
names transliterated syllable by syllable, plus a few real ones); numbers carry qualifiers
(more than / about / up to) and counters; publication dates fall within one week.

Ground truth rides along as extra Contract 1 fields (kept by claimdiff as metadata):
``synthetic_story`` (the story label; an unrelated article has a label of its own),
``synthetic_kind`` (release / report / wire / unrelated), ``synthetic_copy_of`` (the URL a
wire copy copies) and, on reports, ``synthetic_pairs``: ``[report sentence, original
sentence, change]`` for every restated fact (change: faithful, value_changed,
qualifier_dropped, commitment_inflated).

    python benchmarks/synthetic.py --n 20000 --out /tmp/night.jsonl [--seed 7]

Everything is seeded: the same ``--n`` and ``--seed`` give the same file byte for byte.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

LANGS = ("en", "ko", "ja")
WEEK_START = datetime(2026, 11, 16, 0, 0, tzinfo=timezone(timedelta(hours=9)))

# --- names in three scripts -----------------------------------------------------------------

# (latin spelling, katakana, hangul medial index) per vowel; consonant rows below.
_VOWELS = {"a": 0, "i": 20, "u": 13, "e": 5, "o": 8}
# consonant -> (kana row "a i u e o" or None where the syllable is avoided, hangul initial index)
_ROWS: dict[str, tuple[str, int]] = {
    "k": ("カキクケコ", 15),
    "s": ("サ_スセソ", 9),
    "t": ("タ__テト", 16),
    "n": ("ナニヌネノ", 2),
    "h": ("ハヒ_ヘホ", 18),
    "m": ("マミムメモ", 6),
    "r": ("ラリルレロ", 5),
    "l": ("ラリルレロ", 5),
    "b": ("バビブベボ", 7),
    "v": ("バビブベボ", 7),
    "d": ("ダ__デド", 3),
    "g": ("ガギグゲゴ", 0),
    "p": ("パピプペポ", 17),
    "": ("アイウエオ", 11),
}


def _hangul(initial: int, medial: int, final: int = 0) -> str:
    return chr(0xAC00 + (initial * 21 + medial) * 28 + final)


def josa(word: str, with_final: str, without_final: str) -> str:
    """``word`` plus the Korean particle form its last syllable takes (은/는, 을/를, 이/가)."""
    last = word[-1:]
    if "가" <= last <= "힣":
        has_final = (ord(last) - 0xAC00) % 28 != 0
    else:  # Latin names and digits: read aloud, most end in a vowel sound
        has_final = last.isdigit() and last in "0136789"
    return word + (with_final if has_final else without_final)


@dataclass(frozen=True)
class Name:
    """One name in the three scripts."""

    en: str
    ko: str
    ja: str

    def in_lang(self, lang: str, rng: random.Random) -> str:
        """The form a ``lang`` article uses; Korean and Japanese text keep the Latin form 15%."""
        if lang == "en" or rng.random() < 0.15:
            return self.en
        return self.ko if lang == "ko" else self.ja


def invented_name(rng: random.Random) -> Name:
    """A pronounceable company name and its syllable-by-syllable katakana and Hangul."""
    latin, kana, hangul = "", "", ""
    for position in range(rng.choice((2, 3, 3, 4))):
        while True:
            consonant = rng.choice(list(_ROWS))
            vowel = rng.choice(list(_VOWELS))
            row, initial = _ROWS[consonant]
            glyph = row["aiueo".index(vowel)]
            if glyph != "_" and not (position == 0 and consonant == ""):
                break
        final_n = position > 0 and rng.random() < 0.2
        spelled = consonant + vowel
        if consonant == "k" and vowel in "aou" and rng.random() < 0.3:
            spelled = "c" + vowel
        latin += spelled + ("n" if final_n else "")
        kana += glyph + ("ン" if final_n else "")
        hangul += _hangul(initial, _VOWELS[vowel], 4 if final_n else 0)
    return Name(latin.capitalize(), hangul, kana)


REAL_COMPANIES = [
    Name("Nvidia", "엔비디아", "エヌビディア"),
    Name("Samsung", "삼성", "サムスン"),
    Name("Toyota", "도요타", "トヨタ"),
    Name("Sony", "소니", "ソニー"),
    Name("Intel", "인텔", "インテル"),
    Name("Hyundai", "현대차", "現代自動車"),
    Name("Google", "구글", "グーグル"),
    Name("Microsoft", "마이크로소프트", "マイクロソフト"),
]
CITIES = [
    Name("Incheon", "인천", "仁川"),
    Name("Seoul", "서울", "ソウル"),
    Name("Busan", "부산", "釜山"),
    Name("Tokyo", "도쿄", "東京"),
    Name("Osaka", "오사카", "大阪"),
    Name("Yokohama", "요코하마", "横浜"),
    Name("Fukuoka", "후쿠오카", "福岡"),
    Name("Singapore", "싱가포르", "シンガポール"),
    Name("Texas", "텍사스", "テキサス"),
]
COUNTRIES = [
    Name("Korea", "한국", "韓国"),
    Name("Japan", "일본", "日本"),
    Name("the United States", "미국", "米国"),
    Name("Asia", "아시아", "アジア"),
]
# counted things: (en plural, ko noun, ko counter, ja noun, ja counter)
THINGS = [
    ("GPUs", "GPU", "장", "GPU", "枚"),
    ("servers", "서버", "대", "サーバー", "台"),
    ("robots", "로봇", "대", "ロボット", "台"),
    ("electric vehicles", "전기차", "대", "電気自動車", "台"),
    ("chips", "칩", "개", "チップ", "個"),
    ("battery packs", "배터리 팩", "개", "バッテリーパック", "個"),
    ("charging stations", "충전소", "곳", "充電ステーション", "カ所"),
    ("drones", "드론", "대", "ドローン", "機"),
]
PRODUCT_SUFFIXES = ["X", "Pro", "Max", "One", "Edge", "Nova", "Prime"]
KO_OUTLETS = [
    "한빛일보",
    "서울경제신문",
    "디지털타임스코리아",
    "아시아투데이뉴스",
    "테크월드코리아",
]
JA_OUTLETS = ["東都新聞", "日経テックレビュー", "みなと経済", "関西ビジネス日報", "テック通信"]
EN_OUTLETS = ["Pacific Ledger", "Asia Tech Wire", "The Market Daily", "Global Chip Report"]
WIRE_OUTLETS = ["Yonhap-style Wire", "Kyodo-style Wire", "Metro Press", "Daily Aggregator"]

# --- numbers as each language writes them -------------------------------------------------------


def _group(value: int) -> str:
    return f"{value:,}"


def count_text(value: int, lang: str) -> str:
    """A count as news in ``lang`` writes it: 250,000 / 25만 / 25万 (myriads when exact)."""
    if lang in ("ko", "ja") and value >= 10_000 and value % 10_000 == 0:
        return f"{_group(value // 10_000)}{'만' if lang == 'ko' else '万'}"
    return _group(value)


def money_text(hundred_millions: int, lang: str) -> str:
    """US dollars in units of 100 million: $4.1 billion / 41억 달러 / 41億ドル."""
    if lang == "ko":
        return f"{hundred_millions}억 달러"
    if lang == "ja":
        return f"{hundred_millions}億ドル"
    dollars = hundred_millions * 100_000_000
    if dollars >= 1_000_000_000:
        billions = dollars / 1_000_000_000
        return f"${billions:g} billion"
    return f"${dollars // 1_000_000} million"


_QUALIFIED = {
    # qualifier: (en before, ko before, ko after, ja before, ja after)
    "more_than": ("more than ", "", " 이상", "", "以上"),
    "about": ("about ", "약 ", "", "約", ""),
    "up_to": ("up to ", "최대 ", "", "最大", ""),
    None: ("", "", "", "", ""),
}


def qualified(core: str, qualifier: str | None, lang: str) -> str:
    """``core`` (number plus unit) with its qualifier where ``lang`` puts it."""
    en, ko_pre, ko_post, ja_pre, ja_post = _QUALIFIED[qualifier]
    if lang == "en":
        return en + core
    if lang == "ko":
        return ko_pre + core + ko_post
    return ja_pre + core + ja_post


def date_text(moment: datetime, lang: str) -> str:
    """A day of the month: Nov. 18 / 11월 18일 / 11月18日."""
    if lang == "en":
        return f"{moment.strftime('%b')}. {moment.day}"
    if lang == "ko":
        return f"{moment.month}월 {moment.day}일"
    return f"{moment.month}月{moment.day}日"


# --- events and their facts ---------------------------------------------------------------------


@dataclass
class Fact:
    """One measurable claim of an event, rendered by ``sentence(lang, ...)``."""

    kind: str
    value: int
    qualifier: str | None = None
    thing: int = 0
    year: int = 2027
    level: str = "plan"  # plan / done (commitment)


@dataclass
class Event:
    """What a press release announces; unrelated articles are events with one article."""

    company: Name
    partner: Name
    city: Name
    country: Name
    product: str
    day: datetime
    facts: list[Fact]
    ceo: Name
    founded: int
    label: str = ""
    extras: dict[str, Any] = field(default_factory=dict)


def _quantity(rng: random.Random) -> int:
    # a fifth round (50,000), the rest as specific as real releases are (36,000; 251,000)
    if rng.random() < 0.2:
        return rng.randint(1, 9) * rng.choice((1_000, 10_000, 100_000))
    return rng.randint(11, 999) * rng.choice((100, 1_000, 1_000, 10_000))


def make_event(rng: random.Random, day: datetime, label: str) -> Event:
    """A random announcement: a company, a partner, a city and 4-7 facts."""
    company = rng.choice(REAL_COMPANIES) if rng.random() < 0.12 else invented_name(rng)
    kinds = ["units", "investment", "jobs", "timeline", "share", "capacity", "partners"]
    rng.shuffle(kinds)
    facts = []
    for kind in ["units", *kinds[: rng.randint(3, 6)]]:
        if kind == "units" and any(f.kind == "units" for f in facts):
            continue
        qualifier = rng.choice((None, None, "more_than", "about", "up_to"))
        if kind == "units":
            value = _quantity(rng)
        elif kind == "investment":
            value = rng.randint(2, 400)  # hundreds of millions of dollars
        elif kind == "jobs":
            value = rng.randint(3, 120) * 50
        elif kind == "share":
            value = rng.randint(3, 45)
            qualifier = None
        elif kind == "capacity":
            value = rng.randint(2, 90) * 10
        elif kind == "partners":
            value = rng.choice((2, 3, 4, 5))
            qualifier = None
        else:
            value = 0
            qualifier = None
        facts.append(
            Fact(
                kind,
                value,
                qualifier,
                thing=rng.randrange(len(THINGS)),
                year=rng.choice((2026, 2027, 2027, 2028)),
                level=rng.choice(("plan", "plan", "done")),
            )
        )
    return Event(
        company=company,
        partner=invented_name(rng),
        city=rng.choice(CITIES),
        country=rng.choice(COUNTRIES),
        product=f"{company.en[:3].upper()}-{rng.randint(2, 990)}{rng.choice(PRODUCT_SUFFIXES)}",
        day=day,
        facts=facts,
        ceo=invented_name(rng),
        founded=rng.randint(1968, 2019),
        label=label,
    )


def _invest_verb(level: str, lang: str, report: bool) -> str:
    if lang == "en":
        return (
            "has invested" if level == "done" else ("will invest" if report else "plans to invest")
        )
    if lang == "ko":
        return "투자했다" if level == "done" else "투자할 계획이라고 밝혔다"
    return "投資した" if level == "done" else "投資する計画だと発表した"


# (release wording, report wording) per fact kind and language; slots filled by _slots().
FACT_TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "units": {
        "en": (
            "{c} today announced that it will deploy {units} built on its {product} platform "
            "in {city} by {year}.",
            "{c} will supply {units} to customers in {city} by {year}, the report said.",
        ),
        "ko": (
            "{c_topic} {product} 플랫폼 기반의 {units_object} {year}년까지 {city}에 배치한다고 "
            "발표했다.",
            "{c_topic} {year}년까지 {city} 지역에 {units_object} 공급하기로 했다.",
        ),
        "ja": (
            "{c}は{product}基盤の{units}を{year}年までに{city}に配備すると発表した。",
            "{c}は{year}年までに{city}で{units}を供給する。",
        ),
    },
    "investment": {
        "en": ("{c} {verb} {money} in the project, according to the company.",) * 2,
        "ko": ("{c_topic} 이번 사업에 {money}를 {verb}.",) * 2,
        "ja": ("{c}はこの事業に{money}を{verb}。",) * 2,
    },
    "jobs": {
        "en": ("The {city} site is expected to create {jobs}.",) * 2,
        "ko": ("{city} 사업장에서는 {jobs}의 일자리가 생길 전망이다.",) * 2,
        "ja": ("{city}の拠点では{jobs}の雇用が生まれる見通しだ。",) * 2,
    },
    "share": {
        "en": ("{c} expects its market share in {country} to reach {value}% in {year}.",) * 2,
        "ko": ("{c_topic} {year}년 {country} 시장 점유율이 {value}%에 이를 것으로 내다봤다.",) * 2,
        "ja": ("{c}は{year}年の{country}市場シェアが{value}%に達すると見込む。",) * 2,
    },
    "capacity": {
        "en": ("The new data center in {city} will have a capacity of {mw}.",) * 2,
        "ko": ("{city}에 들어설 새 데이터센터의 용량은 {mw} 규모다.",) * 2,
        "ja": ("{city}に建設する新しいデータセンターの容量は{mw}となる。",) * 2,
    },
    "partners": {
        "en": (
            "{c} will work with {partner} and {value} other partners.",
            "{c} will work with {partner} and {value_word} other partners.",
        ),
        "ko": ("{c_topic} {partner} 등 협력사 {value}곳과 함께 사업을 추진한다.",) * 2,
        "ja": ("{c}は{partner}など{value}社と協力して事業を進める。",) * 2,
    },
    "timeline": {
        "en": ("The first systems are expected to come online in the second half of {year}.",) * 2,
        "ko": ("첫 시스템은 {year}년 하반기에 가동될 것으로 예상된다.",) * 2,
        "ja": ("最初のシステムは{year}年後半に稼働する見通しだ。",) * 2,
    },
}
_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}
_MEGAWATTS = {"en": "{} megawatts", "ko": "{}메가와트", "ja": "{}メガワット"}
_PEOPLE = {"en": "{} jobs", "ko": "{}명", "ja": "{}人"}


def _units(fact: Fact, lang: str) -> str:
    en_noun, ko_noun, ko_counter, ja_noun, ja_counter = THINGS[fact.thing]
    n = count_text(fact.value, lang)
    if lang == "en":
        return qualified(f"{n} {en_noun}", fact.qualifier, "en")
    if lang == "ko":
        return f"{ko_noun} " + qualified(f"{n} {ko_counter}", fact.qualifier, "ko")
    return ja_noun + qualified(f"{n}{ja_counter}", fact.qualifier, "ja")


def _slots(event: Event, fact: Fact, lang: str, rng: random.Random, report: bool) -> dict:
    c = event.company.in_lang(lang, rng)
    units = _units(fact, lang)
    return {
        "c": c,
        "c_topic": josa(c, "은", "는"),
        "city": event.city.in_lang(lang, rng),
        "country": getattr(event.country, lang),
        "year": fact.year,
        "product": event.product,
        "partner": event.partner.in_lang(lang, rng),
        "value": fact.value,
        "value_word": _NUMBER_WORDS.get(fact.value, fact.value),
        "units": units,
        "units_object": josa(units, "을", "를"),
        "money": qualified(money_text(fact.value, lang), fact.qualifier, lang),
        "verb": _invest_verb(fact.level, lang, report),
        "jobs": qualified(_PEOPLE[lang].format(count_text(fact.value, lang)), fact.qualifier, lang),
        "mw": qualified(_MEGAWATTS[lang].format(fact.value), fact.qualifier, lang),
    }


def fact_sentence(event: Event, fact: Fact, lang: str, rng: random.Random, report: bool) -> str:
    """One fact of ``event`` as a sentence in ``lang`` (a report words it differently)."""
    template = FACT_TEMPLATES[fact.kind][lang][1 if report else 0]
    return template.format(**_slots(event, fact, lang, rng, report))


def background_sentences(event: Event, lang: str, rng: random.Random) -> list[str]:
    """Event-specific context: who the company is, who said what, when."""
    c = event.company.in_lang(lang, rng)
    ceo = event.ceo.in_lang(lang, rng)
    when = date_text(event.day, lang)
    if lang == "en":
        return [
            f"{c} was founded in {event.founded} and is based in {event.city.en}.",
            f'"This partnership marks a new chapter for {c}," said chief executive {ceo}.',
            f"The agreement was signed on {when} in {event.city.en}.",
            f"{c} said the {event.product} would be shown to customers next month.",
        ]
    if lang == "ko":
        return [
            f"{josa(c, '은', '는')} {event.founded}년 설립된 기업으로 {event.city.ko}에 본사를 두고 있다.",
            f'{ceo} 최고경영자는 "이번 협력은 {c}의 새로운 도약"이라고 말했다.',
            f"협약은 {when} {event.city.ko}에서 체결됐다.",
            f"{josa(c, '은', '는')} 다음 달 고객에게 {event.product}를 공개할 예정이다.",
        ]
    return [
        f"{c}は{event.founded}年に設立され、{event.city.ja}に本社を置く。",
        f"{ceo}最高経営責任者は「今回の提携は{c}にとって新たな一歩だ」と述べた。",
        f"契約は{when}に{event.city.ja}で締結された。",
        f"{c}は来月、{event.product}を顧客に公開する予定だ。",
    ]


# Generic sentences every kind of article shares: common words, years, countries, round numbers.
FILLER = {
    "en": [
        "Demand for AI infrastructure in {country} remains strong, analysts said.",
        "The AI market in Asia is expected to grow 10% in 2026.",
        "Shares of the company rose 2% in morning trading.",
        "The CEO said the company would announce more details in 2027.",
        "Industry watchers expect more investment in {country} this year.",
        "The government of {country} has pledged support for the semiconductor industry.",
        "Competition in the sector has intensified over the past year.",
        "Officials in {city} welcomed the plan.",
        "The company did not disclose financial terms.",
        "Analysts said supply constraints could ease by 2027.",
        "Exports from {country} rose 5% in October.",
        "The announcement comes amid rising demand for data centers.",
    ],
    "ko": [
        "업계에서는 {country}의 AI 인프라 수요가 여전히 강하다고 보고 있다.",
        "아시아 AI 시장은 2026년 10% 성장할 것으로 예상된다.",
        "이날 회사 주가는 오전 거래에서 2% 올랐다.",
        "최고경영자는 2027년에 더 자세한 내용을 발표하겠다고 말했다.",
        "업계는 올해 {country}에 대한 투자가 늘어날 것으로 내다봤다.",
        "{country} 정부는 반도체 산업 지원을 약속했다.",
        "지난 1년간 업계 경쟁은 더욱 치열해졌다.",
        "{city}시 관계자는 이번 계획을 환영했다.",
        "회사 측은 구체적인 계약 조건을 공개하지 않았다.",
        "전문가들은 공급 부족이 2027년쯤 완화될 수 있다고 분석했다.",
        "10월 {country}의 수출은 5% 증가했다.",
        "이번 발표는 데이터센터 수요가 늘어나는 가운데 나왔다.",
    ],
    "ja": [
        "アナリストは{country}のAIインフラ需要は依然として強いと指摘した。",
        "アジアのAI市場は2026年に10%成長する見通しだ。",
        "同社の株価は午前の取引で2%上昇した。",
        "最高経営責任者は2027年に詳細を発表すると述べた。",
        "業界では今年{country}への投資が増えるとの見方が多い。",
        "{country}政府は半導体産業への支援を表明している。",
        "この1年で業界の競争は一段と激しくなった。",
        "{city}市の関係者は計画を歓迎した。",
        "同社は契約の詳しい条件を明らかにしていない。",
        "専門家は供給不足が2027年ごろに緩和される可能性があるとみている。",
        "10月の{country}の輸出は5%増加した。",
        "今回の発表はデータセンター需要が高まる中で行われた。",
    ],
}


def filler(lang: str, event: Event, rng: random.Random, n: int) -> list[str]:
    """``n`` generic sentences (with repetition when ``n`` exceeds the templates)."""
    country, city = event.country, event.city
    out = []
    templates: list[str] = []
    for _ in range(n):
        if not templates:  # each template once before any repeats
            templates = rng.sample(FILLER[lang], k=len(FILLER[lang]))
        template = templates.pop()
        out.append(
            template.format(
                country=getattr(country, lang), city=getattr(city, lang).replace("the ", "")
            )
        )
    return out


def title(event: Event, lang: str, rng: random.Random, report: bool) -> str:
    """A headline naming the company and the headline fact."""
    c = event.company.in_lang(lang, rng)
    units = event.facts[0]
    en_noun, ko_noun, ko_counter, ja_noun, ja_counter = THINGS[units.thing]
    if lang == "en":
        verb = "to supply" if report else "announces plan to deploy"
        return f"{c} {verb} {count_text(units.value, 'en')} {en_noun} in {event.city.en}"
    if lang == "ko":
        return f"{c}, {event.city.ko}에 {ko_noun} {count_text(units.value, 'ko')}{ko_counter} 공급"
    return f"{c}、{event.city.ja}に{ja_noun}{count_text(units.value, 'ja')}{ja_counter}配備"


def _changed(fact: Fact, change: str, rng: random.Random) -> Fact:
    if change == "value_changed":
        factor = rng.choice((0.1, 0.5, 2, 10, 7 / 6, 6 / 7))
        value = max(1, round(fact.value * factor))
        if value == fact.value:
            value = fact.value + 1
        return Fact(fact.kind, value, fact.qualifier, fact.thing, fact.year, fact.level)
    if change == "qualifier_dropped":
        return Fact(fact.kind, fact.value, None, fact.thing, fact.year, fact.level)
    if change == "commitment_inflated":
        return Fact(fact.kind, fact.value, fact.qualifier, fact.thing, fact.year, "done")
    return fact


def _slug(outlet: str) -> str:
    return "o" + "".join(f"{ord(ch):x}" for ch in outlet)[:12]


def _paragraphs(sentences: list[str], rng: random.Random) -> str:
    paragraphs, i = [], 0
    while i < len(sentences):
        step = rng.randint(1, 3)
        joiner = " " if sentences[i][-1:] in '."”' else ""
        paragraphs.append(joiner.join(sentences[i : i + step]))
        i += step
    return "\n\n".join(paragraphs)


def release(event: Event, lang: str, rng: random.Random, index: int) -> tuple[dict, list[str]]:
    """The press release of ``event``: every fact, background, filler; 6-26 statements."""
    facts = {id(f): fact_sentence(event, f, lang, rng, report=False) for f in event.facts}
    body = list(facts.values()) + background_sentences(event, lang, rng)
    n = rng.randint(6, 26) - 1  # the headline is a statement too
    body = body[:n] + filler(lang, event, rng, max(0, n - len(body)))
    head, tail = body[:1], body[1:]
    rng.shuffle(tail)
    sentences = head + tail
    slug = event.company.en.lower()
    record = {
        "url": f"https://newsroom.{slug}.example/press/{event.day:%Y%m%d}-{index}",
        "outlet": f"{event.company.en} Newsroom",
        "role": "original",
        "lang": lang,
        "published_at": event.day.isoformat(),
        "title": title(event, lang, rng, report=False),
        "text": _paragraphs(sentences, rng),
        "synthetic_story": event.label,
        "synthetic_kind": "release",
    }
    return record, [facts[id(f)] for f in event.facts]


def report_article(
    event: Event,
    originals: list[str],
    lang: str,
    rng: random.Random,
    index: int,
) -> dict:
    """A report on ``event`` restating some of its facts (some changed), in ``lang``."""
    chosen = rng.sample(
        range(len(event.facts)), k=rng.randint(min(2, len(event.facts)), len(event.facts))
    )
    pairs, body = [], []
    for i in sorted(chosen):
        change = rng.choices(
            ("faithful", "value_changed", "qualifier_dropped", "commitment_inflated"),
            weights=(75, 10, 10, 5),
        )[0]
        fact = event.facts[i]
        if change == "qualifier_dropped" and fact.qualifier is None:
            change = "faithful"
        if change == "commitment_inflated" and (fact.kind != "investment" or fact.level == "done"):
            change = "faithful"
        sentence = fact_sentence(event, _changed(fact, change, rng), lang, rng, report=True)
        body.append(sentence)
        pairs.append([sentence, originals[i], change])
    background = background_sentences(event, lang, rng)
    body += rng.sample(background, k=rng.randint(1, len(background)))
    n = rng.randint(6, 26) - 1
    body = body[:n] + filler(lang, event, rng, max(0, n - len(body)))
    rng.shuffle(body)
    outlet = rng.choice({"ko": KO_OUTLETS, "ja": JA_OUTLETS, "en": EN_OUTLETS}[lang])
    published = event.day + timedelta(minutes=rng.randrange(60, 60 * 72))
    kept = set(body)
    return {
        "url": f"https://www.{_slug(outlet)}.example/news/{published:%Y%m%d}/{index}",
        "outlet": outlet,
        "role": "report",
        "lang": lang,
        "published_at": published.isoformat(),
        "title": title(event, lang, rng, report=True),
        "text": _paragraphs(body, rng),
        "synthetic_story": event.label,
        "synthetic_kind": "report",
        "synthetic_pairs": [p for p in pairs if p[0] in kept],
    }


def unrelated_article(event: Event, lang: str, rng: random.Random, index: int) -> dict:
    """An article on an event no other article covers (a report, or an uncovered release)."""
    if rng.random() < 0.3:
        record, _ = release(event, lang, rng, index)
    else:
        originals = [fact_sentence(event, f, lang, rng, report=False) for f in event.facts]
        record = report_article(event, originals, lang, rng, index)
        record.pop("synthetic_pairs")
    record["synthetic_kind"] = "unrelated"
    return record


def wire_copy(source: dict, rng: random.Random, index: int) -> dict:
    """``source`` republished by a wire or aggregator: new URL and outlet, small edits; a third
    of the copies also drop their last paragraph (so they are no longer near-identical)."""
    paragraphs = source["text"].split("\n\n")
    if len(paragraphs) > 3 and rng.random() < 0.33:
        paragraphs = paragraphs[:-1]
    byline = {"en": "(Wire) ", "ko": "(서울=통신) ", "ja": "【共同】"}[source["lang"]]
    copy = dict(source)
    copy.pop("synthetic_pairs", None)
    copy.update(
        url=f"https://{rng.choice(WIRE_OUTLETS).lower().replace(' ', '-')}.example/a/{index}",
        outlet=rng.choice(WIRE_OUTLETS),
        role="report",
        text=byline + "\n\n".join(paragraphs),
        synthetic_kind="wire",
        synthetic_copy_of=source["url"],
    )
    return copy


def generate(n: int, seed: int = 7, start: datetime = WEEK_START) -> Iterator[dict]:
    """``n`` articles of one synthetic week, in publication-independent (shuffled) order."""
    rng = random.Random(seed)
    records: list[dict] = []
    n_wire = round(0.05 * n)
    target_story = round(0.30 * n)
    story_no = 0
    index = 0
    while sum(r["synthetic_kind"] in ("release", "report") for r in records) < target_story:
        day = start + timedelta(minutes=rng.randrange(60 * 24 * 5))
        event = make_event(rng, day, f"s{seed}-{story_no:06d}")
        story_no += 1
        lang = rng.choices(LANGS, weights=(50, 25, 25))[0]
        record, originals = release(event, lang, rng, index)
        records.append(record)
        index += 1
        for _ in range(rng.randint(1, 8)):
            records.append(report_article(event, originals, rng.choice(LANGS), rng, index))
            index += 1
    unrelated = n - n_wire - len(records)
    for u in range(max(0, unrelated)):
        day = start + timedelta(minutes=rng.randrange(60 * 24 * 7))
        event = make_event(rng, day, f"u{seed}-{u:06d}")
        records.append(unrelated_article(event, rng.choice(LANGS), rng, index))
        index += 1
    records = records[: n - n_wire]
    for _ in range(n - len(records)):
        records.append(wire_copy(rng.choice(records[: n - n_wire]), rng, index))
        index += 1
    rng.shuffle(records)
    yield from records


def write_jsonl(path: Path, n: int, seed: int = 7, start: datetime = WEEK_START) -> int:
    """Write ``generate(n, seed, start)`` to ``path`` (Contract 1 JSON Lines); returns ``n``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for record in generate(n, seed, start):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def main() -> None:
    """Command line: write one synthetic night."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    write_jsonl(args.out, args.n, args.seed)
    print(f"wrote {args.n} articles to {args.out}")


if __name__ == "__main__":
    main()
