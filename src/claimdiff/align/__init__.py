"""Group articles into cross-lingual stories and pair report statements with original statements."""

from claimdiff.align.pairs import measure_keys, pair_statements
from claimdiff.align.stories import article_keys, group_stories, keys_stamp, stories_from_keys

__all__ = [
    "article_keys",
    "group_stories",
    "keys_stamp",
    "measure_keys",
    "pair_statements",
    "stories_from_keys",
]
