"""Flags: what an integrity rule found, for staff to confirm or dismiss (with a reason).

A flag names its rule and the records it concerns (``subjects``: kind, id, label, link, kept as
they were when found). Its ``fingerprint`` (rule + the records' keys) is unique, so a rerun of
the same rule on the same records finds the existing flag instead of a second one.
"""

from auditlog.registry import auditlog
from django.db import models
from django.utils.translation import gettext_lazy as _

from seoul_se.core.models import TransitionRecord


class Rule(models.TextChoices):
    EVIDENCE_REUSE = "evidence_reuse", _("같은 증빙의 중복 청구")
    RELATED_PARTY = "related_party", _("특수관계 지급")
    SPLIT_PAYMENTS = "split_payments", _("기준 금액 미만 분할 지급")
    OVERLAPPING_FUNDING = "overlapping_funding", _("같은 유형 사업의 기간 중복 지원")
    LINKED_APPLICANTS = "linked_applicants", _("연관 신청자")
    REVIEWER_CONFLICT = "reviewer_conflict", _("신고하지 않은 심사위원 이해충돌")


class Flag(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("검토 대기")
        CONFIRMED = "confirmed", _("부정 의심 확인")
        DISMISSED = "dismissed", _("해당 없음")

    rule = models.CharField(_("점검 규칙"), max_length=32, choices=Rule.choices, db_index=True)
    fingerprint = models.CharField(_("식별 키"), max_length=200, unique=True)
    explanation = models.TextField(_("설명"))
    subjects = models.JSONField(_("관련 기록"), default=list)
    status = models.CharField(
        _("상태"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    found_at = models.DateTimeField(_("발견 시각"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("마지막 확인 시각"), auto_now=True)

    class Meta:
        verbose_name = _("점검 결과")
        verbose_name_plural = _("점검 결과")
        ordering = ["-found_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} #{self.pk}"


class FlagTransition(TransitionRecord):
    subject_field = "flag"

    flag = models.ForeignKey(Flag, on_delete=models.CASCADE, related_name="transitions")

    class Meta(TransitionRecord.Meta):
        verbose_name = _("점검 결과 처리")
        verbose_name_plural = _("점검 결과 처리")


class SharedAddress(models.Model):
    """An address several enterprises legitimately share (공동작업장, a social-economy hub):
    declared by staff, it no longer links applicants."""

    address = models.CharField(_("주소"), max_length=300, unique=True)
    description = models.CharField(_("설명"), max_length=200)

    class Meta:
        verbose_name = _("공동 사용 주소")
        verbose_name_plural = _("공동 사용 주소")

    def __str__(self) -> str:
        return self.address


auditlog.register(Flag)
auditlog.register(SharedAddress)
