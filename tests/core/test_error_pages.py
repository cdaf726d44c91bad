"""The portal's own Korean 404/403/500 pages: the shell (masthead, menu) and a link home."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory, override_settings
from django.urls import reverse

from seoul_se.core.views import PortalNotFoundMiddleware, page_not_found, server_error

MASTHEAD = "이 누리집은 대한민국 공식 전자정부 누리집입니다."


def assert_portal_page(response, status: int, heading: str):
    html = response.content.decode()
    assert response.status_code == status
    assert MASTHEAD in html
    assert heading in html
    assert f'href="{reverse("core:home")}" data-testid="error-home"' in html


def test_unknown_url_renders_the_portal_404(client_for, official):
    response = client_for(official).get("/no-such-page/")
    assert_portal_page(response, 404, "요청한 화면을 찾을 수 없습니다")
    assert 'data-testid="main-menu"' in response.content.decode()


def test_forbidden_page_renders_the_portal_403(client_for, member):
    response = client_for(member).get(reverse("audit:log"))
    assert_portal_page(response, 403, "접근 권한이 없습니다")


def test_server_error_renders_the_portal_500_without_the_database():
    request = RequestFactory().get("/boom/")
    assert_portal_page(server_error(request), 500, "일시적인 오류가 발생했습니다")


def test_api_server_error_is_json():
    response = server_error(RequestFactory().get("/api/v1/boom/"))
    assert response.status_code == 500
    assert json.loads(response.content)["error"]["code"] == "server_error"


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_under_debug_the_middleware_serves_the_portal_404_not_the_url_list(rf):
    request = rf.get("/no-such-page/")
    request.user = AnonymousUser()
    response = PortalNotFoundMiddleware(lambda request: pytest.fail("view called"))(request)
    html = response.content.decode()
    assert response.status_code == 404
    assert "요청한 화면을 찾을 수 없습니다" in html
    assert "URLconf" not in html


def test_under_debug_a_views_http404_is_the_portal_page(rf):
    request = rf.get(reverse("core:home"))
    middleware = PortalNotFoundMiddleware(lambda request: None)
    with override_settings(DEBUG=True):
        response = middleware.process_exception(request, Http404("missing"))
    assert response is not None and response.status_code == 404
    assert middleware.process_exception(request, ValueError("other")) is None
    assert page_not_found(request).status_code == 404
