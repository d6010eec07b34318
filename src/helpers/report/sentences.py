"""Generated sentences of the report, in correct Indonesian (and English as second language).

Leadership reads sentences before tables, so every section opens with one built here from the
figures file's numbers — the same numbers the tables show. Zero, one and many are worded
naturally: Indonesian nouns never inflect ("1 kasus", "2 kasus") but a zero needs its own
sentence ("tidak mencatat pengungkapan kasus"); English pluralises ("1 case", "2 cases").
Lists read "a, b serta c" in Indonesian as BNN's reports write them (English "a, b and c").

Functions take plain figures dicts (docs/architecture.md, "The figures file") and a
``label(field, code)``
callable for vocabulary labels, so they are unit-tested on hand-made figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from helpers.report import fmt
from helpers.stats.engine import SERVICES

Label = Callable[[str, str], str]

ARROWS = {"up": "▲", "down": "▼", "same": "=", "unknown": ""}


def _n(value: float, noun_id: str, noun_en: str, lang: str, plural: str | None = None) -> str:
    return fmt.number_label(value, noun_id if lang == "id" else noun_en, lang, plural=plural)


def join_serta(items: list[str], lang: str) -> str:
    """``a, b serta c`` (en ``a, b and c``): the last item joined by serta/and."""
    if lang != "id":
        return fmt.join_list(items, lang)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} serta {items[-1]}"


def drug_name(label: str) -> str:
    """A vocabulary label as it reads inside a sentence: ``Sabu (metamfetamin)`` → ``sabu``."""
    short = re.sub(r"\s*\(.*?\)\s*", " ", label).strip()
    return short[:1].lower() + short[1:] if short else label


def seizure_phrase(seizure: dict, label: Label, lang: str) -> str:
    """``307,527 gram sabu`` / ``1,902 ton sabu`` / ``10 butir ekstasi`` (en ``10 tablets of
    ecstasy``): quantities as BNN writes them in text (:func:`fmt.format_quantity_text`)."""
    quantity = fmt.format_quantity_text(seizure["quantity"], seizure["uom"], lang)
    name = drug_name(label("drug", seizure["drug"]))
    return f"{quantity} {name}" if lang == "id" else f"{quantity} of {name}"


def enforcement_sentence(unit_name: str, year: int, figures: dict, label: Label,
                         lang: str = "id") -> str:
    """Cases, suspects and seizures of one year in one sentence."""
    cases, suspects = figures["cases"], figures["suspects"]
    seized = [seizure_phrase(s, label, lang) for s in figures["seizures"]]
    if lang == "id":
        opening = f"Sepanjang tahun {year}, {unit_name}"
        if cases == 0:
            tail = (f" namun menyita {join_serta(seized, lang)}" if seized else "")
            return f"{opening} tidak mencatat pengungkapan kasus narkotika{tail}."
        who = (f" dengan {_n(suspects, 'tersangka', '', lang)}" if suspects
               else " tanpa tersangka yang ditetapkan")
        what = (f" dan menyita {join_serta(seized, lang)}" if seized
                else "; tidak ada barang bukti yang disita")
        return f"{opening} mengungkap {_n(cases, 'kasus', '', lang)}{who}{what}."
    opening = f"In {year}, {unit_name}"
    if cases == 0:
        tail = f" but seized {join_serta(seized, lang)}" if seized else ""
        return f"{opening} recorded no drug cases{tail}."
    who = (f" involving {_n(suspects, '', 'suspect', lang)}" if suspects
           else " with no suspect named")
    what = (f" and seized {join_serta(seized, lang)}" if seized else "; no drugs were seized")
    return f"{opening} uncovered {_n(cases, '', 'case', lang)}{who}{what}."


def rehab_sentence(unit_name: str, year: int, rehab: dict, label: Label,
                   lang: str = "id") -> str:
    """Distinct clients and their services; services with no client are left out."""
    clients = rehab["clients"]
    parts = [f"{fmt.format_int(rehab[s], lang)} {_service(label('service', s))}"
             for s in SERVICES if rehab.get(s)]
    if lang == "id":
        if clients == 0:
            return f"Pada tahun {year} tidak ada klien rehabilitasi yang tercatat di {unit_name}."
        detail = f" ({join_serta(parts, lang)})" if parts else ""
        return (f"Pada tahun {year}, {unit_name} melayani {_n(clients, 'klien', '', lang)} "
                f"rehabilitasi{detail}; setiap klien dihitung sekali.")
    if clients == 0:
        return f"No rehabilitation client was recorded at {unit_name} in {year}."
    detail = f" ({join_serta(parts, lang)})" if parts else ""
    return (f"In {year}, {unit_name} served {_n(clients, '', 'rehabilitation client', lang)}"
            f"{detail}; each client is counted once.")


def _service(label: str) -> str:
    """A service's label inside a sentence: lower case, an acronym in brackets kept
    (``Intervensi Berbasis Masyarakat (IBM)`` → ``intervensi berbasis masyarakat (IBM)``)."""
    head, bracket, tail = label.partition("(")
    return head.lower() + bracket + tail


def outreach_sentence(unit_name: str, year: int, outreach: dict, lang: str = "id") -> str:
    """Activities and people met face to face; media reach in its own clause, never added."""
    activities, people, reach = (outreach["activities"], outreach["participants"],
                                 outreach["media_reach"])
    if lang == "id":
        if activities == 0:
            return (f"Pada tahun {year} tidak ada kegiatan pencegahan dan pemberdayaan "
                    f"masyarakat yang tercatat di {unit_name}.")
        met = (f" dengan {_n(people, 'peserta', '', lang)} yang ditemui langsung" if people
               else "")
        media = (f"; penyebaran informasi melalui media menjangkau "
                 f"{_n(reach, 'orang', '', lang)}" if reach else "")
        return (f"Pada tahun {year}, {unit_name} menyelenggarakan "
                f"{_n(activities, 'kegiatan', '', lang)} pencegahan dan pemberdayaan "
                f"masyarakat{met}{media}.")
    if activities == 0:
        return f"No prevention or community activity was recorded at {unit_name} in {year}."
    met = f" meeting {_n(people, '', 'participant', lang)} face to face" if people else ""
    media = (f"; media items reached an audience of {fmt.format_int(reach, lang)}"
             if reach else "")
    return (f"In {year}, {unit_name} held {_n(activities, '', 'prevention activity', lang)}"
            f"{met}{media}.")


def change_cell(current: float, previous: float | None, lang: str = "id") -> str:
    """``▲ 5 (+25,0%)``, ``▼ 3 (−2,4%)``, ``= 0``; ``▲ 3 (tahun lalu 0)``; ``–`` with no base.

    The arrow's shape (not only a colour) carries the direction, so it survives greyscale print.
    """
    c = fmt.change(current, previous)
    if c.direction == "unknown":
        return "–"
    if c.direction == "same":
        return "= 0"
    amount = fmt.format_number(abs(c.absolute or 0), lang)
    sign = "+" if c.direction == "up" else "−"
    if c.ratio is None:
        base = "tahun lalu 0" if lang == "id" else "0 last year"
        return f"{ARROWS[c.direction]} {sign}{amount} ({base})"
    pct = fmt.format_percent(abs(c.ratio), 1, lang)
    return f"{ARROWS[c.direction]} {sign}{amount} ({sign}{pct})"


_CHANGE_NOUNS = {
    "cases": ("jumlah kasus", "cases"),
    "clients": ("jumlah klien rehabilitasi", "rehabilitation clients"),
    "participants": ("jumlah peserta P2M", "prevention participants"),
}


def _change_clause(key: str, current: float, previous: float, lang: str) -> str:
    noun = _CHANGE_NOUNS[key][0 if lang == "id" else 1]
    c = fmt.change(current, previous)
    now, before = fmt.format_int(current, lang), fmt.format_int(previous, lang)
    if lang == "id":
        if c.direction == "same":
            return f"{noun} tetap {now}"
        verb = "naik" if c.direction == "up" else "turun"
        pct = "" if c.ratio is None else f" ({fmt.format_percent(abs(c.ratio), 1, lang)})"
        return f"{noun} {verb} dari {before} menjadi {now}{pct}"
    if c.direction == "same":
        return f"{noun} were unchanged at {now}"
    verb = "rose" if c.direction == "up" else "fell"
    pct = "" if c.ratio is None else f" ({fmt.format_percent(abs(c.ratio), 1, lang)})"
    return f"{noun} {verb} from {before} to {now}{pct}"


def change_sentence(unit_name: str, figures: dict, first_year: bool, lang: str = "id") -> str:
    """Year-over-year change of cases, clients and participants — or why there is none."""
    prev = figures.get("previous")
    year = figures["year"]
    if prev is None:
        if first_year:
            return (f"Tahun {year} adalah tahun pertama {unit_name} beroperasi, sehingga belum "
                    "ada pembanding tahun sebelumnya." if lang == "id" else
                    f"{year} is the first year of {unit_name}, so there is no previous year "
                    "to compare with.")
        return ("Data tahun sebelumnya tidak tersedia, sehingga perubahan belum dapat dihitung."
                if lang == "id" else
                "No data exist for the previous year, so no change can be computed.")
    now = {"cases": figures["cases"], "clients": figures["rehab"]["clients"],
           "participants": figures["outreach"]["participants"]}
    before = {"cases": prev["cases"], "clients": prev["rehab"]["clients"],
              "participants": prev["outreach"]["participants"]}
    clauses = [_change_clause(k, now[k], before[k], lang) for k in _CHANGE_NOUNS]
    if lang == "id":
        return f"Dibandingkan tahun {prev['year']}, {join_serta(clauses, lang)}."
    return f"Compared with {prev['year']}, {fmt.join_list(clauses, lang)}."


def achievement_sentence(achieved: int, total: int, lang: str = "id") -> str:
    """How many indicators met their target."""
    if lang == "id":
        if total == 0:
            return "Tidak ada target kinerja yang ditetapkan untuk tahun ini."
        return (f"{fmt.format_int(achieved, lang)} dari {fmt.format_int(total, lang)} indikator "
                "kinerja mencapai atau melampaui targetnya.")
    if total == 0:
        return "No performance targets were set for this year."
    noun = "indicator" if total == 1 else "indicators"
    return f"{achieved} of {total} performance {noun} met or exceeded the target."
