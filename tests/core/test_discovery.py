"""One discovery loop (seoul_se.core.discovery.app_modules) behind navigation, demo data,
support records, enterprise panels and job kinds."""

import pytest
from django.test import override_settings

from seoul_se.core import demo, navigation, support
from seoul_se.core.discovery import app_modules

BASE_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "seoul_se.accounts",
    "seoul_se.core",
]


@pytest.fixture
def broken_app(tmp_path, monkeypatch):
    """An app whose navigation, demo, selectors and enterprise_panels modules exist but fail to
    import (they import a module that does not exist)."""
    package = tmp_path / "h13_broken_app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in ("navigation", "demo", "selectors", "enterprise_panels"):
        (package / f"{name}.py").write_text("import h13_no_such_module  # noqa\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return "h13_broken_app"


def test_apps_with_the_module_in_app_order_and_apps_without_it_skipped():
    found = app_modules("demo")
    names = [module.__name__ for _config, module in found]
    assert "seoul_se.accounts.demo" in names and "programs.demo" in names
    assert names.index("seoul_se.accounts.demo") < names.index("programs.demo")
    assert all(module.__name__ == f"{config.name}.demo" for config, module in found)
    # django.contrib.auth has no demo module: skipped, not an error.
    assert "django.contrib.auth" not in {config.name for config, _module in found}


def test_an_import_error_inside_an_existing_module_is_raised_not_skipped(broken_app):
    with override_settings(INSTALLED_APPS=[*BASE_APPS, broken_app]):
        with pytest.raises(ModuleNotFoundError, match="h13_no_such_module"):
            app_modules("demo")


@pytest.mark.parametrize(
    "discover",
    [
        lambda: navigation.all_items.__wrapped__(),
        demo.loaders,
        lambda: support.support_records(1, None),
        lambda: support.enterprise_panels(None, None),
    ],
    ids=["navigation", "demo", "support_records", "enterprise_panels"],
)
def test_every_discovery_raises_for_a_broken_module(broken_app, discover):
    with override_settings(INSTALLED_APPS=[*BASE_APPS, broken_app]):
        with pytest.raises(ModuleNotFoundError, match="h13_no_such_module"):
            discover()
