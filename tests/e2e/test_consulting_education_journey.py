"""An enterprise member requests consulting and enrols in a course; staff record attendance and
issue a certificate, which downloads as a PDF and verifies publicly."""

import pytest

from consulting.models import Case
from education.models import Certificate, Enrolment
from tests.e2e.conftest import confirm_step, login_in_browser
from tests.education.factories import CourseFactory, CourseSessionFactory, move_course_to_past
from tests.factories import TEST_PASSWORD, MembershipFactory

pytestmark = pytest.mark.e2e


def test_member_requests_and_enrols_staff_record_attendance_and_certify(
    page, browser, live_server, login, member, staff
):
    enterprise = MembershipFactory(user=member).enterprise
    course = CourseFactory(title="사회적경제 회계 실무", capacity=5)
    CourseSessionFactory(course=course)

    # 1. the member requests consulting online
    login(member)
    page.goto("/consulting/request/")
    page.get_by_label("분야").select_option(label="노무")
    page.get_by_label("요청 내용").fill("근로계약서 검토를 부탁드립니다.")
    page.get_by_role("button", name="저장").click()
    page.wait_for_url("**/consulting/*/")
    case = Case.objects.get()
    assert (case.enterprise, case.status) == (enterprise, Case.Status.REQUESTED)
    assert case.number in page.content()

    # 2. … and enrols in the course
    page.goto(f"/education/{course.pk}/")
    page.get_by_role("button", name="수강 신청").click()
    page.wait_for_url(f"**/education/{course.pk}/")
    assert "수강 신청이 확정되었습니다" in page.content()
    enrolment = Enrolment.objects.get(user=member)
    assert enrolment.status == Enrolment.Status.ENROLLED

    # 3. the course takes place; staff tick the member present and issue certificates
    move_course_to_past(course)
    context = browser.new_context(
        base_url=live_server.url, locale="ko-KR", timezone_id="Asia/Seoul", accept_downloads=True
    )
    staff_page = context.new_page()
    login_in_browser(staff_page, staff, TEST_PASSWORD)
    session = course.sessions.get()
    staff_page.goto(f"/education/sessions/{session.pk}/attendance/")
    staff_page.get_by_label(f"{enrolment.name} ({enrolment.pk})").check()
    staff_page.get_by_role("button", name="출석 저장").click()
    staff_page.wait_for_url(f"**/education/sessions/{session.pk}/attendance/")
    assert session.attendances.get(enrolment=enrolment).present
    staff_page.goto(f"/education/{course.pk}/")
    confirm_step(staff_page, staff_page.get_by_role("button", name="수료 판정·수료증 발급"))
    staff_page.wait_for_url(f"**/education/{course.pk}/")
    certificate = Certificate.objects.get(enrolment=enrolment)
    with staff_page.expect_download() as download_info:
        staff_page.get_by_role("link", name=certificate.number).click()
    path = download_info.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    context.close()

    # 4. anyone verifies the number: name masked, course shown
    page.goto(f"/education/verify/?number={certificate.number}")
    result = page.get_by_test_id("verify-result").inner_text()
    assert course.title in result and enrolment.name not in result
