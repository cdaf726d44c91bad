"""Copy the front-end files the portal uses from node_modules/ into static/vendor/ (`make assets`).

Only the listed files are copied, so the committed tree stays small and `make run` needs no Node.
static/vendor/MANIFEST.json records each file's package@version, path inside the package, SHA-256
and the package tarball's lockfile integrity; tests/core/test_assets.py checks the tree against it.
"""

import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"
MANIFEST = VENDOR / "MANIFEST.json"

# (package, path inside the package, path under static/vendor/)
FILES = [
    ("krds-uiux", "resources/css/token/krds_tokens.css", "krds-uiux/krds_tokens.css"),
    # the Korean flag of the KRDS masthead
    ("krds-uiux", "resources/img/component/icon/ico_flag.svg", "krds-uiux/ico_flag.svg"),
    # krds-uiux ships no LICENSE file: its package.json is where the ISC licence is declared.
    ("krds-uiux", "package.json", "krds-uiux/package.json"),
    *(
        (
            "pretendard-gov",
            f"dist/web/static/woff2-subset/PretendardGOV-{weight}.subset.woff2",
            f"pretendard-gov/PretendardGOV-{weight}.subset.woff2",
        )
        for weight in ("Regular", "Medium", "Bold")
    ),
    ("pretendard-gov", "dist/LICENSE.txt", "pretendard-gov/LICENSE.txt"),
    # Accessibility checks in the browser tests only (page.add_script_tag); no template loads it.
    # Its MPL-2.0 notice is the banner of the file itself.
    ("axe-core", "axe.min.js", "axe-core/axe.min.js"),
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    entries = []
    for package, source, target in FILES:
        locked = lock[f"node_modules/{package}"]
        package_dir = ROOT / "node_modules" / package
        installed = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
        if installed["version"] != locked["version"]:
            print(f"{package}: installed {installed['version']}, lockfile {locked['version']}")
            print("run `npm ci --ignore-scripts` first")
            return 1
        destination = VENDOR / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package_dir / source, destination)
        entries.append(
            {
                "file": target,
                "package": package,
                "version": locked["version"],
                "integrity": locked["integrity"],
                "source": source,
                "sha256": sha256(destination),
            }
        )
    MANIFEST.write_text(
        json.dumps({"files": entries}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"copied {len(entries)} files into {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
