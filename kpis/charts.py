"""Server-side SVG charts (no JavaScript, no external assets).

Each function returns markup ready for a template (``|safe`` not needed: it is a SafeString);
every label is escaped. Bars of one indicator share one scale (its larger of target and actual),
so indicators in different units can stand in one chart.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kpis.selectors import NO_ACTUAL, PerformanceRow

TARGET = "#9aa5b1"
ACTUAL = "#1f6feb"
WIDTH = 720


def _svg(height: int, title: str, body: list[str], width: int = WIDTH) -> SafeString:
    # Safe: the title is escaped here and every body part was built with format_html/escape.
    return mark_safe(
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _legend(y: int) -> list[str]:
    return [
        f'<rect x="10" y="{y}" width="12" height="12" fill="{TARGET}"/>',
        f'<text x="28" y="{y + 11}" font-size="12">{escape(_("목표"))}</text>',
        f'<rect x="70" y="{y}" width="12" height="12" fill="{ACTUAL}"/>',
        f'<text x="88" y="{y + 11}" font-size="12">{escape(_("실적"))}</text>',
    ]


def target_vs_actual(rows: Sequence[PerformanceRow], title: str = "") -> SafeString:
    """Horizontal bars per indicator: grey target, blue actual, the rate at the end."""
    label_w, bar_w, row_h = 260, 360, 30
    body = _legend(6)
    for index, row in enumerate(rows):
        y = 28 + index * row_h
        name = row.name if len(row.name) <= 22 else row.name[:21] + "…"
        body.append(format_html('<g data-indicator="{}">', row.indicator_id))
        body.append(format_html('<text x="10" y="{}" font-size="12">{}</text>', y + 14, name))
        if row.actual is None:
            # Nothing measured: no bar reaches the scale; the target is an outline only.
            body.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="10" fill="none" stroke="{}" '
                    'stroke-dasharray="4 3"><title>{} {}</title></rect>'
                    '<text x="{}" y="{}" font-size="12">{}</text></g>',
                    label_w,
                    y + 2,
                    bar_w if row.target else 0,
                    TARGET,
                    _("목표"),
                    row.target_display,
                    label_w + bar_w + 8,
                    y + 15,
                    _(NO_ACTUAL),
                )
            )
            continue
        scale = max(row.target or Decimal(0), row.actual) or Decimal(1)
        body.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="10" fill="{}"><title>{} {}</title></rect>'
                '<rect x="{}" y="{}" width="{}" height="10" fill="{}"><title>{} {}</title></rect>'
                '<text x="{}" y="{}" font-size="12">{} {}</text></g>',
                label_w,
                y + 2,
                int(bar_w * (row.target or 0) / scale),
                TARGET,
                _("목표"),
                row.target_display,
                label_w,
                y + 13,
                int(bar_w * row.actual / scale),
                ACTUAL,
                _("실적"),
                row.actual_display,
                label_w + bar_w + 8,
                y + 15,
                row.display,
                row.arrow,
            )
        )
    return _svg(40 + len(rows) * row_h, title or _("목표 대비 실적"), body)


def distribution(buckets: Sequence[tuple[str, int]], title: str = "") -> SafeString:
    """Histogram: number of indicators per achievement band."""
    height, top, bottom = 220, 20, 40
    slot = (WIDTH - 40) // max(len(buckets), 1)
    peak = max((count for _, count in buckets), default=0) or 1
    body = [
        f'<line x1="20" y1="{height - bottom}" x2="{WIDTH - 10}" y2="{height - bottom}" stroke="#888"/>'
    ]
    for index, (label, count) in enumerate(buckets):
        bar_h = int((height - top - bottom) * count / peak)
        x = 30 + index * slot
        body.append(
            format_html(
                '<g data-bucket="{}"><rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="12" text-anchor="middle">{}</text>'
                '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text></g>',
                label,
                x,
                height - bottom - bar_h,
                slot - 16,
                bar_h,
                ACTUAL,
                x + (slot - 16) // 2,
                height - bottom - bar_h - 4,
                count,
                x + (slot - 16) // 2,
                height - bottom + 16,
                label,
            )
        )
    return _svg(height, title or _("달성률 분포"), body)


def history(rows: Sequence[PerformanceRow], title: str = "") -> SafeString:
    """Vertical target/actual bars per year (one indicator series, one unit)."""
    height, top, bottom = 220, 30, 40
    slot = (WIDTH - 40) // max(len(rows), 1)
    peak = (
        max(
            [r.target or Decimal(0) for r in rows] + [r.actual or Decimal(0) for r in rows],
            default=0,
        )
        or 1
    )
    body = _legend(6)
    for index, row in enumerate(rows):
        x = 30 + index * slot
        bar = max((slot - 20) // 2, 4)
        for offset, value, colour, label in (
            (0, row.target or Decimal(0), TARGET, row.target_display),
            (bar, row.actual or Decimal(0), ACTUAL, row.actual_display),
        ):
            bar_h = int((height - top - bottom) * value / peak)
            body.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
                    x + offset,
                    height - bottom - bar_h,
                    bar - 2,
                    bar_h,
                    colour,
                    label,
                )
            )
        body.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" text-anchor="middle">{} {}</text>',
                x + bar,
                height - bottom + 16,
                _("%(year)s년") % {"year": row.year},
                _(NO_ACTUAL) if row.actual is None else row.display,
            )
        )
    return _svg(height, title or _("연도별 목표와 실적"), body)
