"""Confirmation of irreversible steps: the signed token, the tag, the page without JavaScript."""

import re
import time

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory

from funds.models import Loan, LoanStatus, LoanTransaction
from funds.services import post_transaction
from funds.workflow import LOAN_MACHINE
from kpis.models import ManualEntry
from kpis.workflow import ENTRY_MACHINE
from seoul_se.core import confirm
from tests.factories import MembershipFactory, UserFactory
from tests.funds.factories import START, make_loan

MESSAGE = "취소하면 되돌릴 수 없습니다. 취소할까요?"


FORM = re.compile(
    r'<form method="post" action="([^"]+)" data-testid="confirm-form">(.*?)</form>', re.S
)


def hidden_fields(body: str) -> list[tuple[str, str]]:
    """The hidden fields of the confirmation page's form."""
    form = FORM.search(body).group(2)
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)


def confirm_form(body: str) -> tuple[str, dict[str, str]]:
    """The confirmation page's form: where it posts and its fields (as a browser would post)."""
    return FORM.search(body).group(1), dict(hidden_fields(body))


def token_for(url="/funds/transactions/1/reverse/", back="/funds/loans/1/", **kwargs):
    return confirm.sign(url, MESSAGE, "거래 취소", back=back, **kwargs)


def test_a_token_carries_its_step():
    step = confirm.read(token_for(name="action", value="reverse"))
    assert step == confirm.Confirmation(
        url="/funds/transactions/1/reverse/",
        back="/funds/loans/1/",
        message=MESSAGE,
        label="거래 취소",
        name="action",
        value="reverse",
    )


@pytest.mark.parametrize(
    "token",
    [
        "",
        token_for()[:-2] + "xx",  # altered signature
        signing.dumps({"u": "/x", "b": "/", "m": "남의 글", "l": "확인"}),  # no salt
        signing.dumps({"u": "/x", "b": "/", "m": "남의 글", "l": "확인"}, salt="other"),
        token_for(url="//evil.example/steal"),  # signed, but another site
        token_for(url="https://evil.example/"),
        token_for(back="javascript:alert(1)"),
    ],
)
def test_bad_tokens_are_refused(token):
    with pytest.raises(confirm.BadConfirmation):
        confirm.read(token)


def test_an_old_token_has_expired(monkeypatch):
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - confirm.MAX_AGE_SECONDS - 60)
    token = token_for()
    monkeypatch.setattr(signing.time, "time", lambda: now)
    with pytest.raises(confirm.BadConfirmation, match="만료"):
        confirm.read(token)


def render(source: str, context: dict | None = None, path: str = "/funds/loans/7/?as_of=x"):
    request = RequestFactory().get(path)
    request.user = (context or {}).pop("user", None)
    return Template("{% load confirm workflow %}" + source).render(
        Context({"request": request, **(context or {})})
    )


def test_the_tag_renders_a_button_that_asks_first():
    html = render(
        '{% confirm_button "삭제" msg url="/files/3/delete" classes="danger" name="action"'
        ' value=3 testid="delete-3" %}',
        {"msg": "삭제하면 되돌릴 수 없습니다. <b>삭제</b>할까요?"},
    )
    assert html.startswith('<button type="submit" formaction="/confirm" name="_confirm" value="')
    assert 'class="danger"' in html and 'data-testid="delete-3"' in html
    assert 'data-confirm="삭제하면 되돌릴 수 없습니다. &lt;b&gt;삭제&lt;/b&gt;할까요?"' in html
    assert 'data-confirm-label="삭제"' in html
    assert 'data-confirm-name="action" data-confirm-value="3">삭제</button>' in html
    token = re.search(r'name="_confirm" value="([^"]+)"', html).group(1)
    step = confirm.read(token)
    assert (step.url, step.back, step.name, step.value) == (
        "/files/3/delete",
        "/funds/loans/7/?as_of=x",
        "action",
        "3",
    )


def test_the_tag_posts_to_the_current_page_by_default():
    html = render('{% confirm_button "제출" "제출할까요?" %}', path="/programs/applications/4/")
    token = re.search(r'name="_confirm" value="([^"]+)"', html).group(1)
    assert confirm.read(token).url == "/programs/applications/4/"


@pytest.mark.django_db
def test_workflow_actions_that_need_confirmation_ask(staff):
    loan = Loan(pk=5, status=LoanStatus.APPROVED)
    assert LOAN_MACHINE.action("contract").confirm
    html = render(
        "{% state_actions machine loan url %}",
        {"machine": LOAN_MACHINE, "loan": loan, "url": "/funds/loans/5/workflow/", "user": staff},
    )
    assert 'formaction="/confirm"' in html and 'data-confirm-value="contract"' in html
    assert f'data-confirm="{LOAN_MACHINE.action("contract").confirm}"' in html
    token = re.search(r'name="_confirm" value="([^"]+)"', html).group(1)
    assert confirm.read(token).url == "/funds/loans/5/workflow/"


