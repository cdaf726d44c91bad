"""Field lists the page forms and the API serializers share, so the two never disagree."""

# A loan product's terms, as officials edit them (page) and as the API shows them.
PRODUCT_FIELDS = [
    "code",
    "name",
    "category",
    "cap",
    "rate",
    "term_months",
    "grace_months",
    "repayment_method",
    "frequency",
    "overdue_margin",
    "is_active",
]
DEPOSIT_FIELDS = ["kind", "bank", "principal", "rate", "start", "maturity", "interest"]
# A schedule instalment as the API shows it (the demo loader adds the loan's id).
INSTALMENT_FIELDS = [
    "number",
    "due_date",
    "principal",
    "interest",
    "is_grace",
    "is_prepayment",
    "principal_paid",
    "interest_paid",
    "settled_on",
]
