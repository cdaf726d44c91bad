from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICIAL = "official", _("서울시 공무원")
    CENTRE_STAFF = "centre_staff", _("지원센터 직원")
    ENTERPRISE_MEMBER = "enterprise_member", _("기업 담당자")
    REVIEWER = "reviewer", _("심사위원")
    AUDITOR = "auditor", _("감사인")
    INTERMEDIARY_STAFF = "intermediary_staff", _("수행기관 직원")
    ADMINISTRATOR = "administrator", _("시스템 관리자")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("이메일은 필수입니다.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> "User":
        # E-mail addresses are stored lower-case; people type them in any case.
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMINISTRATOR)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address. One role decides what they may do."""

    email = models.EmailField(_("이메일"), unique=True)
    name = models.CharField(_("이름"), max_length=100)
    role = models.CharField(
        _("역할"), max_length=32, choices=Role.choices, default=Role.ENTERPRISE_MEMBER
    )
    organisation = models.CharField(_("소속"), max_length=200, blank=True)
    phone = models.CharField(_("연락처"), max_length=30, blank=True)
    is_active = models.BooleanField(_("활성"), default=True)
    # Django admin access: administrators only (kept in sync by ``save``).
    is_staff = models.BooleanField(_("관리자 화면 접근"), default=False)
    date_joined = models.DateTimeField(_("가입일"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("사용자")
        verbose_name_plural = _("사용자")
        ordering = ["email"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email

    def save(self, *args: object, **kwargs: object) -> None:
        self.email = self.email.lower()
        self.is_staff = self.role == Role.ADMINISTRATOR
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles

    @property
    def is_official(self) -> bool:
        return self.role == Role.OFFICIAL

    @property
    def is_centre_staff(self) -> bool:
        return self.role == Role.CENTRE_STAFF

    @property
    def is_enterprise_member(self) -> bool:
        return self.role == Role.ENTERPRISE_MEMBER

    @property
    def is_reviewer(self) -> bool:
        return self.role == Role.REVIEWER

    @property
    def is_auditor(self) -> bool:
        return self.role == Role.AUDITOR

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR


class ApiToken(models.Model):
    """An API token. Only the SHA-256 digest of its key is stored; the key is shown once.

    ``auth_hash`` is the user's session hash when it was issued (derived from the password hash),
    so changing or resetting the password by any route ends every earlier token.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("사용자")
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("토큰 앞자리"), max_length=8, editable=False)
    auth_hash = models.CharField(max_length=128, editable=False)
    created = models.DateTimeField(_("발급"), default=timezone.now)
    expires_at = models.DateTimeField(_("만료"))

    class Meta:
        verbose_name = _("API 토큰")
        verbose_name_plural = _("API 토큰")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.email})"


# Audit trail of user records (roles decide access to public money, so changes are kept).
from auditlog.registry import auditlog  # noqa: E402

auditlog.register(
    User,
    include_fields=["email", "name", "role", "organisation", "phone", "is_active", "is_superuser"],
)
# Issue and revocation of API tokens (never the key or its digest).
auditlog.register(ApiToken, include_fields=["user", "prefix", "expires_at"])
