"""A night at scale, checks-only, end to end: seconds per stage, peak memory, story quality and
the growth exponent of each stage, against a named baseline (an earlier commit) in the same run.

Every size runs ``claimdiff run --no-models`` (the command line, Prefect included) on a
synthetic crawl from ``benchmarks/synthetic.py`` into a fresh store, in its own process under
an address-space limit (``--memory-gb``), so a side that runs out of memory is reported as
failed instead of freezing the machine. Per size it prints the seconds of each stage (from
run.json) and of the whole command (start-up and hand-offs included), peak RSS, stories found
and true, pairs per article, and story purity / completeness against the generator's labels;
then the growth exponent per stage (log-log slope between consecutive sizes), an incremental
night (500 new articles into the 20,000-article store) and an empty night (the same file
again). The baseline runs the same command from ``git archive <--baseline-ref>`` at the sizes
where it can (``--baseline-sizes``); ``ratio_vs_baseline`` is baseline seconds / claimdiff
seconds at the largest size both completed.

    python benchmarks/scale.py                      # 1,000 / 5,000 / 20,000
    python benchmarks/scale.py --sizes 1000 5000    # quicker
    python benchmarks/scale.py --large              # and 100,000

Measured 2026-12-01 (AMD EPYC, 2 CPUs, AVX2, load 6-8; benchmarks/RESULTS.md has the table):
1,000 / 5,000 / 20,000 articles in 57.5 / 246.7 / 537.7 s, peak RSS 0.49 / 0.60 / 1.05 GiB,
purity 0.991 / 0.994 / 0.995, completeness 0.979 / 0.951 / 0.905, 4.67 / 4.79 / 4.53 pairs per
article; growth 5k -> 20k at most 0.98 per stage; incremental night 172.8 s, empty night 69.3 s
(Prefect start-up 42-44 s of each); run at story_min_score 3.0, the default is now 2.5 (20k
completeness 0.902 -> 0.932 on the same stored keys). At 2.5, ``--sizes 1000 --baseline-sizes
1000`` (15:26-15:35): claimdiff 41.1 s, 0.49 GiB, purity 0.965, completeness 0.997, 4.93 pairs per
article; baseline 040998c 172.6 s, 2.55 GiB, 1 story, purity 0.009, 34.43 pairs per article;
ratio_vs_baseline=4.20. ``--large`` was not run.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import cpu_description
from synthetic import generate

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "benchmarks" / "scale"
# the last commit before issue 11's align work: whole-window single-link stories, dense pairing
DEFAULT_BASELINE_REF = "040998c"
INCREMENTAL = 500
# One Prefect home for every run, as a deployment's state_dir keeps it between nights: a fresh
# one costs each command ~12 s of CPU for Prefect's database migrations (speed-evidence.md).
PREFECT_HOME = CACHE / "prefect"


# --- inputs ---------------------------------------------------------------------------------


def _write(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def inputs(sizes: list[int], seed: int) -> dict[str, Path]:
    """One JSONL file per size; the largest size of 20,000 or more is the first part of a
    crawl whose last 500 articles are the incremental night (some join its stories)."""
    files: dict[str, Path] = {}
    for n in sizes:
        path = CACHE / f"synthetic-n{n}-s{seed}.jsonl"
        files[str(n)] = path
        if path.exists():
            continue
        if n == 20_000:
            records = list(generate(n + INCREMENTAL, seed))
            _write(CACHE / f"synthetic-n{n}-s{seed}-next{INCREMENTAL}.jsonl", records[n:])
            _write(path, records[:n])
        else:
            _write(path, list(generate(n, seed)))
    if 20_000 in sizes:
        files["next"] = CACHE / f"synthetic-n20000-s{seed}-next{INCREMENTAL}.jsonl"
    return files


# --- one run ----------------------------------------------------------------------------------


def _limit(memory_bytes: int) -> Any:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    return apply


def _env(tree: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": f"{tree / 'src'}:{tree}",
        "PREFECT_HOME": str(PREFECT_HOME),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        # a loaded shared machine starts the local Prefect server slowly
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "600",
    }


def warm_prefect_home() -> None:
    """Create and migrate Prefect's database in :data:`PREFECT_HOME` before any timed run."""
    PREFECT_HOME.mkdir(parents=True, exist_ok=True)
    code = "from claimdiff_pipelines.prefect_server import child_server\nwith child_server(): pass"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_env(ROOT), check=True)


