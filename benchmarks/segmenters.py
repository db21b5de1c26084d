"""Measure sentence segmenters on the hand-labelled ko/ja/en set in tests/text/gold/.

Accuracy is exact span match (a predicted sentence counts only when its stripped start and end
equal a gold sentence's): precision, recall and F1 over all sentences of a language. Speed is
thousands of characters per second over the whole set, repeated until ``--min-seconds``.

Every candidate gets the text one paragraph (line) at a time, as claimdiff feeds its segmenter;
candidates that are not installed are listed as such. Run:

    python benchmarks/segmenters.py                 # all installed candidates
    python benchmarks/segmenters.py --show-errors   # and print every wrong sentence

kss and bunkai are not claimdiff dependencies (heavy: see the report); install them in a
separate virtualenv to include them (kss pins emoji==1.2.0, bunkai needs emoji>=2).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "tests" / "text" / "gold"
sys.path.insert(0, str(ROOT / "src"))

Span = tuple[int, int]
Splitter = Callable[[str], list[str]]
LANGS = ("ko", "ja", "en")
_PARAGRAPH = re.compile(r"[^\n]+")


def load_gold(lang: str) -> list[tuple[str, list[Span]]]:
    """(document text, gold spans) for one language, built from the YAML sentence lists."""
    data = yaml.safe_load((GOLD_DIR / f"{lang}.yaml").read_text(encoding="utf-8"))
    documents = []
    for doc in data["docs"]:
        text, spans = "", []
        for p_index, paragraph in enumerate(doc["paragraphs"]):
            if p_index:
                text += "\n"
            for s_index, sentence in enumerate(paragraph):
                if s_index:
                    text += doc["sep"]
                spans.append((len(text), len(text) + len(sentence)))
                text += sentence
        documents.append((text, spans))
    return documents


def locate(paragraph: str, sentences: list[str]) -> list[Span]:
    """Spans of sentences returned as strings, found in order (a rewritten one is lost)."""
    spans, cursor = [], 0
    for sentence in sentences:
        stripped = sentence.strip()
        found = paragraph.find(stripped, cursor) if stripped else -1
        if found >= 0:
            spans.append((found, found + len(stripped)))
            cursor = found + len(stripped)
    return spans


def by_paragraph(text: str, split: Splitter) -> list[Span]:
    spans = []
    for match in _PARAGRAPH.finditer(text):
        offset = match.start()
        spans.extend(
            (offset + s, offset + e) for s, e in locate(match.group(), split(match.group()))
        )
    return spans


# --- candidates: name -> (languages, factory returning lang -> splitter) ----------------------


def _claimdiff(segmenter: str) -> Callable[[str], Splitter]:
    from claimdiff.text import split_sentences
    from claimdiff.text.sentences import get_backend

    get_backend(segmenter)  # fail here, as "not installed", when the backend is missing

    def for_lang(lang: str) -> Splitter:
        return lambda t: [t[s:e] for s, e in split_sentences(t, lang, segmenter=segmenter)]

    return for_lang


def _sentencex() -> Callable[[str], Splitter]:
    import sentencex

    return lambda lang: lambda t: list(sentencex.segment(lang, t))


def _pysbd() -> Callable[[str], Splitter]:
    import pysbd

    def for_lang(lang: str) -> Splitter:
        seg = pysbd.Segmenter(language=lang, clean=False)
        return seg.segment

    return for_lang


def _kss() -> Callable[[str], Splitter]:
    import kss

    return lambda lang: lambda t: kss.split_sentences(t)


def _bunkai() -> Callable[[str], Splitter]:
    from bunkai import Bunkai

    splitter = Bunkai()
    return lambda lang: lambda t: list(splitter(t))


CANDIDATES: dict[str, tuple[tuple[str, ...], Callable[[], Callable[[str], Splitter]]]] = {
    "claimdiff (sentencex + rules)": (LANGS, lambda: _claimdiff("sentencex")),
    "claimdiff (pysbd + rules)": (LANGS, lambda: _claimdiff("pysbd")),
    "sentencex": (LANGS, _sentencex),
    "pysbd": (("ja", "en"), _pysbd),
    "kss": (("ko",), _kss),
    "bunkai": (("ja",), _bunkai),
}


def score(gold: list[tuple[str, list[Span]]], split: Splitter) -> tuple[int, int, int, list[str]]:
    """(correct, predicted, gold) counts and the wrongly predicted sentences."""
    correct = predicted = expected = 0
    errors = []
    for text, spans in gold:
        found = by_paragraph(text, split)
        hits = set(found) & set(spans)
        correct += len(hits)
        predicted += len(found)
        expected += len(spans)
        errors.extend(text[s:e] for s, e in found if (s, e) not in hits)
    return correct, predicted, expected, errors


def speed(gold: list[tuple[str, list[Span]]], split: Splitter, min_seconds: float) -> float:
    chars = sum(len(text) for text, _ in gold)
    total, rounds, began = 0, 0, time.perf_counter()
    while True:
        for text, _ in gold:
            by_paragraph(text, split)
        total += chars
        rounds += 1
        elapsed = time.perf_counter() - began
        if elapsed >= min_seconds and rounds >= 3:
            return total / elapsed / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-seconds", type=float, default=0.5)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()

    gold = {lang: load_gold(lang) for lang in LANGS}
    counts = {lang: sum(len(spans) for _, spans in docs) for lang, docs in gold.items()}
    print("gold sentences: " + ", ".join(f"{lang} {n}" for lang, n in counts.items()))
    header = f"{'candidate':32} {'lang':4} {'P':>6} {'R':>6} {'F1':>6} {'exact':>7} {'kchar/s':>9} {'load s':>7}"
    print(header)
    print("-" * len(header))
    for name, (langs, factory) in CANDIDATES.items():
        began = time.perf_counter()
        try:
            make = factory()
        except ImportError as exc:
            print(f"{name:32} not installed ({exc.name or exc})")
            continue
        load_s = time.perf_counter() - began
        for lang in langs:
            split = make(lang)
            correct, predicted, expected, errors = score(gold[lang], split)
            p = correct / predicted if predicted else 0.0
            r = correct / expected if expected else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            kcps = speed(gold[lang], split, args.min_seconds)
            print(
                f"{name:32} {lang:4} {p:6.3f} {r:6.3f} {f1:6.3f} {correct:>3}/{expected:<3} "
                f"{kcps:9.1f} {load_s:7.2f}"
            )
            if args.show_errors:
                for error in errors:
                    print(f"    wrong: {error!r}")


if __name__ == "__main__":
    main()
