"""Reference rows of this app, loaded by migration: the stages of both tracks (seed 000, 2020
plan §9) and the districts' support centres with their telephone numbers (seed 001, 자치구
지원조직 안내 — it lists 24 centres; 중랑구 has none there)."""

ECO = 1_000_000  # 백만원

# (track, code, name, order, max_years, {stage year: cap})
STAGES = [
    ("ecosystem", "ecosystem-team", "생태계사업단", 1, 3, {y: 200 * ECO for y in (1, 2, 3)}),
    ("ecosystem", "integrated-centre", "통합지원센터", 2, 6, {y: 150 * ECO for y in range(1, 7)}),
    # 사업 준비 6개월 50백만원 → 본사업 3년 500백만원 (1년차 1억원, 2·3년차 2억원 이내).
    ("zone", "zone-preparation", "예비특구(사업 준비)", 1, 1, {1: 50 * ECO}),
    ("zone", "zone-main", "본특구(본사업)", 2, 3, {1: 100 * ECO, 2: 200 * ECO, 3: 200 * ECO}),
]

# (자치구 name as in the reference data, centre name, telephone)
CENTRES = [
    ("관악구", "관악사회적경제통합지원센터", "02-6713-7500"),
    ("금천구", "금천구사회적경제지원센터", "070-4432-3792"),
    ("성북구", "성북구마을사회적경제센터", "02-927-9501"),
    ("은평구", "은평구사회적경제허브센터", "02-355-7913"),
    ("도봉구", "도봉구마을사회적경제지원센터", "02-6952-6727"),
    ("강북구", "강북구사회적경제통합지원센터", "02-994-8283"),
    ("구로구", "구로사회적경제통합지원센터", "02-3666-9845"),
    ("노원구", "노원사회적경제지원센터", "02-933-7150"),
    ("성동구", "성동구사회적경제지원센터", "02-2291-2323"),
    ("강동구", "강동구사회적경제지원센터", "02-482-1367"),
    ("마포구", "마포구사회적경제통합지원센터", "02-303-5284"),
    ("동대문구", "동대문구사회적경제지원센터", "02-969-9936"),
    ("광진구", "광진구사회적경제통합지원센터", "02-461-9390"),
    ("동작구", "동작구사회적경제지원센터", "02-820-9008"),
    ("양천구", "양천구사회적경제통합지원센터", "02-2643-1556"),
    ("영등포구", "영등포구사회적경제지원센터", "070-5029-4969"),
    ("용산구", "용산사회적경제통합지원센터", "02-318-5200"),
    ("강서구", "강서구사회적경제생태계조성사업단", "02-2600-6506"),
    ("서초구", "서초구사회적경제생태계조성사업단", "02-582-8868"),
    ("종로구", "종로구사회적경제통합지원센터", "02-739-7008"),
    ("중구", "중구사회적경제지역생태계조성사업단", "070-8670-0039"),
    ("강남구", "강남구사회적경제육성·지원센터", "02-6081-7100"),
    ("송파구", "송파구사회적경제지원센터", "02-2043-1421"),
    ("서대문구", "서대문구사회적경제마을자치센터", "02-3140-8026"),
]


def load(apps=None, schema_editor=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """Upsert the stages and centres by their natural keys (migration 0002, and after every
    ``flush`` through post_migrate — ``apps`` is then absent: use the live registry)."""
    if apps is None:
        from django.apps import apps
    stage_model = apps.get_model("districts", "DistrictStage")
    centre_model = apps.get_model("districts", "DistrictCentre")
    district_model = apps.get_model("reference", "District")
    if stage_model.objects.count() == len(STAGES) and centre_model.objects.count() == len(CENTRES):
        return
    for track, code, name, order, years, caps in STAGES:
        stage_model.objects.update_or_create(
            code=code,
            defaults={
                "track": track,
                "name": name,
                "order": order,
                "max_years": years,
                "yearly_caps": {str(y): cap for y, cap in caps.items()},
            },
        )
    for district_name, name, phone in CENTRES:
        district = district_model.objects.get(name=district_name)
        centre_model.objects.update_or_create(
            district=district, defaults={"name": name, "phone": phone}
        )
