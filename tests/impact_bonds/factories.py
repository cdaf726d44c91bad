import datetime as dt
from decimal import Decimal

from impact_bonds import services
from impact_bonds.payout import Band

NO1_BANDS = [
    Band(Decimal(0), Decimal(10), Decimal(0)),
    Band(Decimal(10), Decimal(26), Decimal(100)),
    Band(Decimal(26), Decimal(42), Decimal(115)),
    Band(Decimal(42), None, Decimal(130)),
]


def make_bond(official, *, number=1, project_cost=1_000_000_000, bands=NO1_BANDS, **kwargs):
    """A 2016-08 – 2019-07 bond with a 성공률 (%) payout metric and (by default) No.1's rule."""
    values = {
        "name": "테스트 SIB",
        "starts_on": dt.date(2016, 8, 1),
        "ends_on": dt.date(2019, 7, 31),
    }
    values.update(kwargs)
    bond = services.create_bond(actor=official, number=number, project_cost=project_cost, **values)
    metric = services.add_metric(
        bond, actor=official, name="성공률", unit="%", is_payout_basis=True
    )
    if bands:
        services.set_payout_rule(bond, actor=official, bands=bands)
    return bond, metric
