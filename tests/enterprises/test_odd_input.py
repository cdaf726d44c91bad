"""Odd input at the registry's boundaries (issue 11, findings 8 and 11): control characters
through forms, the API and the roster import; data already stored with one still exports;
registration numbers typed with full-width or other digits find (and block) the registered
enterprise everywhere; a superscript digit in a roster cell is a per-row error."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from enterprises import selectors, services
from enterprises.forms import EnterpriseForm, JoinForm
from enterprises.models import Enterprise, EnterpriseMembership
from funds.forms import LoanApplicationForm
from seoul_se.reference.models import District, LegalType
from tests.enterprises.factories import import_roster, roster_row, roster_xlsx
from tests.factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/enterprises"
NUMBER = "2208162517"
FULL_WIDTH = "２２０－８１－６２５１７"  # the same number, typed on a full-width keyboard
ARABIC_INDIC = "٢٢٠٨١٦٢٥١٧"


def _full_width(text: str) -> str:
    return text.translate({ord(str(d)): chr(0xFF10 + d) for d in range(10)})


# --- control characters ---------------------------------------------------------------------


def test_api_patch_with_a_control_character_is_refused_with_its_code(api_for, staff):
    enterprise = EnterpriseFactory(social_mission="돌봄")
    response = api_for(staff).patch(
        f"{URL}/{enterprise.pk}", {"social_mission": "돌봄\x1b[31m"}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "control_character"
    assert "제어 문자" in error["fields"]["social_mission"][0]
    enterprise.refresh_from_db()
    assert enterprise.social_mission == "돌봄"


@pytest.mark.parametrize("fmt", ["multipart", None])
def test_api_form_encoded_bodies_are_checked_too(api_for, staff, fmt):
    enterprise = EnterpriseFactory()
    api = api_for(staff)
    data = {"representative": "김\x7f대표"}
    response = (
        api.patch(f"{URL}/{enterprise.pk}", data, format=fmt)
        if fmt
        else api.generic(
            "PATCH",
            f"{URL}/{enterprise.pk}",
            "representative=%EA%B9%80%C2%9B",  # "김" + U+009B (C1)
            content_type="application/x-www-form-urlencoded",
        )
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "control_character"
    assert list(response.json()["error"]["fields"]) == ["representative"]


def test_api_keeps_newlines_and_tabs(api_for, staff):
    enterprise = EnterpriseFactory()
    text = "첫째 줄\r\n둘째\t줄"
    response = api_for(staff).patch(
        f"{URL}/{enterprise.pk}", {"social_mission": text}, format="json"
    )
    assert response.status_code == 200, response.json()
    enterprise.refresh_from_db()
    assert enterprise.social_mission == text


def test_page_form_names_the_field_with_a_control_character(client, member):
    enterprise = MembershipFactory(user=member).enterprise
    client.force_login(member)
    form = {
        "name": enterprise.name,
        "legal_type": enterprise.legal_type.pk,
        "business_number": enterprise.business_number_display,
        "representative": "대표",
        "district": enterprise.district.pk,
        "social_mission": "미션\x1b",
    }
    response = client.post(f"/enterprises/{enterprise.pk}/edit/", form)
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["social_mission"][0].code == (
        "control_character"
    )
    assert "제어 문자" in response.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.social_mission != "미션\x1b"


def test_a_stored_control_character_no_longer_breaks_the_export(client, staff):
    EnterpriseFactory(name="정상 기업")
    odd = EnterpriseFactory(name="깨진 기업")
    # Stored before the input check existed (or by any path that skips it).
    Enterprise.objects.filter(pk=odd.pk).update(
        social_mission="미션\x1b끝", representative="\x01=cmd", address="주소\x08"
    )
    client.force_login(staff)
    response = client.get("/enterprises/export.xlsx?purpose=monitoring")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    row = next(r for r in rows if r[0] == "깨진 기업")
    assert row[12] == "미션끝" and row[4] == "'=cmd" and row[6] == "주소"
    assert any(r[0] == "정상 기업" for r in rows)


def test_roster_cell_with_a_control_character_is_a_row_error(staff):
    rows = [roster_row(1), roster_row(2, social_mission="돌봄\x7f", representative="김\x85대표")]
    outcome, _record = import_roster(roster_xlsx(rows), staff)
    found = {(e.row, e.column): e for e in outcome.errors}
    assert set(found) == {(3, "사회적 가치·미션"), (3, "대표자")}
    assert "제어 문자" in found[(3, "대표자")].message
    assert found[(3, "대표자")].value == "김?대표"  # shown visibly, not as the control itself
    assert not Enterprise.objects.exists()


# --- registration numbers in other digit forms --------------------------------------------


@pytest.mark.parametrize("typed", [FULL_WIDTH, ARABIC_INDIC, "２２０８１６２５１７"])
def test_lookup_by_number_finds_the_registered_enterprise_in_any_digit_form(typed):
    enterprise = EnterpriseFactory(business_number=NUMBER)
    assert selectors.registered_by_business_number(typed, missing="없음") == enterprise
    assert list(Enterprise.objects.filter(selectors.search_q(_full_width("220816")))) == [
        enterprise
    ]


def test_registration_form_stores_ascii_digits_and_the_service_blocks_a_duplicate(member):
    EnterpriseFactory(business_number=NUMBER)
    form = EnterpriseForm(
        {
            "name": "중복 기업",
            "legal_type": LegalType.objects.get(code="cooperative").pk,
            "business_number": FULL_WIDTH,
            "corporate_number": _full_width("130111-0006246"),
            "representative": "나",
            "district": District.objects.get(name="마포구").pk,
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["business_number"] == NUMBER
    assert form.cleaned_data["corporate_number"] == "1301110006246"
    with pytest.raises(ValidationError) as exc:
        services.create_enterprise(actor=member, data=form.cleaned_data)
    assert "이미 등록된" in str(exc.value)
    assert Enterprise.objects.count() == 1


def test_member_onboarding_page_joins_the_existing_enterprise(client, member):
    existing = EnterpriseFactory(business_number=NUMBER)
    client.force_login(member)
    response = client.post(
        "/enterprises/start/",
        {
            "action": "register",
            "new-name": "중복 기업",
            "new-legal_type": LegalType.objects.get(code="cooperative").pk,
            "new-business_number": FULL_WIDTH,
            "new-representative": "나",
            "new-district": District.objects.get(name="마포구").pk,
        },
    )
    assert "이미 등록된 사업자등록번호" in response.content.decode()
    assert Enterprise.objects.count() == 1
    response = client.post(
        "/enterprises/start/", {"action": "join", "join-business_number": FULL_WIDTH}
    )
    assert response.status_code == 302
    assert EnterpriseMembership.objects.get(user=member).enterprise == existing
    assert JoinForm({"business_number": FULL_WIDTH}).is_valid()


def test_api_create_with_a_full_width_number_is_a_duplicate(api_for, staff):
    EnterpriseFactory(business_number=NUMBER)
    data = {
        "name": "API 중복",
        "legal_type": "cooperative",
        "business_number": FULL_WIDTH,
        "representative": "박대표",
        "district": "11440",
    }
    response = api_for(staff).post(URL, data, format="json")
    assert response.status_code == 400
    assert "이미 등록된" in str(response.json()["error"]["fields"]["business_number"])
    assert Enterprise.objects.count() == 1


def test_api_create_stores_ascii_digits(api_for, staff):
    data = {
        "name": "아랍 숫자",
        "legal_type": "cooperative",
        "business_number": ARABIC_INDIC,
        "representative": "박대표",
        "district": "11440",
    }
    response = api_for(staff).post(URL, data, format="json")
    assert response.status_code == 201, response.json()
    assert Enterprise.objects.get().business_number == NUMBER


def test_api_superscript_digit_is_a_field_error(api_for, staff):
    data = {"name": "x", "legal_type": "cooperative", "business_number": "220-81-6251⁷"}
    data.update(representative="박대표", district="11440")
    response = api_for(staff).post(URL, data, format="json")
    assert response.status_code == 400
    assert "일반 숫자가 아닙니다" in response.json()["error"]["fields"]["business_number"][0]


def test_roster_with_a_full_width_number_of_a_registered_enterprise_finds_it(staff):
    registered = EnterpriseFactory(business_number=NUMBER)
    rows = [roster_row(1, business_number=FULL_WIDTH), roster_row(2)]
    outcome, _record = import_roster(roster_xlsx(rows), staff)
    assert outcome.ok
    assert (outcome.rows[0].row, outcome.rows[0].key) == (2, (NUMBER,))
    assert outcome.rows[0].outcome == "change"
    assert Enterprise.objects.count() == 2
    assert Enterprise.objects.get(business_number=NUMBER).pk == registered.pk


def test_roster_full_width_duplicates_inside_the_file_are_found(staff):
    first = roster_row(1)
    rows = [first, roster_row(2, business_number=_full_width(first[2]))]
    outcome, _record = import_roster(roster_xlsx(rows), staff)
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "사업자등록번호")]
    assert "파일 안에서 중복" in outcome.errors[0].message


def test_roster_full_width_numbers_are_stored_as_ascii(staff):
    row = roster_row(1)
    typed = _full_width(row[2])
    outcome, _record = import_roster(roster_xlsx([roster_row(1, business_number=typed)]), staff)
    assert outcome.ok
    assert Enterprise.objects.get().business_number == row[2].replace("-", "")


def test_superscript_digit_in_a_roster_cell_is_a_row_error_not_an_unreadable_file(staff):
    number = roster_row(2)[2]
    rows = [
        roster_row(1),
        roster_row(2, business_number=number[:-1] + "¹"),
        roster_row(3, corporate_number="130111-000624⁶"),
    ]
    outcome, _record = import_roster(roster_xlsx(rows), staff)
    found = {(e.row, e.column): e.message for e in outcome.errors}
    assert set(found) == {(3, "사업자등록번호"), (4, "법인등록번호")}
    assert "일반 숫자가 아닙니다" in found[(3, "사업자등록번호")]
    assert not Enterprise.objects.exists()


def test_loan_application_form_finds_the_borrower_by_a_full_width_number():
    enterprise = EnterpriseFactory(business_number=NUMBER)
    form = LoanApplicationForm({"business_number": FULL_WIDTH})
    form.is_valid()
    assert "business_number" not in form.errors
    assert form.cleaned_data["enterprise"] == enterprise
