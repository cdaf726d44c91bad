"""Review of applications: a call's criteria, reviewer assignments, reviews and scores."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.models.applications import Application
from programs.models.calls import Call, RankingMethod

USER = settings.AUTH_USER_MODEL


class ReviewCriterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("평가 항목"), max_length=200)
    weight = models.DecimalField(_("가중치"), max_digits=5, decimal_places=2, default=Decimal("1"))
    min_score = models.DecimalField(_("최저 점수"), max_digits=6, decimal_places=2, default=0)
    max_score = models.DecimalField(_("최고 점수"), max_digits=6, decimal_places=2, default=10)
    sort_order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("심사 기준")
        verbose_name_plural = _("심사 기준")
        ordering = ["call", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class ReviewerAssignment(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="review_assignments")
    assigned_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("심사위원 배정")
        verbose_name_plural = _("심사위원 배정")
        constraints = [
            models.UniqueConstraint(fields=["call", "reviewer"], name="unique_reviewer_per_call")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.call}"


class Review(models.Model):
    """A reviewer's review of one application: a conflict declaration, then weighted scores."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="reviews")
    has_conflict = models.BooleanField(_("이해충돌 있음"), default=False)
    conflict_reason = models.TextField(_("이해충돌 사유"), blank=True)
    declared_at = models.DateTimeField(_("이해충돌 신고 일시"), null=True, blank=True)
    total = models.DecimalField(
        _("가중 합계"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    comment = models.TextField(_("심사 의견"), blank=True)
    submitted_at = models.DateTimeField(_("심사 제출 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("심사")
        verbose_name_plural = _("심사")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_review_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application_id}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ReviewCriterion, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("점수"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("항목 점수")
        verbose_name_plural = _("항목 점수")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class RankingMethodChange(models.Model):
    """Who changed a call's ranking method, from what to what, and why (shown on the ranking
    page before the selection is confirmed)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="method_changes")
    from_method = models.CharField(_("이전 방식"), max_length=12, choices=RankingMethod.choices)
    to_method = models.CharField(_("변경한 방식"), max_length=12, choices=RankingMethod.choices)
    reason = models.TextField(_("변경 사유"))
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("순위 산정 방식 변경")
        verbose_name_plural = _("순위 산정 방식 변경")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.call} · {self.from_method} → {self.to_method}"
