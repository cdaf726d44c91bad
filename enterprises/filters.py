"""One FilterSet for the staff list page, its Excel export and the API list."""

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from enterprises import selectors
from enterprises.models import Certification, Enterprise, YearlyFigures
from seoul_se.reference.filters import ReferenceFilter
from seoul_se.reference.models import District, LegalType, Sector, StrategicField

# A Korean label for both directions of every sort: django-filter would otherwise show the field
# name with an English "(descending)".
ORDERING_LABELS = {
    "name": _("기업명 순"),
    "-name": _("기업명 역순"),
    "created_at": _("등록일 순"),
    "-created_at": _("최근 등록순"),
    "founded_on": _("설립일 순"),
    "-founded_on": _("최근 설립순"),
    "district__sort_order": _("자치구 순"),
    "-district__sort_order": _("자치구 역순"),
}


@extend_schema_field({"type": "integer", "minimum": dt.MINYEAR, "maximum": dt.MAXYEAR})
class YearFilter(django_filters.NumberFilter):
    """A year a date can hold: "0", "99999" or "1.5" are the form's error (400 in the API)
    instead of a crash where the year becomes a date."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=dt.MINYEAR, max_value=dt.MAXYEAR, **kwargs)


class EnterpriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("검색"), method="filter_q", help_text=_("기업명 일부 또는 등록번호")
    )
    legal_type = ReferenceFilter(LegalType, label=_("기업 유형"))
    district = ReferenceFilter(District, label=_("자치구"))
    sector = ReferenceFilter(Sector, label=_("업종"), field_name="sectors")
    strategic_field = ReferenceFilter(
        StrategicField, label=_("전략 분야"), field_name="strategic_fields"
    )
    verification = django_filters.ChoiceFilter(
        label=_("확인 상태"), choices=Enterprise.Verification.choices
    )
    status = django_filters.ChoiceFilter(
        label=_("인증·지정 상태"), choices=Certification.Kind.choices, method="filter_status"
    )
    status_on = django_filters.DateFilter(
        label=_("기준일"),
        method="filter_noop",
        help_text=_("비우면 오늘"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    certified_year = YearFilter(label=_("인증·지정 연도"), method="filter_certified_year")
    ordering = django_filters.OrderingFilter(
        label=_("정렬"),
        fields=[field for field in ORDERING_LABELS if not field.startswith("-")],
        field_labels=ORDERING_LABELS,
    )

    class Meta:
        model = Enterprise
        fields = ["q", "legal_type", "district", "sector", "strategic_field", "verification"]

    def filter_q(self, queryset: QuerySet[Enterprise], name: str, value: str) -> QuerySet:
        return queryset.filter(selectors.search_q(value)) if value.strip() else queryset

    def filter_noop(self, queryset: QuerySet[Enterprise], name: str, value: dt.date) -> QuerySet:
        return queryset  # read by filter_status

    def filter_status(self, queryset: QuerySet[Enterprise], name: str, value: str) -> QuerySet:
        date = self.form.cleaned_data.get("status_on") or selectors.today()
        return selectors.with_status_on(queryset, date, [value])

    def filter_certified_year(
        self, queryset: QuerySet[Enterprise], name: str, value: int
    ) -> QuerySet:
        kind = self.form.cleaned_data.get("status")
        return selectors.with_certification_in_year(queryset, value, [kind] if kind else None)

    @property
    def qs(self) -> QuerySet[Enterprise]:
        queryset = super().qs
        # M2M filters may join several rows per enterprise.
        if self.form.cleaned_data.get("sector") or self.form.cleaned_data.get("strategic_field"):
            queryset = queryset.distinct()
        return queryset


class EnterpriseRecordFilter(django_filters.FilterSet):
    """``?enterprise=<id>`` for records owned by an enterprise. A plain number, not a model
    choice: that would answer 400 for ids that do not exist and an empty list for other
    enterprises, telling a member which ids exist."""

    enterprise = django_filters.NumberFilter(label=_("기업 번호"))


class CertificationFilter(EnterpriseRecordFilter):
    class Meta:
        model = Certification
        fields = ["enterprise", "kind"]


class YearlyFiguresFilter(EnterpriseRecordFilter):
    class Meta:
        model = YearlyFigures
        fields = ["enterprise", "year"]
