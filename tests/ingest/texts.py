"""Korean and Japanese texts and an article builder shared by the ingestion tests."""

from __future__ import annotations

from claimdiff.config import FetchConfig
from claimdiff.ingest.build import article_from_fields

CFG = FetchConfig()

KO = "엔비디아는 한국 정부에 GPU 25만 장을 공급하기로 합의했다고 밝혔다. 업계는 큰 의미가 있다고 평가했다."
JA = "エヌビディアは、韓国全体で25万枚を超えるGPUを導入すると発表した。業界は大きな意味があると評価した。"


def built_article(
    text: str,
    lang: str | None = None,
    url: str = "https://example.com/a",
    role: str = "report",
    **more: object,
):
    """An article built as ingest builds it (lang detected when not given)."""
    fields = {"url": url, "outlet": "Outlet", "role": role, "text": text, **more}
    if lang:
        fields["lang"] = lang
    return article_from_fields(fields, source="t:1", fetch=CFG)
