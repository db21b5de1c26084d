"""Local sources: JSONL (Contract 1) errors, CSV with a column mapping, .html / .txt folders, datasets."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from claimdiff.config import DatasetSource, FetchConfig, FilesSource, IngestConfig
from claimdiff.ingest import ingest_sources, read_jsonl

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
CFG = FetchConfig()


def test_read_jsonl_reports_each_bad_line_and_keeps_the_rest() -> None:
    path = FIXTURES / "articles.jsonl"
    articles, problems = read_jsonl(path, CFG, ingest=IngestConfig())
    assert [a.url for a in articles] == [
        "https://example.com/press/1?utm_source=newsletter",
        "https://news.example.kr/a/2",
        "https://news.example.jp/a/3",
    ]
    messages = {p.where: p.message for p in problems}
    assert all(p.stage == "ingest" for p in problems)
    assert messages[f"{path}:2"].startswith("malformed JSON")
    assert messages[f"{path}:3"] == "empty text"
    assert "unknown role 'opinion'" in messages[f"{path}:4"]
    assert "missing required field outlet" in messages[f"{path}:7"]
    assert "expected a JSON object" in messages[f"{path}:8"]
    assert "unsupported lang 'zh'" in messages[f"{path}:9"]
    assert "not an ISO-8601 date" in messages[f"{path}:10"]
    assert len(problems) == 7  # the blank line 5 is not a problem


def test_jsonl_fields_metadata_language_and_normalisation() -> None:
    articles, _ = read_jsonl(FIXTURES / "articles.jsonl", CFG, ingest=IngestConfig())
    en, ko, ja = articles
    assert (
        en.metadata == {"section": "business"} and en.canonical_url == "https://example.com/press/1"
    )
    assert en.published_at is not None and en.published_at.utcoffset() is not None
    assert en.source.endswith("articles.jsonl:1") and en.lang_detected is False
    assert ko.lang == "ko" and ko.lang_detected is True and (ko.lang_confidence or 0) > 0.9
    assert ko.metadata == {"author": "김기자"}
    assert ja.text == "ノースウィンドは2026年に3つを超える新拠点を開設する。"
    assert ja.raw_text == "ノースウィンドは２０２６年に３つを超える新拠点を開設する。"


def test_read_jsonl_directory_and_invalid_utf8(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(FIXTURES / "articles.jsonl", tmp_path / "sub" / "a.jsonl")
    good = {"url": "u:1", "outlet": "O", "role": "original", "text": "Plain English text here."}
    (tmp_path / "b.jsonl").write_bytes(
        json.dumps(good).encode() + b"\n" + b'{"text": "\xff\xfe"}\n'
    )
    articles, problems = read_jsonl(tmp_path, CFG, ingest=IngestConfig())
    assert len(articles) == 4
    assert any(p.where == f"{tmp_path / 'b.jsonl'}:2" and "UTF-8" in p.message for p in problems)
    assert (
        read_jsonl(tmp_path / "missing.jsonl", CFG, ingest=IngestConfig())[1][0].message
        == "no such file or directory"
    )


def test_csv_with_column_mapping() -> None:
    source = FilesSource(
        type="files",
        path=FIXTURES / "articles.csv",
        columns={
            "text": "body",
            "url": "link",
            "title": "headline",
            "outlet": "press",
            "role": "kind",
        },
    )
    report = ingest_sources([source], CFG, ingest=IngestConfig())
    texts = [a.text for a in report.articles]
    assert texts[0] == "한빛반도체는 GPU 3만 장을 도입할 계획이라고 밝혔다."
    assert texts[1] == '회사는 "투자 금액"을 공개하지 않았다.\n두 번째 줄입니다.'  # quoted newline
    first, _, english = report.articles
    assert first.title == "GPU 도입" and first.outlet == "가상일보" and first.lang == "ko"
    assert first.metadata["section"] == "경제" and first.metadata["encoding"] == "utf-8"
    assert english.role == "original" and english.lang == "en"
    assert [p.where for p in report.problems] == [f"{source.path}:3"]  # the empty body
    assert report.problems[0].message == "empty text"
    assert report.stats[0].fetched == 3 and report.stats[0].failed == 1


def test_csv_in_cp949_and_a_missing_mapped_column(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "url,text,outlet,role\nhttps://a.kr/1,엔비디아는 GPU 25만 장을 공급하기로 합의했다고 밝혔다. 업계는 큰 의미가 있다고 평가했다.,가상일보,report\n".encode(
            "cp949"
        )
    )
    report = ingest_sources([FilesSource(type="files", path=path)], CFG, ingest=IngestConfig())
    assert (
        report.articles[0].text.startswith("엔비디아는")
        and report.articles[0].metadata["encoding"] == "cp949"
    )
    bad = ingest_sources(
        [FilesSource(type="files", path=path, columns={"text": "body"})], CFG, ingest=IngestConfig()
    )
    assert (
        bad.articles == []
        and "body" in bad.problems[0].message
        and "url, text" in bad.problems[0].message
    )


def test_html_and_txt_folder(tmp_path: Path) -> None:
    html = (
        (FIXTURES / "site" / "ko_article.html")
        .read_text(encoding="utf-8")
        .replace("{meta}", '<meta charset="euc-kr">')
    )
    (tmp_path / "a.html").write_bytes(html.encode("cp949"))
    (tmp_path / "b.txt").write_text(
        "政府は来年度から補助金を拡充する方針だ。\n関係者が明らかにした。", encoding="utf-8"
    )
    (tmp_path / "notes.docx").write_bytes(b"PK")
    source = FilesSource(type="files", path=tmp_path, outlet="가상일보", role="report")
    report = ingest_sources([source], CFG, ingest=IngestConfig())
    html_article, txt_article = report.articles
    assert "김똠이 대표는" in html_article.text and "관련기사" not in html_article.text
    assert html_article.title == "한빛반도체, 데이터센터에 GPU 3만 장 도입"
    assert html_article.metadata["encoding"] == "cp949" and html_article.url.startswith("file://")
    assert txt_article.lang == "ja" and txt_article.outlet == "가상일보"
    assert report.stats[0].skipped == 1 and report.problems == []  # the .docx is skipped quietly
    no_outlet = ingest_sources(
        [FilesSource(type="files", path=tmp_path / "b.txt")], CFG, ingest=IngestConfig()
    )
    assert "set outlet and role" in no_outlet.problems[0].message


def test_missing_files_source_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    report = ingest_sources(
        [FilesSource(type="files", path=tmp_path / "nope")], CFG, ingest=IngestConfig()
    )
    assert report.articles == [] and report.stats[0].failed == 1


ROWS = {
    "link": ["https://d.example.com/1", "https://d.example.com/2", "https://d.example.com/3"],
    "body": [
        "Northwind Systems will open more than three new sites in 2026, the company said.",
        "",
        "ノースウィンドは2026年に3つを超える新拠点を開設すると発表した。",
    ],
    "publisher": ["Northwind", "Northwind", "架空新聞"],
    "topic": ["biz", "biz", "biz"],
}


@pytest.fixture(scope="module")
def saved_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import datasets

    path = tmp_path_factory.mktemp("ds") / "news"
    datasets.Dataset.from_dict(ROWS).save_to_disk(str(path))
    return path


def test_dataset_saved_to_disk(saved_dataset: Path) -> None:
    source = DatasetSource(
        type="dataset",
        name=str(saved_dataset),
        role="report",
        columns={"text": "body", "url": "link", "outlet": "publisher"},
    )
    report = ingest_sources([source], CFG, ingest=IngestConfig())
    assert [a.lang for a in report.articles] == ["en", "ja"]
    assert report.articles[0].metadata == {"topic": "biz"}
    assert (
        report.problems[0].where == f"{saved_dataset}[train]:1"
        and report.problems[0].message == "empty text"
    )
    assert report.stats[0].fetched == 2 and report.stats[0].failed == 1


def test_dataset_from_local_jsonl_and_bad_mappings(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(
        "\n".join(
            json.dumps({k: v[i] for k, v in ROWS.items()}, ensure_ascii=False) for i in range(3)
        ),
        encoding="utf-8",
    )
    source = DatasetSource(
        type="dataset",
        name=str(path),
        role="original",
        columns={"text": "body", "url": "link", "outlet": "publisher"},
    )
    assert len(ingest_sources([source], CFG, ingest=IngestConfig()).articles) == 2
    wrong = DatasetSource(
        type="dataset", name=str(path), role="original", columns={"text": "content"}
    )
    problem = ingest_sources([wrong], CFG, ingest=IngestConfig()).problems[0]
    assert "content" in problem.message and "body" in problem.message  # names what exists
    missing = DatasetSource(type="dataset", name=str(tmp_path / "absent"), role="report")
    assert (
        "cannot load dataset"
        in ingest_sources([missing], CFG, ingest=IngestConfig()).problems[0].message
    )


def _line(url: str, text: str, **more: str) -> str:
    fields = {"url": url, "outlet": "O", "role": "report", "lang": "en", "text": text, **more}
    return json.dumps(fields, ensure_ascii=False)


def test_oversized_article_is_a_problem_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "night.jsonl"
    lines = [
        _line("https://a.example/1", "Northwind will open three sites in 2026."),
        _line("https://a.example/2", "word " * 300),  # 1,500 characters
        _line("https://a.example/3", "Northwind will hire 1,200 people."),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest_sources(
        [FilesSource(type="files", path=path)], CFG, ingest=IngestConfig(max_chars=1000)
    )
    assert [a.url for a in report.articles] == ["https://a.example/1", "https://a.example/3"]
    assert [(p.where, p.message) for p in report.problems] == [
        (
            f"{path}:2",
            "text has 1,500 characters, more than ingest.max_chars (1,000); the article is "
            "skipped (split it, or raise the limit)",
        )
    ]
    assert report.stats[0].failed == 1 and report.stats[0].fetched == 2


def test_oversized_csv_field_does_not_stop_the_file(tmp_path: Path) -> None:
    """A field over the csv module's own 128 KiB limit is read, rejected by the cap, and the
    next rows are read; the limit is the configured one (default 200,000)."""
    path = tmp_path / "night.csv"
    huge = "x" * 250_000
    path.write_text(
        "url,outlet,role,lang,text\n"
        f"https://c.example/1,O,report,en,{huge}\n"
        "https://c.example/2,O,report,en,Northwind will <b>invest</b>\x07 in 2026.\n"
        f'https://c.example/3,O,report,en,"{"y " * 80_000}"\n',  # 160,000 characters: under the cap
        encoding="utf-8",
    )
    report = ingest_sources([FilesSource(type="files", path=path)], CFG, ingest=IngestConfig())
    assert [p.where for p in report.problems] == [f"{path}:2"]
    assert "250,000 characters, more than ingest.max_chars (200,000)" in report.problems[0].message
    assert [a.url for a in report.articles] == ["https://c.example/2", "https://c.example/3"]
    assert report.articles[0].text == "Northwind will invest in 2026."
    assert csv.field_size_limit() == 131072  # the process-wide limit is restored


def test_the_same_article_twice_is_read_once_and_counted_as_a_duplicate(tmp_path: Path) -> None:
    path = tmp_path / "night.jsonl"
    first = _line("https://a.example/1", "Northwind will open three sites in 2026.")
    copy = _line("https://other.example/9", "Northwind will open three sites in 2026.")
    lines = [first, _line("https://a.example/2", "Northwind will hire 1,200 people."), first, copy]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    also = tmp_path / "also.jsonl"
    also.write_text(first + "\n", encoding="utf-8")
    sources = [FilesSource(type="files", path=path), FilesSource(type="files", path=also)]
    report = ingest_sources(sources, CFG, ingest=IngestConfig())
    urls = [a.url for a in report.articles]
    assert urls == ["https://a.example/1", "https://a.example/2", "https://other.example/9"]
    assert report.articles[2].duplicate_of == report.articles[0].article_id  # a copy elsewhere
    assert len({a.article_id for a in report.articles}) == 3
    assert [(s.fetched, s.duplicate, s.failed) for s in report.stats] == [(2, 2, 0), (0, 1, 0)]
    assert report.problems == []
