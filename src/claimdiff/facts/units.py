"""Units that know their dimension: conversion factors from pint's registry.

A lexicon unit with ``pint: megawatt`` is read in its dimension's reference unit (watt), so
3.2 GW and 3,200 MW carry the same value and 2.16 GWh (energy) never equals 2.16 GW (power).
Counters and currencies have no pint unit: they keep their lexicon name.
"""

from __future__ import annotations

import functools
from typing import Any

# Energy is compared in watt-hours, not joules: news writes MWh, and a report that turns
# 2,160 MWh into 2.16 GW then carries the same number in another dimension (unit_mismatch).
# Power is read in watts (not kg*m**2/s**3) for readable reasons.
_REFERENCE_UNITS = (("[energy]", "watt_hour"), ("[power]", "watt"))


@functools.lru_cache(maxsize=1)
def registry() -> Any:
    """pint's default registry, loaded once per process (its definitions cached on disk)."""
    import pint

    try:
        return pint.UnitRegistry(cache_folder=":auto:")
    except OSError:  # no writable cache folder
        return pint.UnitRegistry()


@functools.lru_cache(maxsize=256)
def reference(expression: str) -> tuple[str, float]:
    """(reference unit, factor) of a pint unit expression: "gigawatt" -> ("watt", 1e9).

    Raises ValueError for an expression pint does not know.
    """
    import pint

    ureg = registry()
    try:
        quantity = ureg.Quantity(1, expression)
    except (
        pint.errors.UndefinedUnitError,
        pint.errors.DefinitionSyntaxError,
        AttributeError,
    ) as exc:
        raise ValueError(f"pint does not know the unit {expression!r}: {exc}") from None
    target = next((unit for dim, unit in _REFERENCE_UNITS if quantity.check(dim)), None)
    converted = quantity.to(target) if target else quantity.to_base_units()
    return f"{converted.units:~C}" or "1", float(converted.magnitude)
