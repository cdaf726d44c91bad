"""static/vendor/ is exactly what `make assets` yields from package-lock.json (see scripts/copy_assets.py)."""

import hashlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "vendor"
MANIFEST = json.loads((VENDOR / "MANIFEST.json").read_text(encoding="utf-8"))["files"]
LOCK = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
PACKAGE = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))


def test_every_vendored_file_is_in_the_manifest_with_its_sha256():
    on_disk = {
        path.relative_to(VENDOR).as_posix()
        for path in VENDOR.rglob("*")
        if path.is_file() and path.name != "MANIFEST.json"
    }
    assert on_disk == {entry["file"] for entry in MANIFEST}
    for entry in MANIFEST:
        digest = hashlib.sha256((VENDOR / entry["file"]).read_bytes()).hexdigest()
        assert digest == entry["sha256"], entry["file"]


def test_manifest_packages_are_the_locked_versions_and_tarballs():
    for entry in MANIFEST:
        locked = LOCK[f"node_modules/{entry['package']}"]
        assert entry["version"] == locked["version"], entry["file"]
        assert entry["integrity"] == locked["integrity"], entry["file"]


def test_dependencies_are_pinned_exactly():
    pins = PACKAGE["devDependencies"]
    assert pins, "no front-end packages declared"
    for name, version in pins.items():
        assert version == LOCK[f"node_modules/{name}"]["version"], name


def test_every_vendored_package_ships_its_licence():
    """A licence file, the package.json declaring it, or (axe-core) the licence notice that
    opens the only file shipped."""
    for package in {entry["package"] for entry in MANIFEST}:
        entries = [entry for entry in MANIFEST if entry["package"] == package]
        sources = {entry["source"] for entry in entries}
        banners = [
            (VENDOR / entry["file"]).read_text(encoding="utf-8")[:600]
            for entry in entries
            if entry["file"].endswith(".js")
        ]
        assert sources & {"dist/LICENSE.txt", "LICENSE", "package.json"} or any(
            "License" in banner and "Copyright" in banner for banner in banners
        ), package


def test_axe_is_for_the_browser_tests_only():
    """axe-core is injected by tests/e2e/test_crawl.py; the portal's pages never load it."""
    for template in ROOT.glob("**/templates/**/*.html"):
        if not {".venv", "node_modules"} & set(template.parts):
            text = template.read_text(encoding="utf-8")
            assert "axe-core" not in text and "axe.min" not in text, template


def test_stylesheets_reference_only_vendored_files():
    """Fonts and tokens come from self: every url() in the portal CSS resolves under static/."""

    for css in (ROOT / "static" / "css").glob("*.css"):
        for ref in re.findall(r"url\(['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            assert not ref.startswith(("http:", "https:", "//")), (css.name, ref)
            assert (css.parent / ref).resolve().is_file(), (css.name, ref)