def run_night(
    tree: Path, workdir: Path, input_path: Path, memory_gb: float, timeout_s: float
) -> dict[str, Any]:
    """``claimdiff run --no-models`` from ``tree`` into the store in ``workdir``."""
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "config.yaml"
    config.write_text(
        f"sources: [{{type: files, path: {input_path}}}]\n"
        f"models: null\nstore: sqlite:///{workdir / 'store.db'}\n"
        f"export: {{dir: {workdir / 'out'}}}\nstate_dir: {workdir / 'state'}\n"
    )
    env = _env(tree)
    # what the `claimdiff` entry point runs: claimdiff_pipelines.cli now, claimdiff.cli in the
    # baseline (the tree's own, never the other's: PYTHONPATH puts the tree first)
    module = (
        "claimdiff_pipelines.cli" if (tree / "claimdiff_pipelines").is_dir() else "claimdiff.cli"
    )
    entry = f"import sys; from {module} import main; sys.argv[0] = 'claimdiff'; main()"
    command = [sys.executable, "-c", entry, "run", "--config", str(config)]
    command += ["--input", str(input_path), "--no-models", "--out", str(workdir / "out")]
    started = time.perf_counter()
    log = (workdir / "run.log").open("w")
    process = subprocess.Popen(
        command,
        cwd=tree,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=_limit(int(memory_gb * 2**30)),
    )
    status, usage = None, None
    while status is None:
        pid, raw, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            status = os.waitstatus_to_exitcode(raw)
            break
        if time.perf_counter() - started > timeout_s:
            process.kill()
            _, raw, usage = os.wait4(process.pid, 0)
            status = "timeout"
            break
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    log.close()
    result: dict[str, Any] = {
        "seconds": round(seconds, 1),
        "peak_rss_gib": round(usage.ru_maxrss / 2**20, 2),
        "status": status,
    }
    run_json = workdir / "out" / "run.json"
    if status != 0 or not run_json.exists():
        tail = (workdir / "run.log").read_text(errors="replace").strip().splitlines()[-3:]
        result["error"] = f"exit {status}: " + " / ".join(tail)[-300:]
        return result
    summary = json.loads(run_json.read_text())
    timings = dict(summary.get("timings_s", {}))
    timings.pop("total", None)  # run.json's own total: the stages are summed here
    result["stages"] = timings
    result["counts"] = summary.get("counts", {})
    return result


# --- story quality ------------------------------------------------------------------------------


def story_quality(store_path: Path) -> dict[str, Any]:
    """Purity and completeness of the stored stories against ``synthetic_story`` labels.

    Only articles that reached alignment count (wire copies folded by deduplication do not).
    Purity: share of the articles in found stories that belong to their story's majority
    label. Completeness: over true stories with two or more aligned articles, share of their
    articles in the found story that holds most of them (an article left alone counts as
    missing). Read from the SQLite file directly: the benchmark must not depend on a Store
    method the baseline lacks.
    """
    conn = sqlite3.connect(store_path)
    labels = {}
    for article_id, metadata, duplicate_of in conn.execute(
        "SELECT article_id, metadata, duplicate_of FROM articles"
    ):
        if duplicate_of is None:
            labels[article_id] = json.loads(metadata or "{}").get("synthetic_story")
    stories = [json.loads(row[0]) for row in conn.execute("SELECT article_ids FROM stories")]
    pairs = conn.execute("SELECT COUNT(*) FROM pairs").fetchone()[0]
    conn.close()
    found_of: dict[str, int] = {}
    majority_total, members_total = 0, 0
    for number, members in enumerate(stories):
        members = [m for m in members if m in labels]
        for member in members:
            found_of[member] = number
        if members:
            majority_total += Counter(labels[m] for m in members).most_common(1)[0][1]
            members_total += len(members)
    true: dict[str, list[str]] = {}
    for article_id, label in labels.items():
        true.setdefault(label, []).append(article_id)
    complete_hits, complete_total = 0, 0
    for members in true.values():
        if len(members) < 2:
            continue
        counts = Counter(found_of[m] for m in members if m in found_of)
        complete_hits += counts.most_common(1)[0][1] if counts else 0
        complete_total += len(members)
    return {
        "stories": len(stories),
        "true_stories": sum(len(m) >= 2 for m in true.values()),
        "articles": len(labels),
        "pairs": pairs,
        "pairs_per_article": round(pairs / max(len(labels), 1), 2),
        "purity": round(majority_total / members_total, 3) if members_total else 1.0,
        "completeness": round(complete_hits / complete_total, 3) if complete_total else 1.0,
    }


# --- report ---------------------------------------------------------------------------------


