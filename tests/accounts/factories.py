"""Second-factor helpers for tests: a confirmed authenticator and the code it shows now."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from seoul_se.accounts.selectors import TOTP_DEVICE_NAME


def totp_device(user) -> TOTPDevice:
    """The user's confirmed authenticator (created on first use)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """A code the device accepts now, computed with django-otp's own TOTP.

    A code is accepted once (replay protection): after one was used in this 30-second step, the
    next step's code is given (accepted thanks to the one-step tolerance).
    """
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if device.last_t is not None and totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def mark_session_verified(client, user) -> None:
    """What ``django_otp.login`` does after a correct code: the session names the device."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()
