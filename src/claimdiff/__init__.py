"""claimdiff: find where news coverage says something its original source did not."""

__version__ = "0.1.0"
