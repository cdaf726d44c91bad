"""Social investment fund (사회투자기금): intermediaries, deposits, products, loans and their ledger.

Money is whole won (BigIntegerField); rates are Decimal annual ratios (0.02 = 2 %).
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from funds import kinds
from seoul_se.core.models import TransitionRecord

RATE = {"max_digits": 7, "decimal_places": 5}


class Fund(models.Model):
    name = models.CharField(_("기금명"), max_length=100, unique=True)
    legal_basis = models.CharField(_("근거"), max_length=200, blank=True)
    description = models.TextField(_("설명"), blank=True)

    class Meta:
        verbose_name = _("기금")
        verbose_name_plural = _("기금")

    def __str__(self) -> str:
        return self.name


class Intermediary(models.Model):
    """수행기관: a social-finance institution that lends the fund's money with its own."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="intermediaries")
    name = models.CharField(_("기관명"), max_length=200, unique=True)
    representative = models.CharField(_("대표자"), max_length=100, blank=True)
    phone = models.CharField(_("전화번호"), max_length=30, blank=True)
    is_active = models.BooleanField(_("활동 중"), default=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="fund_intermediaries",
        verbose_name=_("기관 직원"),
        help_text=_("역할이 '수행기관 직원'인 사용자는 이 기관의 융자만 봅니다."),
    )

    class Meta:
        verbose_name = _("수행기관")
        verbose_name_plural = _("수행기관")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Track(models.TextChoices):
    GENERAL = "general", _("(우수)사회적경제기업·사회적프로젝트")
    SOCIAL_HOUSING = "social_housing", _("사회주택")
    CLUSTER = "cluster", _("민간자산 클러스터")


class IntermediarySelection(models.Model):
    """Yearly selection and allocation; city money and private matching are kept apart."""

    intermediary = models.ForeignKey(
        Intermediary, on_delete=models.PROTECT, related_name="selections"
    )
    year = models.PositiveSmallIntegerField(_("연도"), db_index=True)
    track = models.CharField(_("분야"), max_length=20, choices=Track.choices)
    city_allocation = models.BigIntegerField(_("시 기금 배정액(원)"))
    private_matching = models.BigIntegerField(_("민간 매칭액(원)"), default=0)
    selected_on = models.DateField(_("선정일"), null=True, blank=True)

    class Meta:
        verbose_name = _("수행기관 선정")
        verbose_name_plural = _("수행기관 선정")
        ordering = ["-year", "track", "intermediary__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["intermediary", "year", "track"], name="funds_one_selection_per_track"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.intermediary} ({self.get_track_display()})"


class IntermediaryEvaluation(models.Model):
    intermediary = models.ForeignKey(
        Intermediary, on_delete=models.PROTECT, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("연도"))
    lending_score = models.DecimalField(_("융자 실적 점수"), max_digits=5, decimal_places=1)
    management_score = models.DecimalField(_("운영 관리 점수"), max_digits=5, decimal_places=1)
    risk_management_score = models.DecimalField(
        _("리스크관리 능력 점수"), max_digits=5, decimal_places=1
    )
    accountant_on_site = models.BooleanField(_("회계사 현장 평가 반영"), default=False)
    comment = models.TextField(_("의견"), blank=True)

    class Meta:
        verbose_name = _("수행기관 평가")
        verbose_name_plural = _("수행기관 평가")
        ordering = ["-year", "intermediary__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["intermediary", "year"], name="funds_one_evaluation_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.intermediary} 평가"

    @property
    def total_score(self):
        return self.lending_score + self.management_score + self.risk_management_score


class Deposit(models.Model):
    """예치금: idle fund money kept in a term (정기예금) or public (공공예금) deposit."""

    class Kind(models.TextChoices):
        TERM = "term", _("정기예금")
        PUBLIC = "public", _("공공예금")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="deposits")
    kind = models.CharField(_("종류"), max_length=10, choices=Kind.choices)
    bank = models.CharField(_("은행"), max_length=100)
    principal = models.BigIntegerField(_("원금(원)"))
    rate = models.DecimalField(_("금리"), **RATE)
    start = models.DateField(_("예치일"))
    maturity = models.DateField(_("만기일"), null=True, blank=True)
    interest = models.BigIntegerField(_("이자(원)"), default=0)

    class Meta:
        verbose_name = _("예치금")
        verbose_name_plural = _("예치금")
        ordering = ["kind", "start"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.bank} {self.principal:,}원"


