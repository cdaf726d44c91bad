import pytest

from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise
from seoul_se.reference import selectors
from seoul_se.reference.models import District, Sector
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_choices_are_codes_and_names_in_display_order():
    pairs = selectors.choices(District)
    assert len(pairs) == 25
    assert pairs[0] == ("11110", "종로구")
    assert selectors.pk_of(District, "11440") == District.objects.get(name="마포구").pk
    assert selectors.pk_of(District, "99999") is None


def test_cached_choices_follow_edits_deletes_and_a_flush(django_assert_num_queries):
    selectors.choices(Sector)
    with django_assert_num_queries(0):
        selectors.choices(Sector)
    added = Sector.objects.create(code="sports", name="체육", sort_order=99)
    assert selectors.choices(Sector)[-1] == ("sports", "체육")
    added.name = "생활체육"
    added.save()
    assert selectors.choices(Sector)[-1] == ("sports", "생활체육")
    added.delete()
    assert ("sports", "생활체육") not in selectors.choices(Sector)
    selectors.choices(Sector)
    selectors.forget_all_choices()  # what post_migrate (after migrate or flush) calls
    with django_assert_num_queries(1):
        selectors.choices(Sector)


def test_reference_filter_takes_a_code_and_rejects_an_unknown_one():
    mapo = District.objects.get(name="마포구")
    EnterpriseFactory(name="마포기업", district=mapo)
    EnterpriseFactory(name="강남기업", district=District.objects.get(name="강남구"))
    found = EnterpriseFilter({"district": "11440"}, queryset=Enterprise.objects.all())
    assert [e.name for e in found.qs] == ["마포기업"]
    unknown = EnterpriseFilter({"district": "99999"}, queryset=Enterprise.objects.all())
    assert not unknown.is_valid() and "district" in unknown.errors
