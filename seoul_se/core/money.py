"""Won amounts and their display units.

Amounts are whole won (``int``). Display in 천원/백만원/억원 divides and rounds half up to the
shown precision (the printed reports round this way); the stored value is never changed.
"""

from decimal import ROUND_HALF_UP, Decimal

UNITS = {"원": 1, "천원": 1_000, "백만원": 1_000_000, "억원": 100_000_000}


def to_unit(amount: int | Decimal | None, unit: str = "원", places: int = 0) -> Decimal | None:
    """``amount`` won expressed in ``unit``, rounded half up to ``places`` decimals."""
    if amount is None:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(amount) / UNITS[unit]).quantize(quantum, rounding=ROUND_HALF_UP)


def format_won(amount: int | Decimal | None, unit: str = "원", places: int = 0) -> str:
    """``1234567`` → ``1,234,567원``; with unit ``백만원`` → ``1백만원``."""
    value = to_unit(amount, unit, places)
    if value is None:
        return "-"
    return f"{value:,.{places}f}{unit}"


def format_eok(amount: int | None) -> str:
    """Seed style for large sums: ``90_464_000_000`` → ``904억 6,400만원``."""
    if amount is None:
        return "-"
    sign = "-" if amount < 0 else ""
    eok, rest = divmod(abs(int(amount)), 100_000_000)
    man = rest // 10_000  # below 만원 is dropped in this display (not rounded)
    parts = []
    if eok:
        parts.append(f"{eok:,}억")
    if man or not eok:
        parts.append(f"{man:,}만")
    return sign + " ".join(parts) + "원"
