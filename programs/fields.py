"""Field lists the page forms and the API serializers share, so the two never disagree."""

# A call's notice and terms, as officials edit them (page) and as the API shows them.
CALL_TERMS_FIELDS = [
    "title",
    "notice",
    "eligibility",
    "opens_at",
    "closes_at",
    "request_cap",
    "duration_cap_months",
    "consortium_allowed",
    "required_documents",
    "budget_envelope",
    "review_deadline",
]
