"""What prefect.yaml's entrypoint points at (``pipelines/nightly.py:nightly``); the flow itself
lives in :mod:`claimdiff_pipelines.nightly`."""

from claimdiff_pipelines.nightly import nightly

__all__ = ["nightly"]
