"""Demo data: ``load_demo`` runs each app's ``demo.load(out)`` in app order.

Every loader is idempotent (get-or-create by natural keys), so running it twice changes nothing.
"""

from collections.abc import Callable
from importlib import import_module
from typing import TextIO

from django.apps import apps

DEMO_PASSWORD = "Seoul-demo-2026!"


def loaders() -> list[tuple[str, Callable[[TextIO], None]]]:
    found = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "load"):  # this module itself has no loader
            found.append((config.label, module.load))
    return found
