"""The store: every record of every stage, caches and review decisions, in SQLite (the embedded
default, one machine) or PostgreSQL (shared by several), chosen by the ``store:`` URL.

Layout: ``schema`` (tables generated from the records, versions and migrations), ``backend``
(what a database must provide), ``sqlite`` / ``postgres`` (the two), ``store`` (the operations,
written once).
"""

from claimdiff.store.backend import StoreError
from claimdiff.store.schema import SCHEMA_VERSION, Review
from claimdiff.store.store import Store, StoredFinding

__all__ = ["SCHEMA_VERSION", "Review", "Store", "StoreError", "StoredFinding"]
