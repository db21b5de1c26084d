"""Measure the checks and the model chain on labelled sets (metrics from scikit-learn).

- :mod:`claimdiff.evaluate.checks`: the deterministic checks on labelled (original, report)
  pairs (``claimdiff eval checks``) and on public NLI sets (``claimdiff eval checks-on-nli``).
- :mod:`claimdiff.evaluate.nli`: translation -> NLI -> checks -> judge on an NLI set
  (``claimdiff eval nli``).
"""
