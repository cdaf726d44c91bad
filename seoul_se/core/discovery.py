"""Finding each app's contribution module (``navigation``, ``demo``, ``tasks`` …).

An app without the module is skipped; an error while importing a module that exists is raised,
so a broken module is never mistaken for a missing one.
"""

from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule


def app_modules(name: str) -> list[tuple[AppConfig, ModuleType]]:
    """``(app config, <app>.<name> module)`` for every installed app that has one, in app order."""
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, name):
            found.append((config, import_module(f"{config.name}.{name}")))
    return found
