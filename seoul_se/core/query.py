"""Whole numbers read from a page's query string (``?year=``, ``?job=``, ``?loan=``).

A page given a value it cannot use ("abc", "0" for a year, "99999", "²", a 30-digit number) falls
back to its default instead of passing it on to ``int()``, a date or the database, where it ended
as a 500. ``str.isdigit()`` is not enough: it accepts "²", which ``int()`` refuses.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

# PostgreSQL's ``integer`` and ``bigint``: larger ids cannot exist.
MAX_ID = 2**63 - 1


def query_int(
    request: HttpRequest, name: str, *, min_value: int | None = None, max_value: int | None = None
) -> int | None:
    """The GET parameter ``name`` as a whole number within the bounds, else None."""
    field = forms.IntegerField(required=False, min_value=min_value, max_value=max_value)
    try:
        return field.clean(request.GET.get(name))
    except ValidationError:
        return None


def query_id(request: HttpRequest, name: str) -> int | None:
    """A record id (a positive bigint) from the GET parameter ``name``, else None."""
    return query_int(request, name, min_value=1, max_value=MAX_ID)


def query_year(request: HttpRequest, name: str = "year") -> int | None:
    """A year a date can hold (1–9999) from the GET parameter ``name``, else None."""
    return query_int(request, name, min_value=dt.MINYEAR, max_value=dt.MAXYEAR)
