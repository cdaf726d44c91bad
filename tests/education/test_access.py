import pytest

from education.models import Certificate, Enrolment
from tests.education.factories import CourseFactory, EnrolmentFactory
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolments(member, staff):
    MembershipFactory(user=member)
    course = CourseFactory()
    own = EnrolmentFactory(course=course, user=member, email=member.email)
    other = EnrolmentFactory(course=course, name="김다른", email="other@example.kr")
    return own, other


def test_member_sees_only_own_enrolments_in_api(api_for, member, enrolments):
    own, other = enrolments
    api = api_for(member)
    ids = [row["id"] for row in api.get("/api/v1/education/enrolments/").json()["results"]]
    assert ids == [own.pk]
    assert api.get(f"/api/v1/education/enrolments/{other.pk}/").status_code == 404
    assert api.post(f"/api/v1/education/enrolments/{other.pk}/cancel/").status_code == 404
    other.refresh_from_db()
    assert other.status == Enrolment.Status.ENROLLED


def test_member_cannot_see_other_people_or_their_certificates(
    client_for, member, staff, enrolments
):
    own, other = enrolments
    certificate = Certificate.objects.create(
        enrolment=other,
        number="SE-2026-TEST0001",
        attendance_rate=100,
        issued_on=other.course.starts_on,
        issued_by=staff,
    )
    client = client_for(member)
    page = client.get(f"/education/{own.course_id}/").content.decode()
    assert "김다른" not in page and "other@example.kr" not in page
    assert client.get(f"/education/certificates/{certificate.pk}.pdf").status_code == 404
    assert client.post(f"/education/enrolments/{other.pk}/cancel/").status_code == 404
    assert client.get(f"/education/{own.course_id}/enrolments.xlsx").status_code == 403
    assert client.get("/education/new/").status_code == 403


def test_verify_page_masks_the_name(client, staff, enrolments):
    _own, other = enrolments
    Certificate.objects.create(
        enrolment=other,
        number="SE-2026-ABCD1234",
        attendance_rate=100,
        issued_on=other.course.starts_on,
        issued_by=staff,
    )
    page = client.get("/education/verify/?number=se-2026-abcd1234").content.decode()
    assert "김*른" in page and "김다른" not in page and other.course.title in page
    assert (
        "일치하는 수료증이 없습니다"
        in client.get("/education/verify/?number=NOPE").content.decode()
    )


def test_auditor_reads_but_cannot_write(api_for, client_for, auditor, enrolments):
    own, _other = enrolments
    api = api_for(auditor)
    assert len(api.get("/api/v1/education/enrolments/").json()["results"]) == 2
    assert api.post("/api/v1/education/courses/", {"title": "x"}, format="json").status_code == 403
    assert client_for(auditor).get(f"/education/{own.course_id}/").status_code == 200


def test_reviewer_is_refused(api_for, client_for, reviewer):
    assert client_for(reviewer).get("/education/").status_code == 403
    assert api_for(reviewer).get("/api/v1/education/courses/").status_code == 403
