"""``make bench``: run every ``benchmarks/bench_*.py`` (or the names given) in turn.

Each module defines ``main()``; they share the bench database, so generated data is reused.
"""

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main(names: list[str]) -> None:
    from benchmarks.common import setup_django

    setup_django()
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    selected = [m for m in modules if not names or m.removeprefix("bench_") in names or m in names]
    for name in selected:
        print(f"== {name}", flush=True)
        importlib.import_module(f"benchmarks.{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
