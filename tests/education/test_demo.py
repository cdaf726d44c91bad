import io

import pytest

from education import demo, selectors
from education.models import Course

pytestmark = pytest.mark.django_db


def test_demo_reproduces_seed_figures_and_is_idempotent():
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert selectors.awareness_sessions(2018, 2018).count() == 47
    assert selectors.courses_run(2018, 2018, Course.Kind.ADVANCED).count() == 3
    assert selectors.courses_run(2018, 2018, Course.Kind.TAILORED).count() == 8
    assert selectors.courses_run(2019, 2019).count() == 7
    assert selectors.participants(2019, 2019).count() == 410
