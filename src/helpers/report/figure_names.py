"""A figure of the figures file named as a reader reads it, in either language.

A published figure is known by its path in the figures file (``tests.tes_urine.positive``,
``own.community.relawan``: :func:`helpers.stats.published.flat_figures`); the Ralat box of a
corrected report (:mod:`helpers.report.sections.corrections`) and the site's corrections page
(``<year>/ralat.html``) name it in words instead, through this one function, with the wording
the report itself uses: the fixed words of :mod:`helpers.report.text` and the vocabulary's labels
(drugs, units of measure, rehabilitation services, recommendations, kinds of examination,
community items). A part of a group reads "group — part" (``Klien rehabilitasi — Rawat
jalan``). A path this module does not know is returned as it is, so a new figure without a name
shows up (tests/report/test_figure_names.py reads every path of a real figures file).

Imports no pandas and no section (the site's build process imports it).
"""

from __future__ import annotations

from helpers.reference.vocab import Vocab
from helpers.report.text import TEXT

#: Figures named by a key of :mod:`helpers.report.text` of the same name, as the summary and the
#: sections word them.
_SAME_NAME = frozenset({"cases", "suspects", "p21", "tppu", "assets_rp", "networks", "labs"})
#: Groups whose parts are named "group — part": the group's word, and the vocabulary field that
#: names a part (None: a word of the text catalogue).
_GROUPS = {"rehab": ("clients", "service"), "outreach": (None, None),
           "assessments": ("assessed", "recommendation"), "community": (None, "community_item")}
#: Each group a unit may leave unreported (``reporting_units``), by the word that names it.
_REPORTED_GROUPS = {"networks": "networks", "labs": "labs", "assessments": "asesmen",
                    "tests": "examination", "community": "pemberdayaan"}
#: A kind of examination by its headline figure's name, when the report has one.
_TEST_KINDS = {"skhpn": "skhpn_row", "tes_urine": "urine_tested"}


def figure_name(figure: str, lang: str, year: int, vocab: Vocab) -> str:
    """``figure`` (a dotted path, optionally under ``own.`` or ``previous.``) as the report of
    ``year`` in ``lang`` names it: ``Tersangka tahun 2021``, ``Sabu (metamfetamin), gram``."""
    words = TEXT[lang]
    scope, _, path = figure.partition(".")
    if scope not in ("own", "previous"):
        scope, path = "", figure
    if not path and scope == "previous":  # a first year: no previous figures at all
        return words["ralat_previous_all"].format(year=year - 1)
    name = _name(path, words, lang, vocab)
    if scope == "own":
        return words["ralat_own"].format(figure=name)
    if scope == "previous":
        return words["ralat_previous"].format(figure=name, year=year - 1)
    return name


def _name(path: str, words: dict[str, str], lang: str, vocab: Vocab) -> str:
    head, *rest = path.split(".")

    def part(whole: str, piece: str) -> str:
        return words["ralat_part"].format(figure=whole, part=piece)

    if not rest and head in _SAME_NAME:
        return words[head]
    if head == "seizures" and rest:
        drug = vocab.label("drug", rest[0], lang)
        return drug if len(rest) == 1 else f"{drug}, {vocab.label('uom', rest[1], lang)}"
    if head in _GROUPS and len(rest) == 1:
        group, field = _GROUPS[head]
        key = rest[0]
        if head == "rehab" and key == "clients" or head == "assessments" and key == "total":
            return words[group]
        if field is None:
            return words.get(key, path)
        label = vocab.label(field, key, lang)
        return label if group is None else part(words[group], label)
    if head == "tests" and rest:
        kind, measure = rest[0], rest[1:]
        if kind in _TEST_KINDS:  # its headline figure's name is what was tested or issued
            named = words[_TEST_KINDS[kind]]
            if measure in ([], ["tested"]):
                return named
        else:
            named = vocab.label("test_kind", kind, lang)
            if not measure:
                return named
            if measure == ["tested"]:
                return part(named, words["tested"])
        if measure == ["positive"]:
            return part(named, words["positive"])
    if head == "reporting_units" and len(rest) == 1 and rest[0] in _REPORTED_GROUPS:
        return part(words["reporting_units"], words[_REPORTED_GROUPS[rest[0]]])
    return path
