import pytest
from auditlog.models import LogEntry
from django.db import DatabaseError, transaction

from seoul_se.accounts.models import User


def test_change_through_a_page_is_recorded_with_actor_and_origin(client_for, administrator, member):
    client = client_for(administrator)
    response = client.post(
        f"/admin/accounts/user/{member.pk}/change/",
        {
            "email": member.email,
            "name": "이름변경",
            "role": "enterprise_member",
            "organisation": "",
            "phone": "",
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
        },
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302, response.content[:2000]
    entry = LogEntry.objects.get_for_object(member).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == administrator
    assert entry.remote_addr == "10.1.2.3"
    assert entry.changes_dict["name"][1] == "이름변경"
    assert entry.changes_dict["name"][0] == member.name


def test_change_through_the_api_is_recorded(member):
    from rest_framework.test import APIClient

    from seoul_se.accounts.services import issue_api_token

    _token, key = issue_api_token(actor=member)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.patch("/api/v1/me", {"phone": "02-123-4567"}, format="json")
    assert response.status_code == 200
    entry = LogEntry.objects.get_for_object(member).latest("timestamp")
    assert entry.actor == member
    assert entry.changes_dict["phone"] == ["", "02-123-4567"]


def test_audit_trail_refuses_edits_and_deletes_in_the_database(member):
    entry = LogEntry.objects.get_for_object(member).first()
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(object_repr="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()


def test_audit_trail_is_read_only_in_admin_and_api(client_for, api_for, administrator, member):
    entry = LogEntry.objects.get_for_object(member).first()
    admin = client_for(administrator)
    assert admin.get(f"/admin/auditlog/logentry/{entry.pk}/delete/").status_code == 403
    assert admin.post(f"/admin/auditlog/logentry/{entry.pk}/change/", {}).status_code == 403
    api = api_for(administrator)
    assert api.delete(f"/api/v1/audit-entries/{entry.pk}").status_code == 405
    assert api.patch(f"/api/v1/audit-entries/{entry.pk}", {}).status_code == 405


def test_officials_filter_the_trail_per_record_and_per_user(client_for, api_for, official, member):
    member.name = "변경됨"
    member.save()
    page = client_for(official).get("/audit/", {"model": "accounts.user", "object_pk": member.pk})
    assert page.status_code == 200
    assert [e.object_pk for e in page.context["page"]] == [str(member.pk)] * 2
    api = api_for(official).get(
        "/api/v1/audit-entries", {"model": "accounts.user", "object_pk": str(member.pk)}
    )
    assert api.json()["count"] == 2
    assert User.objects.filter(pk=member.pk).exists()


@pytest.mark.django_db
def test_the_trail_names_fields_and_choices_as_the_reader_reads_them(client_for, official, member):
    member.name = "변경됨"
    member.role = "reviewer"
    member.save()
    html = client_for(official).get("/audit/", {"model": "accounts.user"}).content.decode()
    changes = html[html.index('class="changes"') :]
    assert "<strong>이름</strong>" in changes and "<strong>name</strong>" not in changes
    assert "심사위원" in changes and "→ reviewer" not in changes
