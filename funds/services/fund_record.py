"""The fund itself: the one record every intermediary, deposit and product belongs to."""

from funds.models import Fund

MAIN_FUND_NAME = "서울시 사회투자기금"


def main_fund() -> Fund:
    fund, _ = Fund.objects.get_or_create(
        name=MAIN_FUND_NAME, defaults={"legal_basis": "사회투자기금의 설치 및 운용에 관한 조례"}
    )
    return fund
