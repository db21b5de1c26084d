from __future__ import annotations

import csv
import json
from dataclasses import replace

import pytest

from claimdiff.outputs.review_csv import (
    CSV_COLUMNS,
    atomic_write,
    export_queue,
    neutralise_cell,
    restore_cell,
    write_run_json,
)
from claimdiff.records import Article, Finding, Problem, RunSummary, Statement, text_hash
from claimdiff.store import Store


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("+82 2 123", "'+82 2 123"),
        ("-5% year on year", "'-5% year on year"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("plain text = fine", "plain text = fine"),
        ("25만 장", "25만 장"),
        ("", ""),
    ],
)
def test_neutralise_and_restore(cell, expected):
    assert neutralise_cell(cell) == expected
    assert restore_cell(neutralise_cell(cell)) == cell


def test_restore_keeps_ordinary_apostrophes():
    assert restore_cell("'quoted' word") == "'quoted' word"


def _seed(store: Store) -> Finding:
    texts = {"o": '=HYPERLINK("http://evil") said 250,000', "r": '헬리온은 "25만 장"을\n공급'}
    for aid, role, lang in (("o", "original", "en"), ("r", "report", "ko")):
        store.add_articles(
            [
                Article(
                    aid,
                    f"https://x/{aid}",
                    f"https://x/{aid}",
                    f"outlet-{aid}",
                    role,
                    lang,
                    texts[aid],
                    text_hash(texts[aid]),
                )
            ]
        )
        store.add_statements(
            [Statement(f"s{aid}", aid, 0, 0, len(texts[aid]), texts[aid], lang, role)]
        )
    finding = Finding(
        "f1",
        "p1",
        "st1",
        "high",
        "qualifier_dropped",
        "checks-only",
        ('qualifier dropped: "more than 250,000" -> "25만 장"', "checks-only"),
        "so",
        "sr",
        content_hash="h",
    )
    store.upsert_findings([finding], "run1")
    return finding


def test_export_queue_writes_contract_csv(tmp_path):
    with Store(tmp_path / "s.db") as store:
        _seed(store)
        result = export_queue(store, tmp_path / "out", "run2", store.findings(), parquet=True)
        raw = (tmp_path / "out" / "flags.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        with open(result["flags_csv"], encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert tuple(rows[0].keys()) == CSV_COLUMNS
        row = rows[0]
        assert row["run_id"] == "run2"
        assert row["original_text"].startswith("'=HYPERLINK(")
        assert row["report_text"] == '헬리온은 "25만 장"을\n공급'
        assert row["reasons"] == 'qualifier dropped: "more than 250,000" -> "25만 장" | checks-only'
        assert row["p_entailment"] == "" and row["review_status"] == ""
        # the store keeps the text as it was
        assert store.statements_by_id(["so"])["so"].text.startswith("=HYPERLINK(")
        import pyarrow.parquet as pq

        table = pq.read_table(result["flags_parquet"])
        assert table.column_names == list(CSV_COLUMNS)
        assert table.column("original_text")[0].as_py().startswith("=HYPERLINK(")


def test_each_run_keeps_its_queue_and_a_reviewers_edit_is_never_overwritten(tmp_path):
    out = tmp_path / "out"
    with Store(tmp_path / "s.db") as store:
        _seed(store)
        export_queue(store, out, "run1", store.findings())
        assert (out / "runs" / "run1" / "flags.csv").read_bytes() == (
            out / "flags.csv"
        ).read_bytes()
        second = export_queue(store, out, "run2", store.findings())
        assert "notice" not in second  # unchanged since claimdiff wrote it: replaced
        edited = (out / "flags.csv").read_bytes() + b"a reviewer's edit\r\n"
        (out / "flags.csv").write_bytes(edited)
        third = export_queue(store, out, "run3", store.findings())
    assert (out / "flags.csv").read_bytes() == edited  # left as the reviewer has it
    assert third["flags_csv"] == str(out / "flags-run3.csv")
    assert str(out / "flags-run3.csv") in third["notice"] and "changed" in third["notice"]
    assert (out / "runs" / "run3" / "flags.csv").exists()


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_retranslated_statement_re_exports_its_row_under_the_same_finding(tmp_path):
    out = tmp_path / "out"
    with Store(tmp_path / "s.db") as store:
        _seed(store)
        report = store.statements_by_id(["sr"])["sr"]
        store.set_translations([replace(report, text_en="Helion agreed to supply 250k GPUs.")])
        export_queue(store, out, "run1", store.findings())
        # the same model translates the statement again (a new decoding setting): same finding id
        store.set_translations([replace(report, text_en="Helion will supply 250,000 GPUs.")])
        export_queue(store, out, "run2", store.findings())
        import pyarrow.parquet as pq

        table = pq.read_table(out / "flags.parquet")
    [row] = _rows(out / "flags.csv")
    assert row["finding_id"] == "f1" and row["run_id"] == "run2"
    assert row["report_text_en"] == "Helion will supply 250,000 GPUs."
    assert table.column("report_text_en")[0].as_py() == "Helion will supply 250,000 GPUs."


def test_an_unchanged_queue_gets_the_new_run_id_and_the_same_cells(tmp_path):
    out = tmp_path / "out"
    with Store(tmp_path / "s.db") as store:
        _seed(store)
        export_queue(store, out, "run1", store.findings())
        first = _rows(out / "flags.csv")
        export_queue(store, out, "run2", store.findings())
        import pyarrow.parquet as pq

        table = pq.read_table(out / "flags.parquet")
    second = _rows(out / "flags.csv")
    assert [r["run_id"] for r in second] == ["run2"]
    assert [r | {"run_id": ""} for r in second] == [r | {"run_id": ""} for r in first]
    assert table.column("run_id").to_pylist() == ["run2"]


def test_run_json_round_trips_the_summary_and_leaves_no_temporary_file(tmp_path):
    summary = RunSummary(
        run_id="r",
        status="completed_with_warnings",
        counts={"ingest": {"read": 2, "new": 1}, "findings_by_severity": {"high": 1}},
        errors=(Problem("ingest", "a.jsonl:2", "bad JSON"),),
    )
    write_run_json(summary, tmp_path / "run.json")
    data = json.loads((tmp_path / "run.json").read_text())
    assert data["mode"] == "checks-only" and data["errors"][0]["where"] == "a.jsonl:2"
    assert RunSummary.from_json(data) == summary
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]


