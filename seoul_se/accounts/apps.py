from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "seoul_se.accounts"
    label = "accounts"
    verbose_name = "사용자"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # Second-factor set-up, confirmation and resets are kept in the audit trail
        # (never the secret key).
        auditlog.register(TOTPDevice, include_fields=["user", "name", "confirmed"])
        auditlog.register(StaticDevice, include_fields=["user", "name", "confirmed"])
