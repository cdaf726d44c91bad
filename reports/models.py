"""Budgets (관/항/목), their execution (revenue, expenditure), the yearly settlement workflow and
the generated Excel workbooks.

All money is whole won (BigIntegerField). Revenue and expenditure of a year whose settlement is
confirmed are frozen: the services refuse changes and ``save``/``delete`` here refuse them again,
so no code path (admin, shell, bulk queryset calls) can alter a closed year.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seoul_se.core.models import TransitionRecord


class OwnerKind(models.TextChoices):
    CENTRE = "centre", _("지원센터 운영(민간위탁금)")
    PROGRAM = "program", _("지원사업")


class SettlementStatus(models.TextChoices):
    DRAFT = "draft", _("작성 중")
    SUBMITTED = "submitted", _("제출")
    REVIEWED = "reviewed", _("감사 검토 완료")
    CONFIRMED = "confirmed", _("확정")
    LOCKED = "locked", _("마감")


# Once confirmed, the year's revenue and expenditure can no longer change.
CLOSED_STATUSES = frozenset({SettlementStatus.CONFIRMED, SettlementStatus.LOCKED})


class Budget(models.Model):
    """The budget of one owner (the centre's operation or one program) for one fiscal year.

    It carries the settlement workflow state of that year and owner.
    """

    fiscal_year = models.PositiveSmallIntegerField(_("회계연도"))
    owner_kind = models.CharField(
        _("예산 주체"), max_length=16, choices=OwnerKind.choices, default=OwnerKind.CENTRE
    )
    owner_key = models.CharField(
        _("주체 식별자"),
        max_length=64,
        default="centre",
        help_text=_("센터 운영은 'centre', 지원사업은 'program:<번호>'"),
    )
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budgets",
        verbose_name=_("지원사업"),
    )
    title = models.CharField(_("예산명"), max_length=200)
    status = models.CharField(
        _("정산 상태"),
        max_length=16,
        choices=SettlementStatus.choices,
        default=SettlementStatus.DRAFT,
    )
    note = models.TextField(_("비고"), blank=True)
    created_at = models.DateTimeField(_("등록 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("예산")
        verbose_name_plural = _("예산")
        ordering = ["-fiscal_year", "owner_kind", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "owner_key"], name="reports_one_budget_per_year_owner"
            )
        ]

    def __str__(self) -> str:
        return _("%(year)s년 %(title)s") % {"year": self.fiscal_year, "title": self.title}

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class LineKind(models.TextChoices):
    REVENUE = "revenue", _("세입")
    EXPENDITURE = "expenditure", _("세출")


class LineLevel(models.IntegerChoices):
    CHAPTER = 1, _("관")
    SECTION = 2, _("항")
    ITEM = 3, _("목")


class BudgetLine(models.Model):
    """One 관/항/목 line. Amounts sit on the lines without children (the leaves); a parent's
    amounts are the sums of its leaves. 국비/시비 parts are recorded at the most detailed level
    known (a parent may carry them when the source gives them only in total)."""

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="lines", verbose_name=_("예산")
    )
    kind = models.CharField(_("구분"), max_length=16, choices=LineKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("상위 과목"),
    )
    level = models.PositiveSmallIntegerField(_("과목 수준"), choices=LineLevel.choices)
    name = models.CharField(_("과목명"), max_length=200)
    order = models.PositiveIntegerField(_("순서"), default=0)
    budgeted_amount = models.BigIntegerField(_("예산액(배정액)"), default=0)
    national_amount = models.BigIntegerField(_("국비"), default=0)
    city_amount = models.BigIntegerField(_("시비"), default=0)
    carried_in = models.BigIntegerField(_("전년이월"), default=0)
    carried_out = models.BigIntegerField(_("차년이월"), default=0)
    grant_funded = models.BooleanField(
        _("민간위탁금 사용액 포함"),
        default=True,
        help_text=_("세출 과목 중 시 민간위탁금으로 집행하는 과목 (시요청사업비·반납금 제외)"),
    )
    detail = models.CharField(_("산출근거"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("예산 과목")
        verbose_name_plural = _("예산 과목")
        ordering = ["budget", "kind", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "kind", "parent", "name"], name="reports_unique_line_name"
            ),
            models.CheckConstraint(
                condition=Q(budgeted_amount__gte=0)
                & Q(national_amount__gte=0)
                & Q(city_amount__gte=0)
                & Q(carried_in__gte=0)
                & Q(carried_out__gte=0),
                name="reports_line_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"[{self.get_kind_display()}] {self.name}"


class BudgetChange(models.Model):
    """A recorded 예산변경 of one line (positive: increase, negative: decrease)."""

    line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="changes", verbose_name=_("과목")
    )
    amount = models.BigIntegerField(_("변경액"))
    reason = models.CharField(_("변경 사유"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("등록자")
    )
    recorded_at = models.DateTimeField(_("등록 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("예산변경")
        verbose_name_plural = _("예산변경")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.line.name} {self.amount:+,}원"


class ClosedYearGuardQuerySet(models.QuerySet):
    """Bulk ``update``/``delete`` refuse rows of a closed year, like ``save``/``delete`` do."""

    def _refuse_if_closed(self) -> None:
        if self.filter(line__budget__status__in=CLOSED_STATUSES).exists():
            raise ValidationError(_("정산이 확정된 연도의 수입·지출은 변경할 수 없습니다."))

    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        self._refuse_if_closed()
        return super().update(**kwargs)

    def delete(self):  # type: ignore[no-untyped-def]
        self._refuse_if_closed()
        return super().delete()


class ExecutionRecord(models.Model):
    """Common part of revenue and expenditure: a dated amount on one leaf line."""

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, verbose_name=_("과목"))
    date = models.DateField(_("일자"))
    amount = models.BigIntegerField(_("금액"))
    description = models.CharField(_("적요"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("등록자"),
    )
    recorded_at = models.DateTimeField(_("등록 시각"), auto_now_add=True)

    objects = ClosedYearGuardQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["date", "pk"]

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self._refuse_if_closed()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self._refuse_if_closed()
        return super().delete(*args, **kwargs)

    def _refuse_if_closed(self) -> None:
        budget_ids = {self.line.budget_id}
        if self.pk:
            previous = (
                type(self).objects.filter(pk=self.pk).values_list("line__budget_id", flat=True)
            )
            budget_ids.update(previous)
        if Budget.objects.filter(pk__in=budget_ids, status__in=CLOSED_STATUSES).exists():
            raise ValidationError(_("정산이 확정된 연도의 수입·지출은 변경할 수 없습니다."))


class Revenue(ExecutionRecord):
    class Source(models.TextChoices):
        GRANT = "grant", _("민간위탁금(보조금)")
        CITY_REQUEST = "city_request", _("시요청사업비")
        FACILITY_FEE = "facility_fee", _("시설·대관 사용료")
        INTEREST = "interest", _("이자수입")
        DEPOSIT_RETURN = "deposit_return", _("보증금 반납")
        OTHER = "other", _("기타수입")

    source = models.CharField(_("수입 종류"), max_length=20, choices=Source.choices)

    class Meta(ExecutionRecord.Meta):
        verbose_name = _("수입")
        verbose_name_plural = _("수입")
        indexes = [models.Index(fields=["line", "date"], name="reports_rev_line_date")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="reports_revenue_positive")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.line.name} {self.amount:,}원"


def evidence_path(instance: "Expenditure", filename: str) -> str:
    return f"reports/evidence/{instance.date:%Y}/{filename}"


class Expenditure(ExecutionRecord):
    class Evidence(models.TextChoices):
        TAX_INVOICE = "tax_invoice", _("전자세금계산서")
        CARD = "card", _("카드 매출전표")
        RECEIPT = "receipt", _("영수증")
        PAYROLL = "payroll", _("급여대장")
        TRANSFER = "transfer", _("계좌이체 확인증")
        SETTLEMENT = "settlement", _("정산서류")
        OTHER = "other", _("기타 증빙")

    payee = models.CharField(_("지급처"), max_length=200)
    evidence_type = models.CharField(_("증빙 종류"), max_length=20, choices=Evidence.choices)
    evidence_reference = models.CharField(_("증빙 번호·참조"), max_length=200, blank=True)
    evidence_file = models.FileField(_("증빙 파일"), upload_to=evidence_path, blank=True)

    class Meta(ExecutionRecord.Meta):
        verbose_name = _("지출")
        verbose_name_plural = _("지출")
        indexes = [models.Index(fields=["line", "date"], name="reports_exp_line_date")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="reports_expenditure_positive")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.payee} {self.amount:,}원"


class SettlementTransition(TransitionRecord):
    """One step of a budget's settlement workflow (``reports.workflow``): who moved it, when,
    from where to where, why."""

    subject_field = "budget"

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("예산")
    )
    # The shared fields with the settlement's choices, for the page's state names.
    from_status = models.CharField(
        _("이전 상태"), max_length=32, blank=True, choices=SettlementStatus.choices
    )
    to_status = models.CharField(_("변경 상태"), max_length=32, choices=SettlementStatus.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("정산 처리 이력")
        verbose_name_plural = _("정산 처리 이력")

    def __str__(self) -> str:
        return f"{self.budget} {self.get_from_status_display()}→{self.get_to_status_display()}"


class Finding(models.Model):
    """An auditor's finding: a disallowed amount (불인정금액) with its reason."""

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="findings", verbose_name=_("예산")
    )
    line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("관련 과목"),
    )
    expenditure = models.ForeignKey(
        Expenditure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("관련 지출"),
    )
    disallowed_amount = models.BigIntegerField(_("불인정금액"), default=0)
    reason = models.TextField(_("사유"))
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("감사인")
    )
    created_at = models.DateTimeField(_("기록 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("감사 지적사항")
        verbose_name_plural = _("감사 지적사항")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(disallowed_amount__gte=0), name="reports_finding_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.budget} 불인정 {self.disallowed_amount:,}원"


class ClosingRecord(models.Model):
    """A published 결산 row (e.g. 2017–2019 of seed 003) for a year without line-level data.

    Amounts are whole won (the seed's 천원 figures × 1,000); the 국비 parts are the ``(x…)``
    figures of the seed.
    """

    fiscal_year = models.PositiveSmallIntegerField(_("회계연도"))
    owner_key = models.CharField(_("주체 식별자"), max_length=64, default="centre")
    final_budget = models.BigIntegerField(_("최종예산"))
    carried_in = models.BigIntegerField(_("전년이월"), default=0)
    budget_change = models.BigIntegerField(_("예산변경"), default=0)
    executed = models.BigIntegerField(_("집행액"))
    carried_out = models.BigIntegerField(_("차년이월"), default=0)
    national_budget = models.BigIntegerField(_("국비 예산"), default=0)
    national_executed = models.BigIntegerField(_("국비 집행액"), default=0)
    source = models.CharField(_("출처"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("결산 기록")
        verbose_name_plural = _("결산 기록")
        ordering = ["owner_key", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "owner_key"], name="reports_one_closing_per_year_owner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}년 결산 ({self.owner_key})"


class ReportKind(models.TextChoices):
    SETTLEMENT = "settlement", _("정산 보고서")
    PERFORMANCE = "performance", _("연간 성과 보고서")
    FUND_STATUS = "fund_status", _("기금 현황")


class GeneratedReport(models.Model):
    """A finished workbook. Created only after its file is complete (one per job)."""

    kind = models.CharField(_("보고서 종류"), max_length=20, choices=ReportKind.choices)
    parameters = models.JSONField(_("매개변수"), default=dict)
    params_hash = models.CharField(max_length=64, editable=False, db_index=True)
    job = models.OneToOneField(
        "core.BackgroundJob",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="generated_report",
        verbose_name=_("생성 작업"),
    )
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("생성자"),
    )
    generated_at = models.DateTimeField(_("생성 시각"), auto_now_add=True)
    file = models.FileField(_("파일"), max_length=300)
    filename = models.CharField(_("내려받기 파일명"), max_length=200)
    size = models.PositiveBigIntegerField(_("크기(바이트)"), default=0)
    checksum = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("생성된 보고서")
        verbose_name_plural = _("생성된 보고서")
        ordering = ["-generated_at", "-pk"]
        indexes = [models.Index(fields=["kind", "-generated_at"], name="reports_gen_kind_time")]

    def __str__(self) -> str:
        return self.filename


class ReportDownload(models.Model):
    """Each download of a generated workbook (also in the audit trail)."""

    report = models.ForeignKey(
        GeneratedReport,
        on_delete=models.PROTECT,
        related_name="downloads",
        verbose_name=_("보고서"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("사용자")
    )
    downloaded_at = models.DateTimeField(_("내려받은 시각"), auto_now_add=True)
    remote_addr = models.GenericIPAddressField(_("접속 주소"), null=True, blank=True)

    class Meta:
        verbose_name = _("보고서 내려받기 기록")
        verbose_name_plural = _("보고서 내려받기 기록")
        ordering = ["-downloaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report} ← {self.user}"


auditlog.register(Budget)
auditlog.register(BudgetLine)
auditlog.register(BudgetChange)
auditlog.register(Revenue)
auditlog.register(Expenditure)
auditlog.register(SettlementTransition)
auditlog.register(Finding)
auditlog.register(ClosingRecord)
auditlog.register(GeneratedReport)
auditlog.register(ReportDownload)