def test_a_failed_write_keeps_the_previous_file(tmp_path):
    path = tmp_path / "run.json"
    path.write_text("previous", encoding="utf-8")
    with pytest.raises(TypeError), atomic_write(path, encoding="utf-8") as handle:
        handle.write("half a file")
        raise TypeError("the writer failed")
    assert path.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]


def test_the_same_queue_again_gets_the_new_run_id_and_the_same_bytes_as_a_fresh_export(tmp_path):
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    with Store(tmp_path / "s.db") as store:
        _seed(store)
        export_queue(store, out, "run1", store.findings())
        again = export_queue(store, out, "run2", store.findings())  # nothing changed
        export_queue(store, fresh, "run2", store.findings())
        assert (out / "flags.csv").read_bytes() == (fresh / "flags.csv").read_bytes()
        assert (out / "runs" / "run2" / "flags.csv").read_bytes() == (
            out / "flags.csv"
        ).read_bytes()
        assert again["rows"] == 1
        import pyarrow.parquet as pq

        assert pq.read_table(out / "flags.parquet").equals(pq.read_table(fresh / "flags.parquet"))
        # a reviewer's decision changes the queue: built again, with the decision
        store.apply_reviews([("f1", "dismissed", "not a change", "h")])
        export_queue(store, out, "run3", store.findings())
        with open(out / "flags.csv", encoding="utf-8-sig", newline="") as handle:
            (row,) = list(csv.DictReader(handle))
        assert (row["run_id"], row["review_status"]) == ("run3", "dismissed")


def test_the_queue_shows_each_sentence_as_its_outlet_wrote_it(tmp_path):
    # ingest normalises (NFKC) for the checks; a reviewer searches the source for what it wrote
    from claimdiff.config import FetchConfig, SegmentConfig
    from claimdiff.ingest.build import article_from_fields
    from claimdiff.text.segment import segment_article

    written = {
        "o": "前年同月比で１８％減った。在庫は約3.6㎏（推計）だった。",
        "r": "재고는 약 3.6kg(추계)이었다. 전년 같은 달보다 １８％ 늘었다.",
    }
    statements = {}
    with Store(tmp_path / "s.db") as store:
        for key, role, lang in (("o", "original", "ja"), ("r", "report", "ko")):
            fields = {"url": f"https://x/{key}", "outlet": key, "role": role, "lang": lang}
            article = article_from_fields(
                {**fields, "text": written[key]}, source="t", fetch=FetchConfig()
            )
            assert "％" not in article.text  # what the checks read
            store.add_articles([article])
            found = segment_article(article, SegmentConfig())
            store.add_statements(found)
            statements[key] = found[1]
        finding = Finding(
            "f1", "p1", "st1", "high", "quantity_mismatch", "checks-only",
            ("direction changed",), statements["o"].statement_id, statements["r"].statement_id,
            content_hash="h",
        )  # fmt: skip
        store.upsert_findings([finding], "run1")
        result = export_queue(store, tmp_path / "out", "run2", store.findings())
    (row,) = _rows(result["flags_csv"])
    assert row["original_text"] == "在庫は約3.6㎏（推計）だった。"
    assert row["report_text"] == "전년 같은 달보다 １８％ 늘었다."
