"""Group articles into cross-lingual stories and pair report statements with original statements."""

from claimdiff.align.pairs import measure_keys, pair_statements
from claimdiff.align.stories import group_stories

__all__ = ["group_stories", "measure_keys", "pair_statements"]