def baseline_tree(ref: str) -> Path:
    """The baseline's sources, extracted once from git."""
    target = CACHE / f"baseline-{ref}"
    if not (target / "src").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", ref, "src", "pipelines"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def exponents(rows: list[tuple[int, dict[str, Any]]]) -> dict[str, list[float | None]]:
    """Log-log slope of each stage's seconds (and the whole run's) between consecutive sizes."""
    done = [(n, r) for n, r in rows if "stages" in r]
    out: dict[str, list[float | None]] = {}
    stages = sorted({s for _, r in done for s in r["stages"]} | {"total"})
    for (n1, r1), (n2, r2) in itertools.pairwise(done):
        for stage in stages:
            t1 = r1["seconds"] if stage == "total" else r1["stages"].get(stage)
            t2 = r2["seconds"] if stage == "total" else r2["stages"].get(stage)
            slope = None
            if t1 and t2 and t1 > 0.05 and t2 > 0.05:
                slope = round(math.log(t2 / t1) / math.log(n2 / n1), 2)
            out.setdefault(stage, []).append(slope)
    return out


def print_row(side: str, n: int, r: dict[str, Any]) -> None:
    """One table row."""
    if "error" in r:
        print(f"| {side} | {n:,} | {r['seconds']} | {r['peak_rss_gib']} | failed: {r['error']} |")
        return
    q, stages = r["quality"], r["stages"]
    stage_text = ", ".join(f"{k} {v:.1f}" for k, v in stages.items())
    outside = r["seconds"] - sum(stages.values())
    print(
        f"| {side} | {n:,} | {r['seconds']} | {r['peak_rss_gib']} | {q['stories']} "
        f"({q['true_stories']}) | {q['pairs_per_article']} | {q['purity']} | {q['completeness']} "
        f"| {stage_text}; outside stages {outside:.1f} |"
    )


def main() -> None:
    """Run the sizes, the incremental and the empty night; print the table and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--large", action="store_true", help="also 100,000 articles")
    parser.add_argument("--baseline-ref", default=DEFAULT_BASELINE_REF)
    parser.add_argument("--baseline-sizes", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--memory-gb", type=float, default=8.0, help="address-space limit a run")
    parser.add_argument("--timeout-s", type=float, default=1800)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep the stores under this directory")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes + ([100_000] if args.large else [])))
    print(f"machine: {cpu_description()}")
    print(f"baseline: git {args.baseline_ref} (before issue 11); memory limit {args.memory_gb} GB")
    files = inputs(sorted(set(sizes + args.baseline_sizes)), args.seed)
    warm_prefect_home()
    work = args.keep or Path(tempfile.mkdtemp(prefix="claimdiff-scale-"))
    sides = {"claimdiff": ROOT, "baseline": baseline_tree(args.baseline_ref)}
    results: dict[str, list[tuple[int, dict[str, Any]]]] = {"claimdiff": [], "baseline": []}
    print("| side | articles | seconds | peak RSS GiB | stories (true) | pairs/article | purity "
          "| completeness | stage seconds |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        for side, tree in sides.items():
            if side == "baseline" and n not in args.baseline_sizes:
                continue
            workdir = work / f"{side}-{n}"
            shutil.rmtree(workdir, ignore_errors=True)
            r = run_night(tree, workdir, files[str(n)], args.memory_gb, args.timeout_s)
            if "error" not in r:
                r["quality"] = story_quality(workdir / "store.db")
            results[side].append((n, r))
            print_row(side, n, r)
            sys.stdout.flush()
    extra: dict[str, Any] = {}
    if "next" in files:
        workdir = work / "claimdiff-20000"
        r = run_night(ROOT, workdir, files["next"], args.memory_gb, args.timeout_s)
        print(f"incremental night ({INCREMENTAL} new into the 20,000 store): {r['seconds']} s, "
              f"peak RSS {r['peak_rss_gib']} GiB, stages {r.get('stages')} {r.get('error', '')}")  # fmt: skip
        again = run_night(ROOT, workdir, files["next"], args.memory_gb, args.timeout_s)
        print(f"empty night (the same file again): {again['seconds']} s, "
              f"stages {again.get('stages')} {again.get('error', '')}")  # fmt: skip
        extra = {"incremental": r, "empty": again}
    growth = exponents(results["claimdiff"])
    print(f"growth exponent per stage (between consecutive sizes {sizes}):")
    for stage, slopes in growth.items():
        print(f"  {stage}: {slopes}")
    both = [
        (n, r, b)
        for (n, r) in results["claimdiff"]
        for (m, b) in results["baseline"]
        if n == m and "error" not in r and "error" not in b
    ]
    print(json.dumps({"results": results, "growth": growth, **extra}, default=str))
    if both:
        n, ours, base = both[-1]
        print(
            f"ratio at {n:,} articles: baseline {base['seconds']} s / claimdiff {ours['seconds']} s"
        )
        print(f"ratio_vs_baseline={base['seconds'] / ours['seconds']:.2f}")
    else:
        print("ratio_vs_baseline=nan (no size completed on both sides)")


if __name__ == "__main__":
    main()
