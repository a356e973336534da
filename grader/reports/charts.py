"""Inline SVG charts for the reports: no scripts, no fonts, nothing fetched.

Every label is escaped here and every number is formatted here, so the
templates may insert the result with ``|safe``.  The charts scale to their
container (``viewBox`` plus ``width="100%"``); text inherits the page's font.
Bars are SVG shapes rather than CSS backgrounds so that they also print.
"""
from __future__ import annotations

from html import escape

W = 360                       # viewBox width of the dashboard charts
OK, WARN, BAD, INFO = "#1a7f37", "#9a6700", "#cf222e", "#0969da"
TRACK, AXIS, INK, MUTED = "#eaeef2", "#8c959f", "#1f2328", "#57606a"


def share_color(fraction: float) -> str:
    """Green from 80 %, amber from 50 %, red below."""
    return OK if fraction >= 0.8 else WARN if fraction >= 0.5 else BAD


def meter(fraction: float, label: str, color: str | None = None, css_class: str = "meter") -> str:
    """A small horizontal bar (0..1), e.g. an exercise's share of points."""
    f = min(max(float(fraction or 0.0), 0.0), 1.0)
    color = color or share_color(f)
    return (f'<svg class="{escape(css_class)}" viewBox="0 0 100 10" preserveAspectRatio="none" '
            f'width="100%" height="10" role="img" aria-label="{escape(label)}">'
            f'<rect width="100" height="10" fill="{TRACK}"/>'
            f'<rect width="{100 * f:.2f}" height="10" fill="{color}"/></svg>')


def histogram(scores: list[float], max_score: float, bins: int = 10) -> str:
    """Students per score band: ``bins`` equal bands from 0 to ``max_score``."""
    counts = [0] * bins
    for s in scores:
        i = int(bins * s / max_score) if max_score else 0
        counts[min(max(i, 0), bins - 1)] += 1
    h, left, right, top, bottom = 210, 34, 10, 14, 40
    plot_w, plot_h = W - left - right, h - top - bottom
    peak = max(counts) or 1
    step = _nice_step(peak)
    y_max = step * -(-peak // step)
    bw = plot_w / bins
    parts = []
    for v in range(0, y_max + 1, step):      # horizontal grid with counts
        y = top + plot_h - plot_h * v / y_max
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{W - right}" y2="{y:.1f}" stroke="{TRACK}"/>'
                     f'<text x="{left - 5}" y="{y + 3.5:.1f}" font-size="10" text-anchor="end" '
                     f'fill="{MUTED}">{v}</text>')
    for i, c in enumerate(counts):
        bh = plot_h * c / y_max
        x, y = left + i * bw, top + plot_h - bh
        lo, hi = max_score * i / bins, max_score * (i + 1) / bins
        color = share_color((i + 0.5) / bins)
        parts.append(f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{bw - 2:.1f}" height="{bh:.1f}" '
                     f'fill="{color}"><title>{lo:g}–{hi:g} points: {c} student{"" if c == 1 else "s"}'
                     f'</title></rect>')
        if c:
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{y - 3:.1f}" font-size="10" '
                         f'text-anchor="middle" fill="{INK}">{c}</text>')
    for i in range(0, bins + 1, 2 if bins > 6 else 1):
        x = left + i * bw
        parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 14}" font-size="10" text-anchor="middle" '
                     f'fill="{MUTED}">{max_score * i / bins:g}</text>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{W - right}" y2="{top + plot_h}" stroke="{AXIS}"/>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{h - 6}" font-size="10" text-anchor="middle" '
                 f'fill="{MUTED}">total score (students per band)</text>')
    return _svg("Histogram of total scores", h, parts)


def exercise_bars(per_exercise: dict[str, list[float]], maxima: dict[str, float]) -> str:
    """Per exercise, as a share of its points: the mean (bar), the spread
    (line from the lowest to the highest score, with a tick at the median)."""
    names = list(per_exercise)
    row, label_w, right, top = 30, 84, 40, 8
    span = W - label_w - right
    h = top + row * max(len(names), 1) + 28
    parts = []
    for p in (0, 0.5, 1):
        x = label_w + span * p
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{h - 24}" stroke="{TRACK}"/>'
                     f'<text x="{x:.1f}" y="{h - 12}" font-size="10" text-anchor="middle" '
                     f'fill="{MUTED}">{100 * p:.0f}%</text>')
    for i, name in enumerate(names):
        vals, m = sorted(per_exercise[name]), maxima.get(name) or 1.0
        mean = sum(vals) / len(vals) if vals else 0.0
        med = _median(vals)
        lo, hi = (vals[0], vals[-1]) if vals else (0.0, 0.0)
        frac = lambda v: min(max(v / m, 0.0), 1.0)  # noqa: E731
        y = top + i * row
        mid = y + row / 2
        label = escape(name)
        parts.append(f'<text x="{label_w - 6}" y="{mid + 4:.1f}" font-size="11" text-anchor="end" '
                     f'fill="{INK}">{label}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 6:.1f}" width="{span * frac(mean):.1f}" height="{row - 12}" '
                     f'rx="2" fill="{share_color(frac(mean))}" fill-opacity="0.85"><title>{label}: mean '
                     f'{mean:.2f} of {m:g} points; min {lo:g}, median {med:g}, max {hi:g}</title></rect>')
        x1, x2, xm = (label_w + span * frac(v) for v in (lo, hi, med))
        parts.append(f'<line x1="{x1:.1f}" y1="{mid:.1f}" x2="{x2:.1f}" y2="{mid:.1f}" stroke="{INK}" '
                     f'stroke-width="1.5"/>')
        for x in (x1, x2):
            parts.append(f'<line x1="{x:.1f}" y1="{mid - 5:.1f}" x2="{x:.1f}" y2="{mid + 5:.1f}" '
                         f'stroke="{INK}" stroke-width="1.5"/>')
        parts.append(f'<rect x="{xm - 2:.1f}" y="{mid - 4:.1f}" width="4" height="8" fill="#ffffff" '
                     f'stroke="{INK}"/>')
        parts.append(f'<text x="{W - right + 4}" y="{mid + 4:.1f}" font-size="10" fill="{INK}">'
                     f'{100 * frac(mean):.0f}%</text>')
    return _svg("Mean score per exercise with its spread", h, parts)


def _nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if peak / step <= 5:
            return step
    return max(1, peak // 5)


def _median(vals: list[float]) -> float:
    if not vals:
        return 0.0
    n = len(vals)
    return vals[n // 2] if n % 2 else (vals[n // 2 - 1] + vals[n // 2]) / 2


def _svg(title: str, h: int, parts: list[str]) -> str:
    return (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {h}" width="100%" '
            f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
            + "".join(parts) + "</svg>")
