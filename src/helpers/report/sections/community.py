"""Pemberdayaan masyarakat (community empowerment), in the P2M chapter: what the unit formed,
designated and signed in the year.

What it shows: the sentence a Kepala BNNK reads out ("… membentuk 515 relawan dan 328 penggiat
P4GN, menetapkan 6 Desa/Kelurahan Bersinar …") and a table of every community item of the
vocabulary — penggiat and relawan formed, Desa/Kelurahan Bersinar and Sekolah Bersinar
designated, community-based rehabilitation (IBM) institutions set up, cooperation agreements
signed — each with its count. The items count different things (people, villages, schools,
agreements), so the table has no total. A unit that did not send its pemberdayaan sheet gets one
sentence saying so ("tidak dilaporkan"), never a table of zeros.

Where the numbers come from: the figures file (``report.figures["community"]``, the aggregation
engine; rolled up, only the units that reported count, and the data notes say how many did).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from IPython.display import Markdown

from helpers.report.markdown import md_table
from helpers.report.year_end_sentences import community_sentence

if TYPE_CHECKING:
    from helpers.report.report import Report


def items_table(report: Report) -> str:
    """One row per community item of the vocabulary with its count (no total: they count
    different things)."""
    r, community = report, report.figures["community"]
    rows = [[r.label("community_item", item), r.i(count)] for item, count in community.items()]
    return md_table([r.t("item"), r.t("count")], rows)


def section(report: Report) -> Markdown:
    """Pemberdayaan masyarakat: the sentence, and the table when the unit reported it."""
    r, community = report, report.figures["community"]
    parts = [f"### {r.t('pemberdayaan')}",
             community_sentence(r.unit.name, r.year, community, r.lang)]
    if any(v is not None for v in community.values()):
        parts.append(items_table(r))
    return Markdown("\n\n".join(parts) + "\n")
