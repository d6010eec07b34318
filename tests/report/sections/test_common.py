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
    assert fig.axes[0].get_title(loc="left") == title  # the style puts titles left
    _common.show(fig, title, [("Jan", "7"), ("Feb", "9")])
    assert shown[0] == ("markdown", "**Klien per bulan masuk, 2024 (bulan bertanda \"\\<5\" "
                                    "disamarkan)**")
    kind, drawn, alt = shown[1]
    assert kind == "chart" and drawn is fig and all(not ax.get_title(loc="left") for ax in fig.axes)
    assert alt == f"{title}. Jan: 7; Feb: 9."
