"""Inline SVG charts for the class dashboard: no scripts, no fonts, nothing
fetched.  Labels are escaped; every number is formatted by us."""
from __future__ import annotations

from html import escape

W, H, PAD = 360, 200, 30


def histogram(scores: list[float], max_score: float, bins: int = 10) -> str:
    """Students per score band, 10 bands from 0 to ``max_score``."""
    counts = [0] * bins
    for s in scores:
        i = min(int(bins * s / max_score), bins - 1) if max_score else 0
        counts[max(i, 0)] += 1
    top = max(counts) or 1
    bw = (W - 2 * PAD) / bins
    parts = []
    for i, c in enumerate(counts):
        h = (H - 2 * PAD) * c / top
        x, y = PAD + i * bw, H - PAD - h
        lo, hi = max_score * i / bins, max_score * (i + 1) / bins
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bw - 2:.1f}" height="{h:.1f}" fill="#0969da">'
                     f'<title>{lo:g}–{hi:g}: {c} students</title></rect>')
        if c:
            parts.append(f'<text x="{x + bw / 2 - 1:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle">{c}</text>')
    for i in range(0, bins + 1, 2):
        x = PAD + i * bw
        parts.append(f'<text x="{x:.1f}" y="{H - PAD + 14}" font-size="10" text-anchor="middle">{max_score * i / bins:g}</text>')
    parts.append(f'<line x1="{PAD}" y1="{H - PAD}" x2="{W - PAD}" y2="{H - PAD}" stroke="#57606a"/>')
    return _svg("Histogram of total scores", parts)


def exercise_bars(per_exercise: dict[str, list[float]], maxima: dict[str, float]) -> str:
    """Mean score per exercise as a share of its points, with min–max range."""
    names = list(per_exercise)
    rows = max(len(names), 1)
    rh = (H - PAD) / rows
    label_w = 80
    span = W - label_w - PAD
    parts = []
    for i, name in enumerate(names):
        vals, m = per_exercise[name], maxima.get(name) or 1.0
        mean = sum(vals) / len(vals) if vals else 0.0
        y = 10 + i * rh
        w = span * mean / m
        lo, hi = (min(vals), max(vals)) if vals else (0, 0)
        parts.append(f'<text x="{label_w - 6}" y="{y + rh / 2 + 4:.1f}" font-size="11" text-anchor="end">{escape(name)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3:.1f}" width="{w:.1f}" height="{rh - 8:.1f}" fill="#1a7f37">'
                     f'<title>{escape(name)}: mean {mean:.2f} of {m:g}</title></rect>')
        parts.append(f'<line x1="{label_w + span * lo / m:.1f}" y1="{y + rh / 2:.1f}" x2="{label_w + span * hi / m:.1f}" '
                     f'y2="{y + rh / 2:.1f}" stroke="#1f2328" stroke-width="2"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + rh / 2 + 4:.1f}" font-size="10">{100 * mean / m:.0f}%</text>')
    return _svg("Mean score per exercise", parts)


def _svg(title: str, parts: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="100%" role="img" '
            f'aria-label="{escape(title)}"><title>{escape(title)}</title>' + "".join(parts) + "</svg>")
