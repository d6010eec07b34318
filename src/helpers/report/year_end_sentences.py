"""Sentences on the year-end figures: P-21, networks, labs and TPPU beside the cases; asesmen
terpadu, SKHPN, tes urine and pemberdayaan — the sentences a Kepala BNNK reads out in December
("Asesmen Terpadu sebanyak 46 orang dengan rekomendasi rawat jalan 33 orang, rawat inap 6 orang
dan proses hukum 7 orang"; "SKHPN 333 surat dari target 350"; "membentuk 515 relawan dan 328
penggiat P4GN").

A figure the unit did not report is None in the figures file; its sentence says "tidak
dilaporkan" (en "not reported"), never 0, since "did not report" and "reported none" are
different facts (docs/architecture.md, "The figures file"). Like :mod:`.sentences`, every
function takes plain figures dicts and a ``label(field, code)`` callable, so it is unit-tested
on hand-made figures.
"""

from __future__ import annotations

from helpers.report import fmt
from helpers.report.sentences import Label, join_serta


def _count(n: int, noun_id: str, one_en: str, many_en: str, lang: str) -> str:
    """``4 berkas perkara``; en ``1 case file`` / ``4 case files``."""
    if lang == "id":
        return f"{fmt.format_int(n, lang)} {noun_id}"
    return f"{fmt.format_int(n, lang)} {one_en if n == 1 else many_en}"


def _share(part: int, whole: int, lang: str) -> str:
    return fmt.format_percent(part / whole, 1, lang)


def target_clause(target: float | None, realised: int, lang: str = "id") -> str:
    """`` dari target 350 (95,1%)`` (en `` against a target of 350 (95.1%)``); nothing without
    a target, and no percentage for a target of 0."""
    if target is None:
        return ""
    number = fmt.format_int(target, lang)
    pct = f" ({_share(realised, int(target), lang)})" if target else ""
    return f" dari target {number}{pct}" if lang == "id" else f" against a target of {number}{pct}"


def _found(value: int | None, words: tuple[str, str, str, str], lang: str) -> str:
    """One finding: ``1 jaringan narkotika diungkap``, ``tidak ada laboratorium gelap yang
    ditemukan``, ``jaringan narkotika tidak dilaporkan`` (en ``no … was found``, ``… were not
    reported``). ``words``: (Indonesian noun, verb; English noun, verb)."""
    noun_id, verb_id, noun_en, verb_en = words
    many_en = "laboratories".join(noun_en.rsplit("laboratory", 1)) if noun_en.endswith(
        "laboratory") else fmt.pluralize(noun_en)
    if lang == "id":
        if value is None:
            return f"{noun_id} tidak dilaporkan"
        return (f"tidak ada {noun_id} yang {verb_id}" if value == 0
                else f"{fmt.format_int(value, lang)} {noun_id} {verb_id}")
    if value is None:
        return f"{many_en} were not reported"
    if value == 0:
        return f"no {noun_en} was {verb_en}"
    return (f"{_count(value, '', noun_en, many_en, lang)} {'was' if value == 1 else 'were'} "
            f"{verb_en}")


P21 = ("berkas perkara", "dinyatakan lengkap (P-21)", "case file", "declared complete (P-21)")
NETWORKS = ("jaringan narkotika", "diungkap", "drug network", "uncovered")
LABS = ("laboratorium gelap", "ditemukan", "clandestine laboratory", "found")
TPPU = ("kasus tindak pidana pencucian uang (TPPU)", "diungkap", "money-laundering (TPPU) case",
        "uncovered")


def enforcement_details_sentence(figures: dict, lang: str = "id") -> str:
    """P-21, networks and labs, TPPU and the assets seized, said after the enforcement sentence;
    empty when there is nothing to add to "no case"."""
    cases, assets = figures["cases"], figures["assets_rp"]
    networks, labs = figures["networks"], figures["labs"]
    if not (cases or figures["tppu"] or assets or networks or labs):
        return ""
    parts = [_found(figures["p21"], P21, lang)] if cases else []
    if networks is None and labs is None:
        parts.append("jaringan narkotika dan laboratorium gelap tidak dilaporkan" if lang == "id"
                     else "drug networks and clandestine laboratories were not reported")
    else:
        parts.append(fmt.join_list([_found(networks, NETWORKS, lang),
                                    _found(labs, LABS, lang)], lang))
    money = _found(figures["tppu"], TPPU, lang)
    if assets:
        rupiah = fmt.format_rupiah(assets, lang)
        money += (f" dengan aset disita senilai {rupiah}" if lang == "id"
                  else f", with assets of {rupiah} seized")
    parts.append(money)
    opening = "Dari pengungkapan tersebut, " if lang == "id" else "Of these cases, "
    return f"{opening}{'; '.join(parts)}."


def assessment_sentence(unit_name: str, year: int, assessments: dict, label: Label,
                        lang: str = "id") -> str:
    """People given an integrated assessment and the recommendations of their latest one
    (recommendations no one received are left out)."""
    total = assessments["total"]
    if total is None:
        return (f"{unit_name} tidak melaporkan asesmen terpadu tahun {year}." if lang == "id"
                else f"{unit_name} did not report integrated assessments for {year}.")
    if total == 0:
        return (f"Pada tahun {year}, {unit_name} tidak melaksanakan asesmen terpadu."
                if lang == "id" else f"{unit_name} gave no integrated assessment in {year}.")
    codes = [k for k, v in assessments.items() if k != "total" and v]
    if lang == "id":
        recs = [f"{label('recommendation', k).lower()} {fmt.format_int(assessments[k], lang)} "
                "orang" for k in codes]
        return (f"Sepanjang tahun {year}, {unit_name} melaksanakan asesmen terpadu terhadap "
                f"{fmt.format_int(total, lang)} orang dengan rekomendasi "
                f"{fmt.join_list(recs, lang)}.")
    recs = [f"{label('recommendation', k).lower()} for {fmt.format_int(assessments[k], lang)}"
            for k in codes]
    return (f"In {year}, {unit_name} gave an integrated assessment (asesmen terpadu) to "
            f"{_count(total, '', 'person', 'people', lang)}, recommending "
            f"{fmt.join_list(recs, lang)}.")


