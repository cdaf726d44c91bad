"""The crawl of tests/e2e/test_crawl.py: which URLs to visit, what a page shows, and what is wrong.

Every page is fetched in-process with Django's test client and the role's session (status,
links, and its words via ``PageText``); each page pattern is also opened in Chromium once per
language for axe and the phone-width check, the slow part. User data is exempt from the language
and code checks in two ways: elements marked ``translate="no"`` (or ``data-user-content``), and
any occurrence of a text value stored in the database (``DataText``): names, titles, addresses,
descriptions, reference names such as 자치구 and 업종. A stored value that is a code or a workflow
state or action label (a status stored as text by mistake) is never exempt.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA; axe's best-practice rules are not asked for.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Visited URLs that share a pattern (path with ids replaced, query names without values): at most
# this many, so 40 enterprises or 12 pages of a list cost two visits, not 52.
PER_PATTERN = 2
SKIP = re.compile(
    r"^/(api/|admin/|static/|media/|i18n/|accounts/logout)"  # JSON, Django's own admin, files
    r"|download|export|/files?/|\.(xlsx|pdf|csv|zip)$"
)
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")

# In the browser, after the page's own scripts ran: is the page wider than the window?
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
SKIPPED_TAGS = {"script", "style", "noscript", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
ANNOUNCED = ("aria-label", "title", "placeholder", "alt")


class PageText(HTMLParser):
    """Everything a person reads in the HTML — text (also of closed menus and visually hidden
    text), the attributes screen readers announce, the title — except user data; and the links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.stack: list[str] = []
        self.skip: tuple[str, int] | None = None  # (tag, depth) of the user-data element we are in

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "a" and named.get("href"):
            self.links.append(named["href"] or "")
        if tag in VOID:
            if self.skip is None:
                self._attributes(tag, named)
            return
        self.stack.append(tag)
        if self.skip is None:
            if (
                tag in SKIPPED_TAGS
                or named.get("translate") == "no"
                or "data-user-content" in named
            ):
                self.skip = (tag, len(self.stack))
            else:
                self._attributes(tag, named)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or tag not in self.stack:
            return
        while self.stack:  # also closes what the HTML left open (<p>, <li>)
            if self.skip is not None and len(self.stack) <= self.skip[1]:
                self.skip = None
            if self.stack.pop() == tag:
                break

    def handle_data(self, data: str) -> None:
        text = data.strip()
        if text and self.skip is None:
            self.texts.append((text, ".".join(self.stack[-2:])))

    def _attributes(self, tag: str, named: dict[str, str | None]) -> None:
        for name in ANNOUNCED:
            if named.get(name):
                self.texts.append(((named[name] or "").strip(), f"{tag}@{name}"))
        if tag == "input" and named.get("type") in ("submit", "button") and named.get("value"):
            self.texts.append(((named["value"] or "").strip(), "input@value"))


def internal_codes() -> set[str]:
    """Stored values a page must never print: every workflow's states and actions, every choice
    value of the project's models and filters, and every sort key."""
    import django_filters
    from django.apps import apps

    from seoul_se.core.discovery import app_modules
    from seoul_se.core.workflow import StateMachine

    values: set[str] = set()
    for _config, module in app_modules("workflow"):
        for machine in vars(module).values():
            if isinstance(machine, StateMachine):
                values.update(machine.states.values)
                values.update(machine.actions)
    for model in apps.get_models():
        if not model.__module__.startswith(PROJECT_MODULES):
            continue
        for model_field in model._meta.get_fields():
            values.update(str(value) for value, _label in getattr(model_field, "flatchoices", ()))
    for _config, module in app_modules("filters"):
        for filterset in vars(module).values():
            if isinstance(filterset, type) and issubclass(filterset, django_filters.FilterSet):
                for item in filterset.base_filters.values():
                    if isinstance(item, django_filters.OrderingFilter):
                        values.update(key.lstrip("-") for key in item.param_map)
                    choices = item.extra.get("choices") or ()
                    for value, _label in choices() if callable(choices) else choices:
                        values.add(str(value).lstrip("-"))
    # Two-letter values are language and unit codes that never stand alone in prose.
    return {value for value in values if len(value) > 2 and CODE.match(value)}


PROJECT_MODULES = (
    "seoul_se.",
    "consulting.",
    "districts.",
    "education.",
    "enterprises.",
    "funds.",
    "impact_bonds.",
    "kpis.",
    "markets.",
    "procurement.",
    "programs.",
    "reports.",
)


