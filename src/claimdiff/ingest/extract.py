"""Main text and metadata of an article page, with trafilatura.

trafilatura removes navigation, ads, share buttons and related-article blocks and keeps
paragraphs (one per line); it also reads the title, the publication date and the
``rel=canonical`` link. We add the ``<html lang>`` hint, which it does not return.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html
import trafilatura

from claimdiff.errors import InputError

_BLOCKS = ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")
_HTML_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


@dataclass(frozen=True)
class Extracted:
    """What one page yields: its main text and the metadata found around it."""

    text: str
    title: str | None
    published: str | None  # ISO date as trafilatura/htmldate found it
    canonical: str | None  # the page's rel=canonical (or og:url) when it is an http(s) URL
    html_lang: str | None
    sitename: str | None


def extract_article(html: str, url: str) -> Extracted:
    """Extract the article body of one HTML page; raise InputError when there is none."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
    )
    if doc is None or not (doc.text or "").strip():
        raise InputError("no article text found in the page (is it an index or a paywall page?)")
    canonical = doc.url if doc.url and urlsplit(doc.url).scheme in ("http", "https") else None
    match = _HTML_LANG.search(html[:4096])
    return Extracted(
        text=doc.text,
        title=doc.title or None,
        published=doc.date or None,
        canonical=canonical,
        html_lang=match.group(1).lower() if match else None,
        sitename=doc.sitename or None,
    )


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed entry's summary, a text field), one line per block.

    trafilatura looks for a main article and returns nothing for short fragments, so a feed
    summary is flattened with lxml instead.
    """
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in list(root.iter("script", "style", "template")):
        element.drop_tree()  # code and styling, not text
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    return root.text_content()
