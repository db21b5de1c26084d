"""Pairing recall on a labelled set kept outside the repository: the share of (original, report)
sentence cases whose two statements claimdiff pairs, checks-only, against the baseline commit.

The set is two files in a folder given on the command line (never copied into the repository):
``articles.jsonl`` (Contract 1) and ``cases.jsonl``, one case a line with ``original_url``,
``original_text``, ``report_url`` and ``report_text`` (whole sentences of those articles).
Each side runs ``claimdiff run --no-models`` on the articles into a fresh store (the command
line, as a user runs it); a case counts as paired when a stored pair joins a statement of the
original article holding the original sentence with one of the report article holding the
report sentence (segmentation may cut a sentence differently, so containment either way).

    python benchmarks/pair_recall.py /path/to/heldout
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import CACHE, DEFAULT_BASELINE_REF, ROOT, baseline_tree, cpu_description, run_night


def _baseline(ref: str) -> Path:
    """The sources at ``ref``: scale.py's extraction (src, pipelines) where the ref predates
    claimdiff_pipelines, else src and claimdiff_pipelines, which run_night then runs."""
    listed = subprocess.run(
        ["git", "ls-tree", "--name-only", ref], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    if "claimdiff_pipelines" not in listed:
        return baseline_tree(ref)
    target = CACHE / f"recall-baseline-{ref}"
    if not (target / "claimdiff_pipelines").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", ref, "src", "claimdiff_pipelines"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def _norm(text: str) -> str:
    # the store holds statements in NFKC, a labelled set as written (full-width ％, ㎏)
    return unicodedata.normalize("NFKC", "".join(text.split()))


def recall(store_path: Path, cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Paired and same-story shares of ``cases`` in the store's pairs and stories."""
    conn = sqlite3.connect(store_path)
    url_of = dict(conn.execute("SELECT article_id, url FROM articles"))
    statements: dict[str, list[tuple[str, str]]] = {}
    for sid, aid, text in conn.execute("SELECT statement_id, article_id, text FROM statements"):
        statements.setdefault(url_of[aid], []).append((sid, _norm(text)))
    pairs = set(conn.execute("SELECT original_id, report_id FROM pairs"))
    story_of: dict[str, int] = {}
    for n, (members,) in enumerate(conn.execute("SELECT article_ids FROM stories")):
        for aid in json.loads(members):
            story_of[url_of.get(aid, aid)] = n
    conn.close()

    def holding(url: str, sentence: str) -> set[str]:
        target = _norm(sentence)
        return {sid for sid, text in statements.get(url, []) if target in text or text in target}

    paired, same_story = 0, 0
    by_direction: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for case in cases:
        direction = f"{case.get('original_lang', '?')}->{case.get('report_lang', '?')}"
        totals[direction] += 1
        o, r = case["original_url"], case["report_url"]
        if o in story_of and story_of.get(o) == story_of.get(r):
            same_story += 1
        originals = holding(o, case["original_text"])
        reports = holding(r, case["report_text"])
        if any((a, b) in pairs for a in originals for b in reports):
            paired += 1
            by_direction[direction] += 1
    return {
        "cases": len(cases),
        "paired": paired,
        "recall": round(paired / max(len(cases), 1), 3),
        "same_story": round(same_story / max(len(cases), 1), 3),
        "pairs": len(pairs),
        "by_direction": {d: f"{by_direction[d]}/{n}" for d, n in sorted(totals.items())},
    }


def main() -> None:
    """Run both sides on the set; print recall per side and ``ratio_vs_baseline``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="holds articles.jsonl and cases.jsonl")
    parser.add_argument("--baseline-ref", default=DEFAULT_BASELINE_REF)
    parser.add_argument("--memory-gb", type=float, default=8.0)
    args = parser.parse_args()
    cases = [json.loads(line) for line in (args.folder / "cases.jsonl").open(encoding="utf-8")]
    work = Path(tempfile.mkdtemp(prefix="claimdiff-recall-"))
    print(f"machine: {cpu_description()}")
    results = {}
    for side, tree in (("baseline", _baseline(args.baseline_ref)), ("claimdiff", ROOT)):
        run = run_night(tree, work / side, args.folder / "articles.jsonl", args.memory_gb, 1800)
        if "error" in run:
            print(f"{side}: failed: {run['error']}")
            continue
        results[side] = recall(work / side / "store.db", cases)
        print(f"{side}: {json.dumps(results[side])}")
    if len(results) == 2 and results["baseline"]["recall"]:
        ratio = results["claimdiff"]["recall"] / results["baseline"]["recall"]
        print(f"ratio_vs_baseline={ratio:.2f}")


if __name__ == "__main__":
    main()