def skhpn_sentence(skhpn: dict, target: float | None = None, lang: str = "id") -> str:
    """SKHPN issued (against the target, when given) and how many showed a positive result."""
    issued, positive = skhpn["tested"], skhpn["positive"]
    if issued is None:
        return ("Penerbitan SKHPN (Surat Keterangan Hasil Pemeriksaan Narkotika) tidak "
                "dilaporkan." if lang == "id" else
                "Drug test certificates (SKHPN) issued were not reported.")
    against = target_clause(target, issued, lang)
    if issued == 0:
        return (f"Tidak ada SKHPN (Surat Keterangan Hasil Pemeriksaan Narkotika) yang "
                f"diterbitkan{against}." if lang == "id" else
                f"No drug test certificate (SKHPN) was issued{against}.")
    share = _share(positive, issued, lang)
    if lang == "id":
        return (f"SKHPN (Surat Keterangan Hasil Pemeriksaan Narkotika) diterbitkan "
                f"{fmt.format_int(issued, lang)} surat{against}; hasil pemeriksaan positif "
                f"pada {fmt.format_int(positive, lang)} pemohon ({share}).")
    certificates = _count(issued, "", "drug test certificate (SKHPN)",
                          "drug test certificates (SKHPN)", lang)
    return (f"{certificates} {'was' if issued == 1 else 'were'} issued{against}; "
            f"{fmt.format_int(positive, lang)} ({share}) showed a positive result.")


def urine_test_sentence(tes_urine: dict, events: int, lang: str = "id") -> str:
    """People given a urine test, in how many test events, and how many tested positive."""
    tested, positive = tes_urine["tested"], tes_urine["positive"]
    if tested is None:
        return "Tes urine tidak dilaporkan." if lang == "id" else "Urine tests were not reported."
    if tested == 0:
        return ("Tidak ada tes urine yang tercatat." if lang == "id"
                else "No urine test was recorded.")
    share = _share(positive, tested, lang)
    if lang == "id":
        return (f"Tes urine dilaksanakan dalam {fmt.format_int(events, lang)} kegiatan terhadap "
                f"{fmt.format_int(tested, lang)} orang; {fmt.format_int(positive, lang)} orang "
                f"({share}) di antaranya positif.")
    return (f"{_count(tested, '', 'person', 'people', lang)} took a urine test in "
            f"{_count(events, '', 'test event', 'test events', lang)}; "
            f"{fmt.format_int(positive, lang)} ({share}) tested positive.")


# Per community item, in the order a Kepala reads them: the Indonesian verb and noun, the English
# verb and noun (one, many). Consecutive items with the same verb share it ("membentuk 515
# relawan dan 328 penggiat P4GN").
COMMUNITY_WORDS = {
    "relawan": ("membentuk", "relawan", "formed", "volunteer", "volunteers"),
    "penggiat": ("membentuk", "penggiat P4GN", "formed", "anti-drug activist (penggiat)",
                 "anti-drug activists (penggiat)"),
    "desa_bersinar": ("menetapkan", "Desa/Kelurahan Bersinar", "designated",
                      "drug-free village (Desa/Kelurahan Bersinar)",
                      "drug-free villages (Desa/Kelurahan Bersinar)"),
    "sekolah_bersinar": ("menetapkan", "Sekolah Bersinar", "designated",
                         "drug-free school (Sekolah Bersinar)",
                         "drug-free schools (Sekolah Bersinar)"),
    "ibm_lembaga": ("membentuk", "lembaga rehabilitasi Intervensi Berbasis Masyarakat (IBM)",
                    "set up", "community-based rehabilitation (IBM) institution",
                    "community-based rehabilitation (IBM) institutions"),
    "kerja_sama": ("menandatangani", "perjanjian kerja sama", "signed",
                   "cooperation agreement", "cooperation agreements"),
}


def community_sentence(unit_name: str, year: int, community: dict, lang: str = "id") -> str:
    """What the unit formed, designated and signed in the year; items with none left out."""
    if all(v is None for v in community.values()):
        return (f"{unit_name} tidak melaporkan kegiatan pemberdayaan masyarakat tahun {year}."
                if lang == "id" else
                f"{unit_name} did not report community empowerment for {year}.")
    clauses: list[tuple[str, list[str]]] = []
    for item, (verb_id, noun_id, verb_en, one_en, many_en) in COMMUNITY_WORDS.items():
        count = community.get(item)
        if not count:
            continue
        verb = verb_id if lang == "id" else verb_en
        noun = _count(count, noun_id, one_en, many_en, lang)
        if clauses and clauses[-1][0] == verb:
            clauses[-1][1].append(noun)
        else:
            clauses.append((verb, [noun]))
    if not clauses:
        return (f"Pada tahun {year}, {unit_name} tidak mencatat pembentukan penggiat, relawan "
                "maupun Desa/Kelurahan dan Sekolah Bersinar." if lang == "id" else
                f"In {year}, {unit_name} recorded no activists, volunteers, drug-free villages "
                "or schools.")
    said = [f"{verb} {fmt.join_list(nouns, lang)}" for verb, nouns in clauses]
    if lang == "id":
        return f"Sepanjang tahun {year}, {unit_name} {join_serta(said, lang)}."
    return f"In {year}, {unit_name} {fmt.join_list(said, lang)}."
