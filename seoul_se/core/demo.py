"""Demo data: ``load_demo`` runs each app's ``demo.load(out)`` in app order.

Every loader is idempotent (get-or-create by natural keys), so running it twice changes nothing.
"""

from collections.abc import Callable
from typing import TextIO

from seoul_se.core.discovery import app_modules

DEMO_PASSWORD = "Seoul-demo-2026!"


def loaders() -> list[tuple[str, Callable[[TextIO], None]]]:
    return [
        (config.label, module.load)
        for config, module in app_modules("demo")
        if hasattr(module, "load")  # seoul_se.core.demo itself has no loader
    ]
