"""Names: Latin-script names and acronyms, and aliases written in other scripts."""

from __future__ import annotations

import re

from claimdiff.facts.lexicons import LanguageLexicon
from claimdiff.facts.normalize import normalize

_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&'’.-]*[A-Za-z0-9]|[A-Za-z]")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]+s?$")


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
    for key, pattern in lex.compiled.aliases:
        if pattern.search(norm):
            keys.add(key.lower())
    for match in _LATIN_TOKEN.finditer(norm):
        cut = next(
            (i for i in range(match.start() + 1, match.end()) if index[i] in number_starts),
            match.end(),
        )
        token = re.sub(r"['’]s$", "", norm[match.start() : cut]).strip(".'’-")
        if len(token) < 2 or token in stop:
            continue
        if lex.lang == "en":
            # English: names are capitalised mid-sentence, acronyms anywhere
            sentence_start = match.start() == 0 or norm[: match.start()].rstrip().endswith(
                (".", "!", "?", '"', "“")
            )
            if not (_ACRONYM.match(token) or (token[0].isupper() and not sentence_start)):
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