class Category(models.TextChoices):
    ENTERPRISE = "enterprise", _("사회적경제기업")
    EXCELLENT = "excellent", _("우수 사회적경제기업")
    SOCIAL_HOUSING = "social_housing", _("사회주택사업자")
    CLUSTER = "cluster", _("사회적경제 클러스터")


class RepaymentMethod(models.TextChoices):
    EQUAL_INSTALMENT = "equal_instalment", _("원리금균등")
    EQUAL_PRINCIPAL = "equal_principal", _("원금균등")
    BULLET = "bullet", _("만기일시")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("매월")
    QUARTERLY = "quarterly", _("분기")


class LoanProduct(models.Model):
    """Caps and terms are data officials edit; ``services.validate_loan_terms`` enforces them."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="products")
    code = models.SlugField(_("코드"), max_length=40, unique=True)
    name = models.CharField(_("상품명"), max_length=100)
    category = models.CharField(_("융자 대상"), max_length=20, choices=Category.choices)
    cap = models.BigIntegerField(_("한도(원)"))
    rate = models.DecimalField(_("최고 금리"), **RATE)
    term_months = models.PositiveSmallIntegerField(_("최장 기간(개월)"))
    grace_months = models.PositiveSmallIntegerField(_("최장 거치 기간(개월)"), default=0)
    repayment_method = models.CharField(
        _("상환 방식"), max_length=20, choices=RepaymentMethod.choices
    )
    frequency = models.CharField(_("상환 주기"), max_length=10, choices=Frequency.choices)
    overdue_margin = models.DecimalField(_("연체 가산금리"), default="0.03", **RATE)
    is_active = models.BooleanField(_("사용"), default=True)

    class Meta:
        verbose_name = _("융자 상품")
        verbose_name_plural = _("융자 상품")
        ordering = ["cap", "code"]

    def __str__(self) -> str:
        return self.name


class LoanStatus(models.TextChoices):
    APPLIED = "applied", _("신청")
    APPROVED = "approved", _("승인")
    CONTRACTED = "contracted", _("약정")
    DISBURSING = "disbursing", _("분할 지급 중")
    DISBURSED = "disbursed", _("지급 완료")
    REPAYING = "repaying", _("상환 중")
    CLOSED = "closed", _("완제")
    WRITTEN_OFF = "written_off", _("상각")


class Loan(models.Model):
    number = models.CharField(_("융자 번호"), max_length=30, unique=True)
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="fund_loans", verbose_name=_("차주")
    )
    intermediary = models.ForeignKey(
        Intermediary, on_delete=models.PROTECT, related_name="loans", verbose_name=_("수행기관")
    )
    product = models.ForeignKey(
        LoanProduct, on_delete=models.PROTECT, related_name="loans", verbose_name=_("상품")
    )
    requested_amount = models.BigIntegerField(_("신청액(원)"))
    approved_amount = models.BigIntegerField(_("승인액(원)"), null=True, blank=True)
    rate = models.DecimalField(_("금리"), **RATE)
    term_months = models.PositiveSmallIntegerField(_("기간(개월)"))
    grace_months = models.PositiveSmallIntegerField(_("거치 기간(개월)"), default=0)
    # Copied from the product when the loan is created: later product edits never change a loan.
    repayment_method = models.CharField(
        _("상환 방식"), max_length=20, choices=RepaymentMethod.choices
    )
    frequency = models.CharField(_("상환 주기"), max_length=10, choices=Frequency.choices)
    overdue_margin = models.DecimalField(_("연체 가산금리"), default="0.03", **RATE)
    purpose = models.TextField(_("자금 용도"), blank=True)
    status = models.CharField(
        _("상태"),
        max_length=20,
        choices=LoanStatus.choices,
        default=LoanStatus.APPLIED,
        db_index=True,
    )
    applied_on = models.DateField(_("신청일"))
    approved_on = models.DateField(_("승인일"), null=True, blank=True)
    contracted_on = models.DateField(_("약정일"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Derived from the ledger by ``services.refresh_overdue`` (the only writer): the due date of
    # the oldest unsettled instalment while principal is outstanding, else empty. The home work
    # queue counts past-due loans from it through an index instead of summing every ledger.
    overdue_since = models.DateField(_("연체 시작일"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("융자")
        verbose_name_plural = _("융자")
        ordering = ["-applied_on", "-pk"]
        indexes = [
            models.Index(
                fields=["overdue_since"],
                condition=models.Q(overdue_since__isnull=False),
                name="funds_loan_overdue_since",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.enterprise}"


class LoanTransition(TransitionRecord):
    """A loan's status change; written only by ``funds.workflow.LOAN_MACHINE``."""

    subject_field = "loan"

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="transitions")

    class Meta(TransitionRecord.Meta):
        verbose_name = _("융자 상태 변경")
        verbose_name_plural = _("융자 상태 변경")

    def __str__(self) -> str:
        return f"{self.loan_id}: {super().__str__()}"


