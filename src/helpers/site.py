"""The published site's index, built from the reports' figures files and the units registry.

It never recomputes a figure: it lists what ``workbook build`` wrote under ``site/<year>/``.
Every string from data is escaped (Jinja2 autoescape).
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, select_autoescape

from helpers.config import Paths
from helpers.registry import Registry

INDEX = """<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Laporan Akhir Tahun BNN</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
max-width:60rem;padding:1rem;color:#1a1a1a;line-height:1.5}
h1{color:#0b3d62}a{color:#0b4f8a}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ccc}
.missing{color:#595959}
</style></head><body>
<header><h1>Laporan Akhir Tahun Badan Narkotika Nasional</h1></header>
<main>
{% for year, rows in years %}
<section><h2>Tahun {{ year }}</h2>
<table><thead><tr><th scope="col">Satuan kerja</th><th scope="col">Laporan</th></tr></thead>
<tbody>
{% for unit, files in rows %}
<tr><td>{{ unit.name }}</td><td>
{% if files %}{% for label, href in files %}<a href="{{ href }}">{{ label }}</a>
{% endfor %}{% else %}<span class="missing">belum ada laporan</span>{% endif %}
</td></tr>
{% endfor %}
</tbody></table></section>
{% endfor %}
</main></body></html>
"""


def build_site(paths: Paths) -> Path:
    """Write ``site/index.html`` listing every unit of every year that has reports."""
    site = paths.site_dir
    site.mkdir(parents=True, exist_ok=True)
    registry = Registry.load(paths.reference_dir)
    years = sorted((int(p.name) for p in site.iterdir() if p.is_dir() and p.name.isdigit()),
                   reverse=True)
    listing = []
    for year in years:
        rows = []
        for unit in registry.units(year):
            files = []
            for label, suffix in (("HTML", ".html"), ("PDF", ".pdf"), ("JSON", ".json")):
                if (site / str(year) / f"{unit.unit_id}{suffix}").exists():
                    files.append((label, f"{year}/{unit.unit_id}{suffix}"))
            rows.append((unit, files))
        listing.append((year, rows))
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    html = env.from_string(INDEX).render(years=listing)
    (site / "index.html").write_text(html, encoding="utf-8")
    return site


def read_figures(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
