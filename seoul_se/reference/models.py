"""Reference data shared by all apps, loaded by migration (see ``data.py``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceItem(models.Model):
    code = models.CharField(_("코드"), max_length=32, unique=True)
    name = models.CharField(_("이름"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("정렬 순서"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class District(ReferenceItem):
    """One of Seoul's 25 autonomous districts (자치구); code is the administrative code."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("자치구")
        verbose_name_plural = _("자치구")


class LegalType(ReferenceItem):
    """Legal kind of a social-economy enterprise (인증 사회적기업, 협동조합, 마을기업 …)."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("기업 유형")
        verbose_name_plural = _("기업 유형")


class Sector(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("업종")
        verbose_name_plural = _("업종")


class StrategicField(ReferenceItem):
    """The 7 strategic cooperative fields of the 2013 master plan (seed 004)."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("전략 분야")
        verbose_name_plural = _("전략 분야")