def pattern(url: str) -> str:
    """``/funds/loans/17/?page=2`` → ``/funds/loans/#/?page``."""
    parts = urlsplit(url)
    path = re.sub(r"/[0-9a-f-]{32,36}(?=/|$)", "/@", parts.path)
    path = re.sub(r"/\d+(?=/|$)", "/#", path)
    names = sorted({name for name, _value in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(names) if names else "")


@dataclass
class Findings:
    """What is wrong, each problem once with the first URL where it was seen."""

    problems: dict[str, str] = field(default_factory=dict)
    verbose: bool = False  # print each problem when first seen

    def add(self, problem: str, url: str) -> None:
        if problem not in self.problems and self.verbose:
            print(f"PROBLEM {url}  {problem}")
        self.problems.setdefault(problem, url)

    def report(self) -> str:
        return "\n".join(f"{url}  {problem}" for problem, url in sorted(self.problems.items()))


class DataText:
    """The text values stored in the project's tables, to take out of a page's text before it is
    checked: what remains is the interface, which must be English on an English page."""

    def __init__(self, values: set[str]) -> None:
        # Longest first under each two-character start, so "공감나눔랩 521" wins over "공감".
        self.by_start: dict[str, list[str]] = defaultdict(list)
        for value in sorted(values, key=len, reverse=True):
            self.by_start[value[:2]].append(value)
        self.count = len(values)

    @classmethod
    def from_database(cls) -> "DataText":
        from django.apps import apps
        from django.db import models

        values: set[str] = set()
        for model in apps.get_models():
            if not model.__module__.startswith(PROJECT_MODULES):
                continue
            for model_field in model._meta.concrete_fields:
                if not isinstance(model_field, (models.CharField, models.TextField)):
                    continue
                if model_field.choices or model_field.name in ("password", "key", "token"):
                    continue  # a choice is a code with a translated label, never data
                rows = model._default_manager.values_list(model_field.attname, flat=True)
                for value in rows.exclude(**{model_field.attname: ""}).distinct().iterator():
                    if value:
                        values.add(str(value).strip())
                        values.update(line.strip() for line in str(value).splitlines())
        return cls(
            {
                value
                for value in values
                if len(value) >= 2 and not CODE.match(value) and value not in status_labels()
            }
        )

    def strip(self, text: str) -> str:
        """``text`` with every stored value replaced by a space."""
        kept, i = [], 0
        while i < len(text):
            for value in self.by_start.get(text[i : i + 2], ()):
                if text.startswith(value, i):
                    kept.append(" ")
                    i += len(value)
                    break
            else:
                kept.append(text[i])
                i += 1
        return "".join(kept)


def status_labels() -> set[str]:
    """The Korean labels of every workflow's states and actions: a record's state is never data,
    so a state label stored in a text field (by mistake) stays under the check."""
    from django.utils import translation

    from seoul_se.core.discovery import app_modules
    from seoul_se.core.workflow import StateMachine

    labels: set[str] = set()
    with translation.override("ko"):
        for _config, module in app_modules("workflow"):
            for machine in vars(module).values():
                if isinstance(machine, StateMachine):
                    labels.update(str(label) for label in machine.states.labels)
                    labels.update(str(action.label) for action in machine.actions.values())
    return labels


def language_problems(
    texts: list[tuple[str, str]], language: str, codes: set[str], data: DataText
) -> list[str]:
    """Korean pages: no code word. English pages: no Hangul, no element whose text is a code.
    Stored values are taken out first (only of texts that would fail: the cheap check first)."""
    problems = []
    for whole, where in texts:
        text = data.strip(whole).strip() if _fails(whole, language, codes) else whole
        if language == "en" and HANGUL.search(text):
            problems.append(f"Hangul in {where}: {text[:80]!r}")
        words = set(WORD.findall(text))
        if language == "ko":
            shown = words & codes
        else:  # English prose has "approved" too: only a bare code (the element's whole text,
            # data included: "사업계획서 file" is prose) or a snake_case one
            shown = {whole} & codes or {word for word in words & codes if "_" in word}
        for code in sorted(shown):
            problems.append(f"code {code!r} in {where}: {text[:80]!r}")
    return problems


def _fails(text: str, language: str, codes: set[str]) -> bool:
    if language == "en":
        return bool(HANGUL.search(text)) or bool(set(WORD.findall(text)) & codes)
    return bool(set(WORD.findall(text)) & codes)


def axe_problems(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']})""",
        AXE_TAGS,
    )
    return [
        f"axe {violation['id']}: {node['target']} {node.get('failureSummary', '')[:160]!r}"
        for violation in result["violations"]
        for node in violation["nodes"][:3]
    ]
