"""An institution's purchase report ("procurement.purchases") on the import framework.

The institution is the upload's context (chosen on the upload page, ``?institution=<id>``), so
a report keeps the four columns institutions send. Natural key: (기관, 사업자등록번호, 구매일,
품목) — a row whose key is already stored (imported or entered by hand) is "unchanged" when its
amount is the same and "change" (the new amount) when not; so a report sent twice, or a
corrected one, never counts a purchase twice. Two purchases of one item from one enterprise on
one day are one row (their sum). Only registered enterprises are accepted.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises import selectors as enterprise_selectors
from procurement import access, services
from procurement.models import Institution, Purchase
from seoul_se.core.imports.kinds import (
    Column,
    ContextField,
    ContextKind,
    Plan,
    PlannedRow,
    RowError,
    Rows,
    chunks,
    register,
)
from seoul_se.core.imports.parsing import (
    parse_amount,
    parse_date,
    parse_registration_number,
    parse_text,
)


def _positive_amount(value: Any) -> int:
    amount = parse_amount(value)
    if amount < 1:
        raise ValidationError(_("구매액은 1원 이상이어야 합니다."), code="amount_not_positive")
    return amount


NUMBER = Column(
    "business_number",
    "사업자등록번호",
    parse_registration_number,
    help="10자리(000-00-00000), 검증번호까지 확인합니다. 기업 명부에 등록된 기업만 받습니다.",
    aliases=("사업자번호", "사업자 등록번호", "등록번호"),
    example="220-81-62517",
)
ITEM = Column(
    "item",
    "품목",
    lambda value: parse_text(value, 200),
    help="200자 이내. 같은 날 같은 기업의 같은 품목은 한 행(합계)으로 적습니다.",
    aliases=("품명", "구매품목", "계약명"),
    example="청소 용역",
    width=30,
)
COLUMNS = (
    NUMBER,
    Column(
        "purchased_on",
        "구매일",
        parse_date,
        help="2019-03-02 또는 2019.3.2",
        aliases=("구매일자", "계약일", "계약일자"),
        example="2019-03-02",
        width=12,
    ),
    Column(
        "amount",
        "구매액(원)",
        _positive_amount,
        help="원 단위(1,234,000 또는 1.2억). 이미 있는 구매면 이 금액으로 고칩니다.",
        aliases=("구매액", "구매금액", "금액", "계약금액"),
        example=2_000_000,
    ),
    ITEM,
)


class PurchaseReport(ContextKind):
    name = "procurement.purchases"
    label = gettext_lazy("공공기관 구매실적")
    roles = frozenset(access.MANAGE_ROLES)
    columns = COLUMNS
    context = ContextField(
        "institution", gettext_lazy("기관"), gettext_lazy("구매실적을 보낸 기관")
    )
    key_column = ITEM
    natural_key_doc = gettext_lazy(
        "기관, 사업자등록번호, 구매일, 품목이 같으면 같은 구매입니다(금액이 다르면 고칩니다)."
    )
    template_name = "공공구매_실적_양식.xlsx"
    # An institution's yearly report fits (10,000 rows: check ≈ 3 s, commit ≈ 31 s as a job).
    max_rows = 10_000

    def context_choices(self, key: str, actor: Any) -> list[tuple[str, str]]:
        return [(str(pk), name) for pk, name in Institution.objects.values_list("pk", "name")]

    def context_object(self, scope: dict[str, Any]) -> Institution:
        return Institution.objects.get(pk=scope["institution"])

    def row_key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return _key(values)

    def plan_rows(self, plan: Plan, rows: Rows, context: Any, *, actor: Any) -> None:
        registered = enterprise_selectors.ids_by_business_number(
            values["business_number"] for _, values in rows
        )
        stored = _stored(context.pk, rows, registered)
        for number, values in rows:
            enterprise_id = registered.get(values["business_number"])
            if enterprise_id is None:
                plan.errors.append(
                    RowError(
                        number,
                        NUMBER.title,
                        "unregistered",
                        _("등록되지 않은 사업자등록번호입니다. 기업 명부에서 확인해 주세요."),
                        values["business_number"],
                    )
                )
                continue
            found = stored.get((enterprise_id, values["purchased_on"], values["item"]), [])
            if len(found) > 1:
                plan.errors.append(
                    RowError(
                        number,
                        ITEM.title,
                        "ambiguous_purchase",
                        _("같은 날 같은 기업·품목의 구매가 이미 %(n)s건 있어 어느 것인지 모릅니다.")
                        % {"n": len(found)},
                        values["item"],
                    )
                )
                continue
            purchase = found[0] if found else None
            outcome = (
                "create"
                if purchase is None
                else ("unchanged" if purchase.amount == values["amount"] else "change")
            )
            values["enterprise_id"], values["purchase"] = enterprise_id, purchase
            summary = f"{values['purchased_on']:%Y-%m-%d} {values['item']} {values['amount']:,}원"
            if outcome == "change":
                assert purchase is not None
                summary += f" ({purchase.amount:,}원에서)"
            plan.rows.append(PlannedRow(number, _key(values), outcome, values, summary))

    def write(
        self, rows: list[PlannedRow], context: Any, *, actor: Any, record: Any
    ) -> list[tuple[Any, dict[str, Any] | None]]:
        before = [row.values["purchase"] and row.values["purchase"].amount for row in rows]
        _batch, purchases = services.import_purchases(
            actor=actor,
            institution=context,
            file_name=record.file_name,
            rows=[
                services.ImportedPurchase(
                    row.values["enterprise_id"],
                    row.values["purchased_on"],
                    row.values["amount"],
                    row.values["item"],
                    row.values["purchase"],
                )
                for row in rows
            ],
        )
        return [
            (purchase, {"amount": [amount, purchase.amount]} if row.outcome == "change" else None)
            for row, purchase, amount in zip(rows, purchases, before, strict=True)
        ]


def _key(values: dict[str, Any]) -> tuple[Any, ...]:
    return (values["business_number"], values["purchased_on"], values["item"])


def _stored(
    institution: int, rows: Rows, registered: dict[str, int]
) -> dict[tuple[Any, ...], list[Purchase]]:
    """The institution's stored purchases on the rows' keys, read 1,000 keys at a time."""
    keys = {
        (registered[v["business_number"]], v["purchased_on"], v["item"])
        for _, v in rows
        if v["business_number"] in registered
    }
    found: dict[tuple[Any, ...], list[Purchase]] = {}
    for part in chunks(sorted(keys)):
        match = Q()
        for enterprise_id, day, item in part:
            match |= Q(enterprise_id=enterprise_id, purchased_on=day, item=item)
        for purchase in Purchase.objects.filter(match, institution_id=institution):
            key = (purchase.enterprise_id, purchase.purchased_on, purchase.item)
            found.setdefault(key, []).append(purchase)
    return found


register(PurchaseReport())
