"""Reference rows loaded by migration 0002. Codes are stable identifiers used by rules and imports."""

# Seoul district administrative codes (행정구역코드, 5 digits) and Korean names.
DISTRICTS = [
    ("11110", "종로구"),
    ("11140", "중구"),
    ("11170", "용산구"),
    ("11200", "성동구"),
    ("11215", "광진구"),
    ("11230", "동대문구"),
    ("11260", "중랑구"),
    ("11290", "성북구"),
    ("11305", "강북구"),
    ("11320", "도봉구"),
    ("11350", "노원구"),
    ("11380", "은평구"),
    ("11410", "서대문구"),
    ("11440", "마포구"),
    ("11470", "양천구"),
    ("11500", "강서구"),
    ("11530", "구로구"),
    ("11545", "금천구"),
    ("11560", "영등포구"),
    ("11590", "동작구"),
    ("11620", "관악구"),
    ("11650", "서초구"),
    ("11680", "강남구"),
    ("11710", "송파구"),
    ("11740", "강동구"),
]

LEGAL_TYPES = [
    ("certified_se", "인증 사회적기업"),
    ("pre_se_local", "예비사회적기업(지역형)"),
    ("pre_se_ministry", "예비사회적기업(부처형)"),
    ("cooperative", "일반 협동조합"),
    ("social_cooperative", "사회적협동조합"),
    ("village", "마을기업"),
    ("self_sufficiency", "자활기업"),
    ("social_venture", "소셜벤처"),
    ("other", "기타"),
]

SECTORS = [
    ("care", "돌봄·사회서비스"),
    ("education", "교육"),
    ("culture", "문화·예술"),
    ("environment", "환경·에너지"),
    ("food", "먹거리·농업"),
    ("health", "보건·의료"),
    ("housing", "주거"),
    ("manufacturing", "제조"),
    ("distribution", "유통·판매"),
    ("it", "IT·정보통신"),
    ("tourism", "관광·여가"),
    ("cleaning", "청소·시설관리"),
    ("consulting", "컨설팅·전문서비스"),
    ("finance", "사회적금융"),
    ("other", "기타"),
]

# The seven strategic fields of the 2013 cooperative activation plan (seed 004).
STRATEGIC_FIELDS = [
    ("childcare", "공동육아"),
    ("care", "돌봄"),
    ("health", "보건의료"),
    ("housing", "주택"),
    ("market", "전통시장 및 소상공인"),
    ("babyboomer", "베이비부머"),
    ("nonregular", "비정규직"),
]


TABLES = {
    "District": DISTRICTS,
    "LegalType": LEGAL_TYPES,
    "Sector": SECTORS,
    "StrategicField": STRATEGIC_FIELDS,
}


def load_reference_data(apps=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """Upsert the reference rows (used by migration 0002 and after every ``flush``).

    ``apps`` is the migration state's registry; ``flush`` sends no registry, so use the live one.
    """
    if apps is None:
        from django.apps import apps
    for model_name, rows in TABLES.items():
        model = apps.get_model("reference", model_name)
        if model.objects.count() == len(rows):
            continue
        for order, (code, name) in enumerate(rows, start=1):
            model.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
