"""Registered measures: how a computed indicator's actual is counted from the portal's records.

The mechanism lives in ``registry`` and is re-exported here (``from kpis import measures``
is the public API); the catalogue modules imported at the end register the measures, so
importing this package always yields the full registry.
"""

from kpis.measures.registry import (
    COUNT,
    EARLIEST_YEAR,
    MONEY,
    PARAM_CHECKS,
    RATE,
    REGISTRY,
    WON_PER_UNIT,
    ZERO,
    Evaluation,
    Measure,
    Param,
    choices,
    clean_params,
    get,
    params_key,
    program_year_of,
    register,
    to_indicator_unit,
    year_range,
)

# Each catalogue module registers its measures on import; this order is the registry's order
# (the measure choices shown on the indicator form), so keep it out of import sorting.
# isort: off
from kpis.measures import grants_and_loans
from kpis.measures import centre
from kpis.measures.centre import CASE_KIND, CHANNEL_KIND, COURSE_KIND, SERIES
# isort: on

__all__ = [
    "CASE_KIND",
    "CHANNEL_KIND",
    "COUNT",
    "COURSE_KIND",
    "EARLIEST_YEAR",
    "MONEY",
    "PARAM_CHECKS",
    "RATE",
    "REGISTRY",
    "SERIES",
    "WON_PER_UNIT",
    "ZERO",
    "Evaluation",
    "Measure",
    "Param",
    "centre",
    "choices",
    "clean_params",
    "get",
    "grants_and_loans",
    "params_key",
    "program_year_of",
    "register",
    "to_indicator_unit",
    "year_range",
]
