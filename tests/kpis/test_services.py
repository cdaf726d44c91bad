"""Indicators and the manual-entry workflow: validation, approval, transitions, cumulative."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from kpis import services
from kpis.models import Indicator, IndicatorValue, ManualEntry, ManualEntryTransition
from tests.kpis.factories import BusinessAreaFactory, IndicatorFactory, evidence, program

pytestmark = pytest.mark.django_db


def base(**overrides):
    data = {
        "area": BusinessAreaFactory(name="공공시장 확대지원"),
        "year": 2018,
        "name": "일상상담",
        "unit": "건",
        "direction": "higher",
        "cumulative": False,
        "target": "200",
        "source": "manual",
    }
    data.update(overrides)
    return data


def test_create_indicator(staff):
    indicator = services.create_indicator(actor=staff, **base())
    assert indicator.target == Decimal(200)
    assert indicator.created_by == staff


@pytest.mark.parametrize(
    ("field", "value", "error_field"),
    [
        ("target", "-5", "target"),
        ("target", "많이", "target"),
        ("unit", "kg", "unit"),
        ("year", "20x8", "year"),
        ("name", " ", "name"),
    ],
)
def test_bad_indicator_input_saves_nothing(staff, field, value, error_field):
    with pytest.raises(ValidationError) as exc:
        services.create_indicator(actor=staff, **base(**{field: value}))
    assert error_field in exc.value.message_dict
    assert not Indicator.objects.exists()


def test_duplicate_indicator_is_refused(staff):
    services.create_indicator(actor=staff, **base())
    with pytest.raises(ValidationError):
        services.create_indicator(actor=staff, **base())
    assert Indicator.objects.count() == 1


def test_computed_indicator_unit_mismatch(staff):
    with pytest.raises(ValidationError) as exc:
        services.create_indicator(
            actor=staff, **base(source="computed", measure_key="amount_lent", unit="건")
        )
    assert "단위 불일치" in exc.value.message_dict["unit"][0]


def test_computed_indicator_unknown_measure(staff):
    with pytest.raises(ValidationError) as exc:
        services.create_indicator(actor=staff, **base(source="computed", measure_key="nope"))
    assert "measure_key" in exc.value.message_dict


def test_computed_indicator_program_of_another_year(staff):
    prog_2019 = program(2019)
    with pytest.raises(ValidationError) as exc:
        services.create_indicator(
            actor=staff,
            **base(
                year=2020,
                source="computed",
                measure_key="applications_selected",
                measure_params={"program": prog_2019.pk},
            ),
        )
    message = exc.value.message_dict["measure_params"][0]
    assert "2019년 사업" in message and "2020년 지표" in message
    assert not Indicator.objects.exists()


def test_indicator_program_of_another_year(staff):
    with pytest.raises(ValidationError) as exc:
        services.create_indicator(actor=staff, **base(year=2020, program=program(2019)))
    assert "program" in exc.value.message_dict


def test_indicator_program_scopes_the_measure(staff):
    prog = program(2019)
    indicator = services.create_indicator(
        actor=staff,
        **base(year=2019, program=prog, source="computed", measure_key="applications_selected"),
    )
    assert indicator.measure_params == {"program": prog.pk}


def test_undeclared_measure_parameter(staff):
    with pytest.raises(ValidationError) as exc:
        services.create_indicator(
            actor=staff,
            **base(source="computed", measure_key="workshops_held", measure_params={"x": 1}),
        )
    assert "x" in exc.value.message_dict["measure_params"][0]


def test_members_and_auditors_cannot_create(member, auditor):
    for user in (member, auditor):
        with pytest.raises(PermissionDenied):
            services.create_indicator(actor=user, **base())


def test_update_marks_value_stale(staff, official):
    indicator = IndicatorFactory()
    services.apply_manual_value(indicator, Decimal(208))
    services.update_indicator(indicator, actor=staff, target="250")
    value = IndicatorValue.objects.get(indicator=indicator)
    assert value.stale


# --- manual entries ----------------------------------------------------------------------


def test_entry_approval_sets_value_and_records_transitions(staff, official):
    indicator = IndicatorFactory(target=Decimal(200))
    entry = services.submit_entry(
        indicator, actor=staff, value="208", unit="건", evidence=evidence()
    )
    assert entry.status == "submitted"
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()
    services.act_on_entry(entry, "approve", actor=official, comment="확인")
    value = IndicatorValue.objects.get(indicator=indicator)
    assert value.actual == Decimal(208)
    assert value.achievement_rate == Decimal("1.040000")
    assert value.achievement_percent == 104
    steps = list(
        ManualEntryTransition.objects.filter(entry=entry).values_list(
            "from_status", "to_status", "actor"
        )
    )
    assert steps == [("", "submitted", staff.pk), ("submitted", "approved", official.pk)]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"value": "-3", "unit": "건"}, "value"),
        ({"value": "two hundred", "unit": "건"}, "value"),
        ({"value": "200", "unit": "회"}, "unit"),
    ],
)
def test_bad_entries_save_nothing(staff, kwargs, field):
    indicator = IndicatorFactory()
    with pytest.raises(ValidationError) as exc:
        services.submit_entry(indicator, actor=staff, evidence=evidence(), **kwargs)
    assert field in exc.value.message_dict
    assert not ManualEntry.objects.exists()


def test_entry_without_evidence(staff):
    with pytest.raises(ValidationError) as exc:
        services.submit_entry(IndicatorFactory(), actor=staff, value="1", unit="건", evidence=None)
    assert "증빙" in exc.value.message_dict["evidence"][0]
    assert not ManualEntry.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (ContentFile(b"MZ\x90\x00 renamed program", name="실적.pdf"), "허용되지 않는"),
        (ContentFile(b"%PDF-1.4 evidence", name="실적.exe"), "확장자"),
        (ContentFile(b"", name="빈파일.pdf"), "빈 파일"),
    ],
)
def test_entry_evidence_is_judged_by_content(staff, upload, message):
    with pytest.raises(ValidationError) as exc:
        services.submit_entry(
            IndicatorFactory(), actor=staff, value="1", unit="건", evidence=upload
        )
    assert message in exc.value.message_dict["evidence"][0]
    assert not ManualEntry.objects.exists()


def test_official_cannot_approve_own_entry(official):
    entry = services.submit_entry(
        IndicatorFactory(), actor=official, value="1", unit="건", evidence=evidence()
    )
    with pytest.raises(ValidationError) as exc:
        services.act_on_entry(entry, "approve", actor=official)
    assert "본인" in exc.value.messages[0]
    entry.refresh_from_db()
    assert entry.status == "submitted" and entry.approved_by is None
    assert not IndicatorValue.objects.exists()


def test_staff_cannot_approve(staff, make_user):
    other = make_user("centre_staff")
    entry = services.submit_entry(
        IndicatorFactory(), actor=other, value="1", unit="건", evidence=evidence()
    )
    with pytest.raises(PermissionDenied):
        services.act_on_entry(entry, "approve", actor=staff)


def test_illegal_transition(staff, official):
    entry = services.submit_entry(
        IndicatorFactory(), actor=staff, value="1", unit="건", evidence=evidence()
    )
    services.act_on_entry(entry, "reject", actor=official, comment="증빙 불충분")
    with pytest.raises(ValidationError) as exc:
        services.act_on_entry(entry, "approve", actor=official)
    assert "반려" in exc.value.messages[0]


def test_reject_needs_a_reason(staff, official):
    entry = services.submit_entry(
        IndicatorFactory(), actor=staff, value="1", unit="건", evidence=evidence()
    )
    with pytest.raises(ValidationError):
        services.act_on_entry(entry, "reject", actor=official, comment=" ")


def test_withdraw_own_entry(staff, make_user):
    entry = services.submit_entry(
        IndicatorFactory(), actor=staff, value="1", unit="건", evidence=evidence()
    )
    with pytest.raises(PermissionDenied):
        services.act_on_entry(entry, "withdraw", actor=make_user("centre_staff"))
    services.act_on_entry(entry, "withdraw", actor=staff)
    entry.refresh_from_db()
    assert entry.status == "withdrawn"


def test_cannot_enter_actual_for_computed_indicator(staff):
    indicator = IndicatorFactory(source="computed", measure_key="workshops_held")
    with pytest.raises(ValidationError):
        services.submit_entry(indicator, actor=staff, value="1", unit="건", evidence=evidence())


def test_cumulative_series(staff, official):
    area = BusinessAreaFactory(name="공공시장 확대지원")
    first = IndicatorFactory(
        area=area, name="매칭 계약", unit="억원", year=2018, target=Decimal(80), cumulative=True
    )
    second = IndicatorFactory(
        area=area, name="매칭 계약", unit="억원", year=2019, target=Decimal(90), cumulative=True
    )
    services.apply_manual_value(first, Decimal(81))
    value = services.apply_manual_value(second, Decimal(19))
    assert value.actual == Decimal(100)
    assert value.achievement_percent == 111  # 100 / 90
    # a correction of 2018 marks 2019 stale; recomputation brings it back
    services.apply_manual_value(first, Decimal(85))
    assert IndicatorValue.objects.get(indicator=second).stale
