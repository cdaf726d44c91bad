from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


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
        # django-otp's fields have English names: the trail shows them in the reader's language.
        names = {"user": _("사용자"), "name": _("이름"), "confirmed": _("확인됨")}
        for device in (TOTPDevice, StaticDevice):
            auditlog.register(device, include_fields=list(names), mapping_fields=names)
