from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-portal inbox message (also sent by e-mail); each user sees only their own."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("받는 사람"),
    )
    subject = models.CharField(_("제목"), max_length=200)
    body = models.TextField(_("내용"), blank=True)
    url = models.CharField(_("바로가기"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("보낸 시각"), auto_now_add=True)
    read_at = models.DateTimeField(_("읽은 시각"), null=True, blank=True)
    emailed = models.BooleanField(_("메일 발송"), default=False)

    class Meta:
        verbose_name = _("알림")
        verbose_name_plural = _("알림")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "-created_at"])]

    def __str__(self) -> str:
        return self.subject
