"""What every section shares: a chart is shown under its title (a bold line the renderer makes
its caption), not with the title drawn inside it, and its alt text names every value."""

from __future__ import annotations

from helpers.report import charts
from helpers.report.sections import _common


def test_a_chart_is_shown_under_its_title_not_with_it(monkeypatch):
    shown: list = []
    monkeypatch.setattr(_common, "display", lambda obj: shown.append(("markdown", obj.data)))
    monkeypatch.setattr(charts, "show", lambda fig, alt: shown.append(("chart", fig, alt)))
    title = "Klien per bulan masuk, 2024 (bulan bertanda \"<5\" disamarkan)"
    fig = charts.bar_chart(["Jan", "Feb"], [7, 9], title=title, value_label="Klien")
    assert fig.title == title and fig.texts("title") == [title]
    _common.show(fig, title, [("Jan", "7"), ("Feb", "9")])
    assert shown[0] == ("markdown", "**Klien per bulan masuk, 2024 (bulan bertanda \"\\<5\" "
                                    "disamarkan)**")
    kind, drawn, alt = shown[1]
    assert kind == "chart" and drawn is fig and not fig.title and not fig.texts("title")
    assert alt == f"{title}. Jan: 7; Feb: 9."


def test_a_matplotlib_figure_is_shown_under_its_title_too(monkeypatch):
    """An analyst's own figure (or the province map) loses its drawn title the same way."""
    from matplotlib.figure import Figure

    monkeypatch.setattr(_common, "display", lambda obj: None)
    monkeypatch.setattr(charts, "show", lambda fig, alt: None)
    fig = Figure()
    fig.add_subplot().set_title("Peta")
    _common.show(fig, "Peta", [])
    assert not fig.axes[0].get_title(loc="left")
