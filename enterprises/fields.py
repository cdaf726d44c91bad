"""Field lists the page forms and the API serializers share, so the two never disagree."""

# An enterprise's registration and profile, split where the API adds the formatted
# business number next to the raw one.
ENTERPRISE_NAMING_FIELDS = ["name", "legal_type", "business_number"]
ENTERPRISE_PROFILE_FIELDS = [
    "corporate_number",
    "representative",
    "address",
    "district",
    "sectors",
    "strategic_fields",
    "founded_on",
    "phone",
    "email",
    "website",
    "social_mission",
]
ENTERPRISE_FIELDS = [*ENTERPRISE_NAMING_FIELDS, *ENTERPRISE_PROFILE_FIELDS]
