"""``python3 scripts/sqlite_copy.py SOURCE TARGET``: copy a live SQLite database with SQLite's
online backup API (page by page, consistent even while the web process and worker write to it).
Used by scripts/backup.sh and scripts/restore.sh for the SQLite database of ``make run``."""

import sqlite3
import sys


def copy(source: str, target: str) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        src.close()
        dst.close()


if __name__ == "__main__":
    copy(*sys.argv[1:3])
