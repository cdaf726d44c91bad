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


def test_demo_reproduces_the_2018_training_participants_by_kind():
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    strategy = selectors.participants(2018, 2018, Course.Kind.STRATEGY_TRAINING)
    technical = selectors.participants(2018, 2018, Course.Kind.TECHNICAL_TRAINING)
    assert (strategy.count(), technical.count()) == (19, 34)
    # the 2019 연수 (공동주택 코디네이터) stays under the general kind, counted apart
    assert selectors.participants(2019, 2019, Course.Kind.TRAINING).count() == 40
