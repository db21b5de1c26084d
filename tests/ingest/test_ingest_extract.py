"""A page's main text and metadata (trafilatura) and a fragment's text (lxml)."""

from __future__ import annotations

import pytest

from claimdiff.errors import InputError
from claimdiff.ingest.extract import extract_article, fragment_text

BODY = (
    "Northwind Systems said on Wednesday it would build three new data centres over the next "
    "two years, adding about 1,200 jobs in the region."
)
PAGE = f"""<!doctype html><html lang="en-GB"><head><title>Northwind to build three data centres</title>
<link rel="canonical" href="https://news.example.com/northwind">
<meta property="article:published_time" content="2026-11-30T08:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/tech">Tech</a></nav>
<article><h1>Northwind to build three data centres</h1><p>{BODY}</p>
<p>The company expects the first site to open in the second half of 2026, and analysts said the
investment was among the largest in the region this year.</p></article>
<footer>Share this article</footer></body></html>"""


def test_a_page_gives_its_body_title_date_canonical_url_and_lang():
    page = extract_article(PAGE, "https://news.example.com/northwind?utm_source=x")
    assert BODY in page.text and "Home" not in page.text and "Share this" not in page.text
    assert page.title == "Northwind to build three data centres"
    assert page.canonical == "https://news.example.com/northwind"
    assert page.published is not None and page.published.startswith("2026-11-30")
    assert page.html_lang == "en"


def test_a_page_without_an_article_is_an_input_error():
    with pytest.raises(InputError, match="no article text"):
        extract_article(
            "<html><head><title>Index</title></head><body><div></div></body></html>", "https://x/"
        )


def test_a_fragment_keeps_one_line_per_block_and_drops_code():
    text = fragment_text("<p>one</p><script>track()</script><p>two <b>bold</b></p><li>three</li>")
    assert text.split() == ["one", "two", "bold", "three"]
    assert text.count("\n") >= 3 and "track" not in text
