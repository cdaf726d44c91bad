"""Project-wide access primitives: role groups, a page mixin, a view decorator and a DRF permission.

Each app decides *who may see which of its records* in its own ``access.py``, built from these,
and uses that one module for pages and API alike.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from rest_framework import permissions

from seoul_se.accounts.models import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

STAFF_ROLES = frozenset({Role.OFFICIAL, Role.CENTRE_STAFF, Role.ADMINISTRATOR})
OFFICIAL_ROLES = frozenset({Role.OFFICIAL, Role.ADMINISTRATOR})
READ_ALL_ROLES = STAFF_ROLES | {Role.AUDITOR}
AUDIT_TRAIL_ROLES = frozenset({Role.OFFICIAL, Role.AUDITOR, Role.ADMINISTRATOR})
ALL_ROLES = frozenset(Role)


def has_role(user: Any, roles: Iterable[str]) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in set(roles))


def require_role(user: Any, roles: Iterable[str], message: "StrOrPromise" = "") -> None:
    """Raise PermissionDenied (403) unless the user holds one of ``roles``; ``message`` may say
    who is allowed (an app's own wording), else the refusal is generic."""
    if not has_role(user, roles):
        raise PermissionDenied(message or "이 화면에 접근할 권한이 없습니다.")


class RoleRequiredMixin(AccessMixin):
    """Class-based page guard: anonymous users go to login, wrong roles get 403."""

    allowed_roles: Iterable[str] = ALL_ROLES
    raise_exception = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require_role(request.user, self.allowed_roles)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def role_required(
    *roles: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Function-view guard with the same behaviour as :class:`RoleRequiredMixin`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            require_role(request.user, roles or ALL_ROLES)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class AuthenticatedPermission(permissions.BasePermission):
    """The API default: an active, signed-in user; auditors may only read.

    A view that auditors may write to declares ``auditor_may_write = True``.
    """

    message = "이 작업을 수행할 권한이 없습니다."

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return user.role != Role.AUDITOR or getattr(view, "auditor_may_write", False)


class RolePermission(AuthenticatedPermission):
    """DRF permission: ``view.read_roles`` may read, ``view.write_roles`` may write."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        role = request.user.role
        if request.method in permissions.SAFE_METHODS:
            return role in set(getattr(view, "read_roles", ALL_ROLES))
        return role in set(getattr(view, "write_roles", STAFF_ROLES))
