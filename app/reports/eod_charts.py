"""The end-of-day report's charts, drawn with reportlab.graphics: overdue by aging bucket (bars) and
payments by method (pie). Amounts become floats here only as chart geometry, never as money."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

CHART_WIDTH = 250.0
CHART_HEIGHT = 170.0
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def _colour(index: int) -> Any:
    from reportlab.lib.colors import HexColor

    return HexColor(COLOURS[index % len(COLOURS)])


def _thousands(value: float) -> str:
    return f"{value:,.0f}"


def _empty(title: str, message: str) -> Any:
    from reportlab.graphics.shapes import Drawing, String

    drawing = Drawing(CHART_WIDTH, CHART_HEIGHT)
    drawing.add(
        String(
            CHART_WIDTH / 2,
            CHART_HEIGHT - 12,
            title,
            fontName="Helvetica-Bold",
            fontSize=10,
            textAnchor="middle",
        )
    )
    drawing.add(
        String(
            CHART_WIDTH / 2, CHART_HEIGHT / 2, message, fontName="Helvetica", fontSize=9, textAnchor="middle"
        )
    )
    return drawing


def aging_bars(title: str, labels: Sequence[str], amounts: Sequence[Decimal], empty: str) -> Any:
    """A bar per aging bucket with its overdue amount; a note instead of bars when nothing is overdue."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String

    if not any(amounts):
        return _empty(title, empty)
    drawing = Drawing(CHART_WIDTH, CHART_HEIGHT)
    drawing.add(
        String(
            CHART_WIDTH / 2,
            CHART_HEIGHT - 12,
            title,
            fontName="Helvetica-Bold",
            fontSize=10,
            textAnchor="middle",
        )
    )
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 45, 30, CHART_WIDTH - 55, CHART_HEIGHT - 55
    chart.data = [[float(a) for a in amounts]]
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = _thousands
    chart.bars[0].fillColor = _colour(3)
    drawing.add(chart)
    return drawing


def method_pie(title: str, labels: Sequence[str], amounts: Sequence[Decimal], empty: str) -> Any:
    """A slice per payment method with its share of the day's payments; a note when there were none."""
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.graphics.shapes import Drawing, String

    shown = [(label, amount) for label, amount in zip(labels, amounts, strict=True) if amount > 0]
    if not shown:
        return _empty(title, empty)
    total = sum((a for _, a in shown), Decimal(0))
    drawing = Drawing(CHART_WIDTH, CHART_HEIGHT)
    drawing.add(
        String(
            CHART_WIDTH / 2,
            CHART_HEIGHT - 12,
            title,
            fontName="Helvetica-Bold",
            fontSize=10,
            textAnchor="middle",
        )
    )
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 70, 20, 110, 110
    pie.data = [float(a) for _, a in shown]
    pie.labels = [f"{label} {(a * 100 / total).quantize(Decimal('1'))}%" for label, a in shown]
    pie.simpleLabels = 1
    pie.slices.fontName = "Helvetica"
    pie.slices.fontSize = 7
    pie.sideLabels = 1
    for i in range(len(shown)):
        pie.slices[i].fillColor = _colour(i)
    drawing.add(pie)
    return drawing