@pytest.mark.django_db
def test_actions_without_confirmation_keep_their_plain_button(official):
    entry = ManualEntry(pk=5, status=ManualEntry.Status.SUBMITTED, entered_by_id=None)
    assert not ENTRY_MACHINE.action("reject").confirm  # a refusal asks its reason instead
    html = render(
        "{% state_actions machine entry url %}",
        {"machine": ENTRY_MACHINE, "entry": entry, "url": "/kpis/5/act", "user": official},
    )
    assert '<button type="submit" name="action" value="reject">반려</button>' in html
    assert 'data-confirm-value="approve"' in html  # approving asks


# --- the page without JavaScript ---------------------------------------------------------


@pytest.fixture
def posting(staff):
    loan = make_loan(staff, amount=1_200_000)
    return post_transaction(
        loan, actor=staff, kind="repayment", value_date=START.replace(month=4), amount=100_000
    )


def reverse_token(txn: LoanTransaction) -> str:
    return confirm.sign(
        f"/funds/transactions/{txn.pk}/reverse/",
        MESSAGE,
        "거래 취소",
        back=f"/funds/transactions/{txn.pk}/",
    )


@pytest.mark.django_db
def test_the_page_shows_the_message_and_carries_the_fields(client_for, staff, posting):
    client = client_for(staff)
    response = client.post(
        "/confirm",
        {
            "_confirm": confirm.sign(
                f"/funds/transactions/{posting.pk}/reverse/",
                MESSAGE,
                "거래 취소",
                back=f"/funds/transactions/{posting.pk}/",
                name="action",
                value="reverse",
            ),
            "reason": ['입금 "오류"', "둘째"],
            "memo": "<script>x</script>",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert MESSAGE in body and ">거래 취소</button>" in body
    assert f'href="/funds/transactions/{posting.pk}/"' in body  # 취소 goes back
    action, _fields = confirm_form(body)
    assert action == f"/funds/transactions/{posting.pk}/reverse/"
    fields = hidden_fields(body)
    assert ("reason", "입금 &quot;오류&quot;") in fields and ("reason", "둘째") in fields
    assert ("memo", "&lt;script&gt;x&lt;/script&gt;") in fields
    assert ("action", "reverse") in fields
    assert [name for name, _value in fields].count("csrfmiddlewaretoken") == 1
    assert "_confirm" not in dict(fields)
    assert "<script>x" not in body  # a field's text is never shown, only carried


@pytest.mark.django_db
def test_then_the_step_is_taken_by_its_own_view(client_for, staff, posting):
    client = client_for(staff)
    page = client.post("/confirm", {"_confirm": reverse_token(posting), "reason": "입금 오류"})
    action, fields = confirm_form(page.content.decode())
    assert not LoanTransaction.objects.filter(
        reversal_of=posting
    ).exists()  # asking changed nothing
    client.post(action, fields)
    assert LoanTransaction.objects.get(reversal_of=posting).reason == "입금 오류"


@pytest.mark.django_db
def test_the_step_still_checks_permissions(client_for, client, staff, posting):
    page = client_for(staff).post(
        "/confirm", {"_confirm": reverse_token(posting), "reason": "입금 오류"}
    )
    action, fields = confirm_form(page.content.decode())
    client.logout()
    outsider = UserFactory(role="enterprise_member")
    MembershipFactory(user=outsider)  # a member of another enterprise
    intermediary_staff = UserFactory(role="intermediary_staff")  # of no intermediary
    for user in [outsider, intermediary_staff]:
        other = client_for(user)
        assert other.post("/confirm", {"_confirm": reverse_token(posting)}).status_code == 200
        fields["csrfmiddlewaretoken"] = ""  # the test client skips CSRF checks
        assert other.post(action, fields).status_code in (403, 404)
    assert not LoanTransaction.objects.filter(reversal_of=posting).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"_confirm": "abc:def"},
        {"_confirm": signing.dumps({"u": "/x", "b": "/", "m": "<i>남의 글</i>", "l": "확인"})},
    ],
)
def test_bad_tokens_get_a_korean_400(client_for, staff, data):
    response = client_for(staff).post("/confirm", data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "처리를 확인할 수 없습니다" in body and "남의 글" not in body


@pytest.mark.django_db
def test_an_expired_token_gets_a_korean_400(client_for, staff, monkeypatch):
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - confirm.MAX_AGE_SECONDS - 1)
    token = token_for()
    monkeypatch.setattr(signing.time, "time", lambda: now)
    response = client_for(staff).post("/confirm", {"_confirm": token})
    assert response.status_code == 400 and "만료되었습니다" in response.content.decode()


@pytest.mark.django_db
def test_files_do_not_go_through_the_page(client_for, staff):
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client_for(staff).post("/confirm", {"_confirm": token_for(), "file": upload})
    assert response.status_code == 400


@pytest.mark.django_db
def test_the_page_is_post_only_and_for_signed_in_users(client_for, client, staff, auditor):
    assert client.post("/confirm", {"_confirm": token_for()}).status_code == 302  # to login
    assert client_for(staff).get("/confirm").status_code == 405
    # auditors may be shown the page (it changes nothing); the step's view refuses them
    assert client_for(auditor).post("/confirm", {"_confirm": token_for()}).status_code == 200
