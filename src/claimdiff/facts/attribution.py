"""Attribution: the outlet's own assertion, a quotation of a named source's claim, or a claim
quoted in order to be refuted ("that is not true", 事実ではない, 사실이 아니다)."""

from __future__ import annotations

from claimdiff.facts.lexicons import LanguageLexicon
from claimdiff.facts.normalize import normalize

OWN, QUOTED, REFUTED = "own", "quoted", "refuted"


def extract_attribution(text: str, lex: LanguageLexicon) -> tuple[str, str]:
    """(attribution, source): ("refuted", ""), ("quoted", "Yonhap") or ("own", "")."""
    norm, _ = normalize(text)
    comp = lex.compiled
    if comp.refuted is not None and comp.refuted.search(norm):
        return REFUTED, ""
    for pattern in comp.quoted:
        match = pattern.search(norm)
        if match:
            source = (match.groupdict().get("source") or "").strip(" ,、")
            return QUOTED, source or match.group().strip(" ,、")
    return OWN, ""