class LoanDisbursement(models.Model):
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="disbursements")
    disbursed_on = models.DateField(_("지급일"), db_index=True)
    amount = models.BigIntegerField(_("지급액(원)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("융자금 지급")
        verbose_name_plural = _("융자금 지급")
        ordering = ["disbursed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.disbursed_on} {self.amount:,}원"


class ScheduleInstalment(models.Model):
    """One instalment of the current schedule; paid amounts and settlement date are derived by
    the ledger replay (``settled_on`` lets aging be computed as of any date in SQL)."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField(_("회차"))
    due_date = models.DateField(_("납입일"))
    principal = models.BigIntegerField(_("원금(원)"))
    interest = models.BigIntegerField(_("이자(원)"))
    is_grace = models.BooleanField(_("거치"), default=False)
    is_prepayment = models.BooleanField(_("중도상환"), default=False)
    principal_paid = models.BigIntegerField(_("납입 원금(원)"), default=0)
    interest_paid = models.BigIntegerField(_("납입 이자(원)"), default=0)
    settled_on = models.DateField(_("완납일"), null=True, blank=True)

    class Meta:
        verbose_name = _("상환 회차")
        verbose_name_plural = _("상환 회차")
        ordering = ["loan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "number"], name="funds_instalment_number")
        ]
        indexes = [
            models.Index(fields=["due_date", "loan"], name="funds_instalment_due"),
            # "Has a loan an instalment unsettled since …?" (the delinquency rule, home work
            # queue): one probe per loan into the few open rows, not a scan of its whole schedule.
            models.Index(
                fields=["loan", "due_date"],
                condition=models.Q(settled_on__isnull=True),
                name="funds_instalment_open",
            ),
            # The rule's other branch: instalments settled after the day asked about (rare).
            models.Index(fields=["settled_on"], name="funds_instalment_settled"),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} #{self.number} {self.due_date}"

    @property
    def total(self) -> int:
        return self.principal + self.interest


# Values from funds.kinds, which the pure ledger engine uses too.
class TransactionKind(models.TextChoices):
    REPAYMENT = kinds.REPAYMENT, _("상환")
    REVERSAL = kinds.REVERSAL, _("취소")
    PREPAYMENT = kinds.PREPAYMENT, _("중도상환")
    PAYOFF = kinds.PAYOFF, _("완제")
    WRITE_OFF = kinds.WRITE_OFF, _("상각")
    RECOVERY = kinds.RECOVERY, _("상각채권 회수")


class PrepaymentMode(models.TextChoices):
    SHORTEN_TERM = kinds.SHORTEN_TERM, _("기간 단축")
    LOWER_INSTALMENT = kinds.LOWER_INSTALMENT, _("납입액 감소")


class LoanTransaction(models.Model):
    """Append-only ledger. Kind, date, amount and key never change once posted; an error is
    corrected by a reversal. The allocation is derived by the replay (``funds.engine``)."""

    IMMUTABLE = ("loan_id", "kind", "value_date", "amount", "idempotency_key", "reason")

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="transactions")
    kind = models.CharField(_("구분"), max_length=20, choices=TransactionKind.choices)
    value_date = models.DateField(_("거래일"))
    amount = models.BigIntegerField(_("금액(원)"))
    overdue_interest = models.BigIntegerField(_("연체이자(원)"), default=0)
    interest = models.BigIntegerField(_("이자(원)"), default=0)
    principal = models.BigIntegerField(_("원금(원)"), default=0)
    written_off = models.BigIntegerField(_("상각액(원)"), default=0)
    prepayment_mode = models.CharField(
        _("중도상환 방식"), max_length=20, choices=PrepaymentMode.choices, blank=True
    )
    idempotency_key = models.CharField(
        _("요청 키"), max_length=100, unique=True, null=True, blank=True
    )
    reversal_of = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("취소 대상"),
    )
    reason = models.TextField(_("사유"), blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    posted_at = models.DateTimeField(_("기록 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("융자 거래")
        verbose_name_plural = _("융자 거래")
        ordering = ["value_date", "pk"]
        indexes = [
            # Covers the principal settled by a date (delinquency rule): an index-only scan.
            models.Index(
                fields=["loan", "value_date"],
                include=["principal", "written_off"],
                name="funds_txn_loan_date",
            ),
            models.Index(fields=["value_date"], name="funds_txn_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value_date} {self.amount:,}원"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            stored = LoanTransaction.objects.filter(pk=self.pk).values(*self.IMMUTABLE).first()
            if stored and any(stored[name] != getattr(self, name) for name in self.IMMUTABLE):
                raise ValidationError(
                    "기록된 거래는 수정할 수 없습니다. 취소(역분개) 후 다시 기록해 주세요."
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("기록된 거래는 삭제할 수 없습니다. 취소(역분개)로 정정해 주세요.")

    @property
    def is_reversed(self) -> bool:
        return hasattr(self, "reversed_by")


class QuarterlyReport(models.Model):
    """분기별 서면보고 of a borrower, due 30 days after the quarter ends."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="quarterly_reports")
    year = models.PositiveSmallIntegerField(_("연도"))
    quarter = models.PositiveSmallIntegerField(_("분기"))
    due_on = models.DateField(_("제출 기한"), db_index=True)
    submitted_on = models.DateField(_("제출일"), null=True, blank=True)
    summary = models.TextField(_("보고 내용"), blank=True)
    reminded_at = models.DateTimeField(_("독촉 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("분기 서면보고")
        verbose_name_plural = _("분기 서면보고")
        ordering = ["-year", "-quarter", "loan"]
        constraints = [
            models.UniqueConstraint(
                fields=["loan", "year", "quarter"], name="funds_one_report_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.year}-Q{self.quarter}"


class OnSiteInspection(models.Model):
    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="inspections")
    year = models.PositiveSmallIntegerField(_("연도"))
    inspected_on = models.DateField(_("점검일"))
    inspector = models.CharField(_("점검자"), max_length=100)
    findings = models.TextField(_("점검 결과"), blank=True)

    class Meta:
        verbose_name = _("현장점검")
        verbose_name_plural = _("현장점검")
        ordering = ["-inspected_on"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "year"], name="funds_one_inspection_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.year} 현장점검"


class ImpactFundPartnership(models.Model):
    """임팩트투자조합 (1–3호)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("조성 예정")
        FORMED = "formed", _("조성 완료")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="partnerships")
    number = models.PositiveSmallIntegerField(_("호수"), unique=True)
    name = models.CharField(_("조합명"), max_length=100)
    formed_year = models.PositiveSmallIntegerField(_("조성 연도"), null=True, blank=True)
    size = models.BigIntegerField(_("조성 규모(원)"))
    city_commitment = models.BigIntegerField(_("시 출자금(원)"))
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices)
    investment_targets = models.CharField(_("투자 대상"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("임팩트투자조합")
        verbose_name_plural = _("임팩트투자조합")
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name


class ImpactInvestment(models.Model):
    partnership = models.ForeignKey(
        ImpactFundPartnership, on_delete=models.CASCADE, related_name="investments"
    )
    investee = models.CharField(_("투자 기업"), max_length=200)
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    amount = models.BigIntegerField(_("투자액(원)"))
    invested_on = models.DateField(_("투자일"), null=True, blank=True)

    class Meta:
        verbose_name = _("임팩트 투자")
        verbose_name_plural = _("임팩트 투자")
        ordering = ["partnership", "pk"]

    def __str__(self) -> str:
        return f"{self.investee} {self.amount:,}원"


for _model in (
    Fund,
    IntermediarySelection,
    IntermediaryEvaluation,
    Deposit,
    LoanProduct,
    Loan,
    LoanTransition,
    LoanDisbursement,
    LoanTransaction,
    QuarterlyReport,
    OnSiteInspection,
    ImpactFundPartnership,
    ImpactInvestment,
):
    auditlog.register(_model)
# Who works for an intermediary decides whose loans they see: record every change.
auditlog.register(Intermediary, m2m_fields={"staff"})
# Monthly repayment reports live in their own module; importing them registers them.
from funds.report_models import RepaymentReport, ReportedRepayment  # noqa: E402, F401
from funds.spending_models import LoanFundUse  # noqa: E402, F401
