"""The facts stage: statements per second per language, against the extractor before issue 12.

Sentences: the premises of the public NLI sets in ../shared/data/nli (XNLI English, KorNLI,
JNLI: real sentences of news length, 10-40 words) when that folder is there, else the team's
labelled pairs in tests/data/checks_dev.jsonl. Each side extracts the facts of every
sentence of one language on one core, in its own process; the fastest of ``--repeats`` passes
counts.

- baseline: claimdiff's extractor at git revision ``--baseline-rev`` (default 040998c, the
  code before issue 12), exported with ``git archive`` into the benchmark cache;
- claimdiff: this tree's facts stage (``claimdiff.facts.extract_facts``: quantities with
  units, dates, modality and hedges, negation and scope terms).

    python benchmarks/facts.py             # prints a table per language and ratio_vs_baseline=
    python benchmarks/facts.py --quick     # 300 sentences per language

The issue's floor is 2,000 statements per second per core on news-length sentences.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, ROOT, best_of, isolated, report

# ../shared/data/nli of the checkout, or of a folder above it (a git worktree one level deeper)
NLI_DIR = next(
    (
        p / "shared" / "data" / "nli"
        for p in ROOT.parents
        if (p / "shared" / "data" / "nli").is_dir()
    ),
    ROOT.parent / "shared" / "data" / "nli",
)
SETS = {
    "en": "xnli_dev_en.jsonl",
    "ko": "kornli_xnli_dev_ko.jsonl",
    "ja": "jnli_v1.3_valid_ja.jsonl",
}


def sentences(lang: str, limit: int) -> list[str]:
    """Distinct premises of the language's NLI set, or the dev set's texts of that language."""
    path = NLI_DIR / SETS[lang]
    texts: list[str] = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            texts.append(json.loads(line)["premise"].strip())
    else:
        for line in (ROOT / "tests" / "data" / "checks_dev.jsonl").read_text("utf-8").splitlines():
            record = json.loads(line)
            texts += [
                record[f"{r}_text"] for r in ("original", "report") if record[f"{r}_lang"] == lang
            ]
    unique = list(dict.fromkeys(t for t in texts if t))
    return (unique * (limit // max(len(unique), 1) + 1))[:limit]


def baseline_tree(rev: str) -> Path:
    """The source tree of claimdiff at ``rev``, exported once into the cache."""
    out = CACHE / f"facts-baseline-{rev}"
    if not (out / "src" / "claimdiff").exists():
        out.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev, "src/claimdiff"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)
    return out / "src"


def run_side(src: str, lang: str, texts: list[str], repeats: int) -> dict[str, Any]:
    """Extract the facts of every text, in a process whose claimdiff comes from ``src``."""
    sys.path.insert(0, src)
    from claimdiff.facts import extract_facts, load_lexicons

    lexicons = load_lexicons()
    for text in texts[:20]:  # warm caches (compiled patterns, pint's registry)
        extract_facts(text, lang, lexicons)
    seconds = best_of(repeats, lambda: [extract_facts(t, lang, lexicons) for t in texts])
    return {"throughput": len(texts) / seconds, "seconds": seconds, "items": len(texts)}


def _cpu() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor() or platform.machine()
    model = next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("model name")), "")
    flags = next((ln.split(":", 1)[1].split() for ln in lines if ln.startswith("flags")), [])
    return f"{model} ({' '.join(f for f in ('avx2', 'avx512f', 'avx512_vnni') if f in flags)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--baseline-rev", default="040998c")
    parser.add_argument("--quick", action="store_true", help="300 sentences, 2 passes")
    args = parser.parse_args()
    n, repeats = (300, 2) if args.quick else (args.sentences, args.repeats)
    old = str(baseline_tree(args.baseline_rev))
    new = str(ROOT / "src")
    ratios = []
    for lang in ("en", "ko", "ja"):
        texts = sentences(lang, n)
        words = sum(len(t.split()) for t in texts) / len(texts)
        rows = {
            "baseline": {
                **isolated(run_side, src=old, lang=lang, texts=texts, repeats=repeats),
                "label": f"extractor at {args.baseline_rev}",
            },
            "claimdiff": {
                **isolated(run_side, src=new, lang=lang, texts=texts, repeats=repeats),
                "label": "facts stage (this tree)",
            },
        }
        source = str(NLI_DIR / SETS[lang]) if (NLI_DIR / SETS[lang]).exists() else "checks_dev"
        extra = {"lang": lang, "cpu": _cpu(), "sentences": source, "mean_chars": round(sum(map(len, texts)) / len(texts)),
                 "mean_space_words": round(words, 1), "one_core": True}  # fmt: skip
        ratios.append(report(f"facts stage, {lang}: statements/s", "statements", rows, extra))
    print(f"ratio_vs_baseline={min(ratios):.2f}  # the slowest language")


if __name__ == "__main__":
    main()
