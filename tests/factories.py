"""Factories shared by every app's tests. App-specific ones live in ``tests/<app>/factories.py``."""

import factory
from factory.django import DjangoModelFactory

from enterprises.models import Enterprise, EnterpriseMembership
from enterprises.validators import business_number_check_digit
from seoul_se.accounts.models import User
from seoul_se.reference.models import District, LegalType

TEST_PASSWORD = "Test-pass-2026!"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.kr")
    name = factory.Sequence(lambda n: f"사용자{n}")
    role = "enterprise_member"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


def valid_business_number(n: int) -> str:
    """A synthetic 사업자등록번호 with a correct check digit (middle digits 82: non-profit)."""
    first_nine = f"{100 + n % 900:03d}82{n % 10000:04d}"
    return first_nine + str(business_number_check_digit(first_nine))


def sheet_files(header: list[str], rows: list[list[object]]) -> tuple[bytes, bytes]:
    """The same table as an .xlsx and as a CSV saved by Korean Excel (CP949), for imports."""
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    for row in [header, *rows]:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    lines = [",".join(f'"{cell}"' for cell in row) for row in [header, *rows]]
    return buffer.getvalue(), "\r\n".join(lines).encode("cp949")


class EnterpriseFactory(DjangoModelFactory):
    class Meta:
        model = Enterprise
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"테스트기업{n}")
    legal_type = factory.LazyFunction(lambda: LegalType.objects.get(code="certified_se"))
    business_number = factory.Sequence(valid_business_number)
    representative = "홍길동"
    district = factory.LazyFunction(lambda: District.objects.get(name="마포구"))
    verification = Enterprise.Verification.VERIFIED


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = EnterpriseMembership

    user = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    status = EnterpriseMembership.Status.APPROVED
