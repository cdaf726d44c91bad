import datetime as dt

import pytest

from enterprises import selectors
from enterprises.models import Certification, Enterprise
from seoul_se.reference.models import Sector
from tests.enterprises.factories import CertificationFactory
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
K = Certification.Kind


def test_status_on_is_derived_from_dated_records():
    enterprise = EnterpriseFactory()
    CertificationFactory(
        enterprise=enterprise,
        kind=K.PRE_SE,
        valid_from=dt.date(2015, 1, 1),
        valid_to=dt.date(2017, 12, 31),
    )
    CertificationFactory(enterprise=enterprise, kind=K.CERTIFIED_SE, valid_from=dt.date(2018, 1, 1))
    kinds = lambda day: [c.kind for c in selectors.status_on(enterprise, day)]  # noqa: E731
    assert kinds(dt.date(2014, 12, 31)) == []
    assert kinds(dt.date(2017, 12, 31)) == [K.PRE_SE]  # end date inclusive
    assert kinds(dt.date(2018, 1, 1)) == [K.CERTIFIED_SE]
    assert kinds(dt.date(2030, 1, 1)) == [K.CERTIFIED_SE]  # open-ended


def test_with_status_on_and_certification_year():
    village = EnterpriseFactory()
    CertificationFactory(enterprise=village, kind=K.VILLAGE_NEW, valid_from=dt.date(2018, 5, 1))
    other = EnterpriseFactory()
    CertificationFactory(enterprise=other, kind=K.CERTIFIED_SE, valid_from=dt.date(2016, 1, 1))
    qs = Enterprise.objects.all()
    assert list(selectors.with_status_on(qs, dt.date(2019, 1, 1), [K.VILLAGE_NEW])) == [village]
    assert set(selectors.with_status_on(qs, dt.date(2019, 1, 1))) == {village, other}
    assert list(selectors.with_certification_in_year(qs, 2018)) == [village]
    assert selectors.certifications_started(2018, K.VILLAGE_NEW).count() == 1


@pytest.mark.parametrize(
    "text, expected",
    [
        ("플래", "트리플래닛"),
        ("트리", "트리플래닛"),
        ("220-81", "트리플래닛"),
        ("220816", "트리플래닛"),
    ],
)
def test_search_by_partial_name_or_number(text, expected):
    EnterpriseFactory(name="트리플래닛", business_number="2208162517")
    EnterpriseFactory(name="도우누리")
    assert [e.name for e in Enterprise.objects.filter(selectors.search_q(text))] == [expected]


def test_for_list_uses_a_constant_number_of_queries(django_assert_num_queries):
    for index in range(30):
        enterprise = EnterpriseFactory()
        if index % 2:
            CertificationFactory(enterprise=enterprise)
        if index % 3 == 0:
            enterprise.sectors.add(Sector.objects.get(code="care"))
    with django_assert_num_queries(3):  # enterprises, sectors, certifications
        rows = list(selectors.for_list(Enterprise.objects.all()))
        assert sum(len(e.current_certifications) for e in rows) == 15
        assert sum(len(e.sector_list) for e in rows) == 10
    with django_assert_num_queries(4):  # the API adds strategic fields
        rows = list(selectors.for_api(Enterprise.objects.all()))
        assert sum(len(e.sector_list) for e in rows) == 10
        assert all(e.strategic_field_list == [] for e in rows)


def test_pending_work_lists_open_items(member):
    EnterpriseFactory(verification=Enterprise.Verification.PENDING)
    assert len(selectors.pending_work()["enterprises"]) == 1


def test_trigram_index_exists_on_postgresql():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'enterprise_name_upper_trgm'"
        )
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition and "upper" in definition.lower()
