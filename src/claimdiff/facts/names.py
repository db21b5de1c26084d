"""Names: Latin-script names and acronyms, and aliases written in other scripts."""

from __future__ import annotations

import re

from claimdiff.facts.lexicons import LanguageLexicon
from claimdiff.facts.normalize import normalize
from claimdiff.facts.prefilter import present

_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&'’.-]*[A-Za-z0-9]|[A-Za-z]")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]+s?$")


def _opens(norm: str, start: int) -> bool:
    """Whether a token at ``start`` opens a sentence (only spaces since a full stop or quote)."""
    before = start - 1
    while before >= 0 and norm[before].isspace():
        before -= 1
    return before < 0 or norm[before] in '.!?"“'


def name_keys(
    text: str, lex: LanguageLexicon, number_starts: frozenset[int] = frozenset()
) -> set[str]:
    """Latin-script names and acronyms (lower-cased), plus aliases written in other scripts.

    Names in the names lexicon give their key in every script and form: 韓国, 한국, Korea and
    the adjective Korean all give "korea". ``number_starts`` are the original-text offsets where
    quantities start: a Latin token runs up to them, so "GPU25万枚" gives "gpu", not "gpu25".
    """
    norm, index = normalize(text)
    keys: set[str] = set()
    stop = set(lex.names.stopwords)
    for key, pattern in present(lex.compiled.aliases, norm):
        if pattern.search(norm):
            keys.add(key.lower())
    english = lex.lang == "en"
    for match in _LATIN_TOKEN.finditer(norm):
        start, end = match.span()
        if english and not norm[start].isupper():
            continue  # English names and acronyms start with a capital
        cut = end
        if number_starts:
            cut = next((i for i in range(start + 1, end) if index[i] in number_starts), end)
        token = norm[start:cut]
        if token.endswith(("'s", "’s")):
            token = token[:-2]
        token = token.strip(".'’-")
        if len(token) < 2 or token in stop:
            continue
        # English: names are capitalised mid-sentence, acronyms anywhere
        capitalised = token[0].isupper() and not _opens(norm, start)
        if english and not (_ACRONYM.match(token) or capitalised):
            continue
        alias = lex.compiled.latin_aliases.get(token.lower().strip("."))
        if alias is not None:
            keys.add(alias)
            continue
        word = token.lower()
        if _ACRONYM.match(token) and token.endswith("s") and len(token) > 2:
            word = word[:-1]  # GPUs -> gpu
        keys.add(word)
    return keys
