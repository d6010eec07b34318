"""The site's words in Bahasa Indonesia (default) and English, and the headline metrics it shows.

Kept apart from the templates so a translator edits one dictionary, and so the metrics (which
figure of the figures file, under which pillar) are named once for the index, the province pages
and the tests alike.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class Metric:
    """One headline figure: where it sits in a figures file, what it is called, and how it is
    written (``count``: ``1.234``; ``rupiah``: ``Rp648.734.500``)."""

    key: str
    path: tuple[str, ...]
    pillar: str
    label_id: str
    label_en: str
    kind: str = "count"

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_id


#: The headline figures every year's reports have had: the archive compares years by them.
CORE_METRICS = (
    Metric("cases", ("cases",), "pemberantasan", "Kasus narkotika diungkap", "Drug cases solved"),
    Metric("suspects", ("suspects",), "pemberantasan", "Tersangka", "Suspects"),
    Metric("clients", ("rehab", "clients"), "rehabilitasi", "Klien rehabilitasi",
           "Rehabilitation clients"),
    Metric("activities", ("outreach", "activities"), "p2m", "Kegiatan P2M",
           "Prevention activities"),
    Metric("participants", ("outreach", "participants"), "p2m", "Peserta kegiatan P2M",
           "Prevention participants"),
)
_CORE = {m.key: m for m in CORE_METRICS}

#: Every headline figure the national overview and the province pages show, pillar by pillar:
#: the core ones and the year-end figures (P-21, networks, labs, TPPU and assets; IBM,
#: asesmen terpadu, SKHPN; tes urine, penggiat, relawan, Desa/Sekolah Bersinar). A figure a
#: figures file holds as null was not reported and reads so, never 0.
METRICS = (
    _CORE["cases"], _CORE["suspects"],
    Metric("p21", ("p21",), "pemberantasan", "Berkas perkara lengkap (P-21)",
           "Case files declared complete (P-21)"),
    Metric("networks", ("networks",), "pemberantasan", "Jaringan narkotika diungkap",
           "Drug networks uncovered"),
    Metric("labs", ("labs",), "pemberantasan", "Laboratorium gelap ditemukan",
           "Clandestine laboratories found"),
    Metric("tppu", ("tppu",), "pemberantasan", "Kasus TPPU", "Money-laundering (TPPU) cases"),
    Metric("assets_rp", ("assets_rp",), "pemberantasan", "Aset TPPU disita",
           "TPPU assets seized", "rupiah"),
    _CORE["clients"],
    Metric("ibm", ("rehab", "ibm"), "rehabilitasi", "Klien Intervensi Berbasis Masyarakat (IBM)",
           "Community-based intervention (IBM) clients"),
    Metric("assessed", ("assessments", "total"), "rehabilitasi", "Orang diasesmen terpadu",
           "People given an integrated assessment"),
    Metric("skhpn", ("tests", "skhpn", "tested"), "rehabilitasi", "SKHPN diterbitkan",
           "Drug test certificates (SKHPN) issued"),
    _CORE["activities"], _CORE["participants"],
    Metric("urine_tested", ("tests", "tes_urine", "tested"), "p2m", "Orang dites urine",
           "People given a urine test"),
    Metric("penggiat", ("community", "penggiat"), "p2m", "Penggiat anti narkoba dibentuk",
           "Anti-drug activists formed"),
    Metric("relawan", ("community", "relawan"), "p2m", "Relawan anti narkoba dibentuk",
           "Anti-drug volunteers formed"),
    Metric("desa_bersinar", ("community", "desa_bersinar"), "p2m",
           "Desa/Kelurahan Bersinar ditetapkan", "Drug-free villages (Desa Bersinar) designated"),
    Metric("sekolah_bersinar", ("community", "sekolah_bersinar"), "p2m",
           "Sekolah Bersinar ditetapkan", "Drug-free schools (Sekolah Bersinar) designated"),
)
METRIC = {m.key: m for m in METRICS}

#: Each pillar's figure for the charts across provinces and the rankings of sub-units.
PILLARS = (("pemberantasan", "cases"), ("rehabilitasi", "clients"), ("p2m", "participants"))

_WORDS: dict[str, dict[str, str]] = {
    "id": {
        "site_title": "Laporan Akhir Tahun BNN",
        "agency": "Badan Narkotika Nasional Republik Indonesia",
        "skip": "Langsung ke isi",
        "years_nav": "Pilih tahun",
        "language_nav": "Bahasa",
        "other_language": "English",
        "other_lang": "en",
        "year_title": "Laporan Akhir Tahun {year}",
        "year_intro": "Laporan tahunan BNN RI, BNN Provinsi (BNNP) dan BNN Kabupaten/Kota (BNNK) "
                      "tahun {year}. Angka diambil dari berkas angka setiap laporan.",
        "search_heading": "Cari satuan kerja",
        "search_label": "Nama satuan kerja, kabupaten/kota atau kode wilayah",
        "search_hint": "Contoh: linggau, Sumatera Selatan, 16.73",
        "search_none": "Tidak ada satuan kerja yang cocok dengan “{q}”.",
        "search_found": "{n} satuan kerja ditemukan.",
        "search_more": "{n} satuan kerja ditemukan; 25 pertama ditampilkan.",
        "overview_heading": "Gambaran nasional {year}",
        "overview_scope": "Angka gabungan seluruh satuan kerja BNN (BNN RI beserta BNNP dan "
                          "BNNK), seperti pada laporan BNN RI.",
        "overview_missing": "Laporan BNN RI tahun {year} belum tersedia, sehingga gambaran "
                            "nasional belum dapat ditampilkan.",
        "change_vs": "dibanding {year}",
        "no_previous": "tidak ada data tahun lalu",
        "not_reported": "tidak dilaporkan",
        "not_reported_note": "“Tidak dilaporkan”: tidak ada satuan kerja yang mengirim data "
                             "tersebut; berbeda dengan 0.",
        "seizures_heading": "Barang bukti disita",
        "seizures_none": "Tidak ada barang bukti yang disita.",
        "drug": "Jenis narkotika",
        "quantity": "Jumlah",
        "charts_heading": "Perbandingan antarprovinsi",
        "charts_scope": "Angka gabungan setiap BNNP (BNNP beserta BNNK di bawahnya).",
        "chart_caption": "{metric} per provinsi, {year}",
        "province": "Provinsi",
        "value": "Jumlah",
        "pillar_pemberantasan": "Pemberantasan",
        "pillar_rehabilitasi": "Rehabilitasi",
        "pillar_p2m": "Pencegahan dan Pemberdayaan Masyarakat",
        "listing_heading": "Laporan per provinsi",
        "national_unit": "Tingkat pusat",
        "province_page": "Halaman provinsi {name}",
        "province_page_short": "Peringkat satuan kerja",
        "no_report": "belum ada laporan",
        "report_html": "Laporan",
        "report_pdf": "PDF",
        "report_json": "Data (JSON)",
        "report_of": "{kind} {name} {year}",
        "region_code": "kode wilayah",
        "home": "Beranda",
        "breadcrumb": "Lokasi halaman",
        "province_title": "{name} — {year}",
        "province_intro": "Satuan kerja di bawah {name} tahun {year}, diperingkat pada setiap "
                          "bidang.",
        "headline_heading": "Angka utama",
        "indicator": "Indikator",
        "rolled": "Gabungan",
        "own": "BNNP sendiri",
        "change": "Perubahan",
        "ranking_heading": "Peringkat satuan kerja",
        "ranking_caption": "{metric}, {year}",
        "rank": "Peringkat",
        "unit": "Satuan kerja",
        "no_subunits": "Tidak ada BNNK di bawah {name} pada tahun {year}.",
        "units_heading": "Semua laporan",
        "footer": "Angka pada situs ini adalah angka agregat dari laporan setiap satuan kerja; "
                  "situs ini tidak memuat data perorangan.",
        "unit_count": "{n} satuan kerja, {m} laporan tersedia",
        "served": "{regions} dilayani oleh {unit}.",
        "served_and": " dan ",
        "served_others": "{n} kabupaten/kota lainnya",
        "archive": "Arsip",
        "archive_title": "Arsip laporan tahunan",
        "archive_intro": "Setiap tahun yang memiliki laporan, terbaru lebih dahulu. Angka "
                         "nasional adalah angka gabungan pada laporan BNN RI tahun itu.",
        "archive_caption": "Laporan dan angka nasional per tahun",
        "year": "Tahun",
        "reports_available": "Laporan tersedia",
        "of_units": "{m} dari {n}",
        "national_report": "Laporan BNN RI",
        "data_link": "Unduh data angka (JSON) {year}",
        "data_title": "Data angka {year}",
        "data_intro": "Berkas angka (JSON) setiap laporan tahun {year}: angka yang ditampilkan "
                      "laporan itu, untuk diolah lebih lanjut. Hanya angka agregat, tanpa data "
                      "perorangan.",
        "data_caption": "Berkas angka per satuan kerja, {year}",
        # -- publication, corrections, data office and map (site/office.py, site/map_file.py)
        "published_notice": "Angka tahun {year} diterbitkan {date}.",
        "not_published": "Angka tahun {year} belum diterbitkan resmi (draf).",
        "corrections_link": "Ralat {year}",
        "corrections_count": "{n} ralat",
        "corrections_title": "Penerbitan dan ralat {year}",
        "corrections_none": "Tidak ada ralat sejak diterbitkan.",
        "correction_heading": "Ralat {date}",
        "correction_caption": "Angka yang diperbaiki pada ralat {date}",
        "figure": "Angka",
        "published_value": "Diterbitkan",
        "corrected_value": "Setelah ralat",
        "office_link": "Kantor data {year}",
        "office_title": "Kantor data {year}: kiriman dan pemeriksaan",
        "office_intro": "Tabel yang dikirim setiap satuan kerja untuk tahun {year}, kapan, "
                        "berapa baris diterima dan ditolak, satuan kerja yang belum mengirim, "
                        "dan angka yang jauh di luar riwayat satuan kerja itu sendiri "
                        "(peringatan, bukan penolakan).",
        "office_summary": "{units} satuan kerja; {missing} belum mengirim apa pun; {accepted} "
                          "baris diterima, {rejected} ditolak.",
        "office_missing": "Belum mengirim",
        "office_caption": "Kiriman per satuan kerja dan tabel, {year} (diterima / ditolak; "
                          "tanggal terakhir)",
        "office_flags": "Peringatan kewajaran",
        "office_no_flags": "Tidak ada angka yang jauh di luar riwayatnya.",
        "office_flag": "{unit}: {figure} = {value}, biasanya {usual} ({history}). {fix}",
        "office_not_sent": "tidak dikirim",
        "map_caption": "Kasus narkotika per provinsi, {year}: luas lingkaran sebanding jumlah "
                       "kasus (tabel lengkap di bagian Pemberantasan di bawah).",
        "map_what": "Kasus",
        "map_title": "Kasus narkotika per provinsi, {year}",
        # -- a report linked but not built yet (site/placeholders.py)
        "placeholder_title": "Laporan {name} {year} belum dibuat",
        "placeholder_intro": "Laporan tahunan {name} tahun {year} ditautkan dari laporan lain, "
                             "tetapi belum dibuat. Halaman ini menggantikannya sampai laporan "
                             "itu dibuat.",
        "placeholder_command": "Perintah untuk membuatnya:",
        "placeholder_all": "Semua laporan yang ditautkan tetapi belum dibuat dapat dibuat "
                           "sekaligus dengan:",
    },
    "en": {
        "site_title": "BNN Annual Reports",
        "agency": "National Narcotics Board of the Republic of Indonesia",
        "skip": "Skip to content",
        "years_nav": "Choose a year",
        "language_nav": "Language",
        "other_language": "Bahasa Indonesia",
        "other_lang": "id",
        "year_title": "Annual Reports {year}",
        "year_intro": "Annual reports of BNN RI, the provincial BNN (BNNP) and the regency/city "
                      "BNN (BNNK) for {year}. Figures come from each report's figures file.",
        "search_heading": "Find a unit",
        "search_label": "Unit name, regency/city or region code",
        "search_hint": "For example: linggau, Sumatera Selatan, 16.73",
        "search_none": "No unit matches “{q}”.",
        "search_found": "{n} units found.",
        "search_more": "{n} units found; the first 25 are shown.",
        "overview_heading": "National overview {year}",
        "overview_scope": "Combined figures of all BNN units (BNN RI with every BNNP and BNNK), "
                          "as in BNN RI's report.",
        "overview_missing": "BNN RI's report for {year} is not available yet, so the national "
                            "overview cannot be shown.",
        "change_vs": "compared with {year}",
        "no_previous": "no data for the previous year",
        "not_reported": "not reported",
        "not_reported_note": "“Not reported”: no unit sent those data; unlike 0.",
        "seizures_heading": "Drugs seized",
        "seizures_none": "Nothing was seized.",
        "drug": "Drug",
        "quantity": "Quantity",
        "charts_heading": "Provinces compared",
        "charts_scope": "Combined figures of each BNNP (the BNNP with its BNNK).",
        "chart_caption": "{metric} by province, {year}",
        "province": "Province",
        "value": "Number",
        "pillar_pemberantasan": "Law enforcement",
        "pillar_rehabilitasi": "Rehabilitation",
        "pillar_p2m": "Prevention and community empowerment",
        "listing_heading": "Reports by province",
        "national_unit": "National level",
        "province_page": "Province page {name}",
        "province_page_short": "Ranking of units",
        "no_report": "no report yet",
        "report_html": "Report",
        "report_pdf": "PDF",
        "report_json": "Data (JSON)",
        "report_of": "{kind} {name} {year}",
        "region_code": "region code",
        "home": "Home",
        "breadcrumb": "Breadcrumb",
        "province_title": "{name} — {year}",
        "province_intro": "The units under {name} in {year}, ranked in each field.",
        "headline_heading": "Headline figures",
        "indicator": "Indicator",
        "rolled": "Combined",
        "own": "BNNP's own work",
        "change": "Change",
        "ranking_heading": "Ranking of units",
        "ranking_caption": "{metric}, {year}",
        "rank": "Rank",
        "unit": "Unit",
        "no_subunits": "There is no BNNK under {name} in {year}.",
        "units_heading": "All reports",
        "footer": "The figures on this site are aggregates taken from each unit's report; the "
                  "site holds no personal data.",
        "unit_count": "{n} units, {m} reports available",
        "served": "{regions}: served by {unit}.",
        "served_and": " and ",
        "served_others": "{n} other regencies/cities",
        "archive": "Archive",
        "archive_title": "Annual report archive",
        "archive_intro": "Every year that has reports, newest first. National figures are the "
                         "combined figures of that year's BNN RI report.",
        "archive_caption": "Reports and national figures by year",
        "year": "Year",
        "reports_available": "Reports available",
        "of_units": "{m} of {n}",
        "national_report": "BNN RI report",
        "data_link": "Download the figures (JSON) {year}",
        "data_title": "Figures data {year}",
        "data_intro": "The figures file (JSON) of every report of {year}: the numbers that report "
                      "shows, for further processing. Aggregate figures only, no personal data.",
        "data_caption": "Figures file of each unit, {year}",
        # -- publication, corrections, data office and map (site/office.py, site/map_file.py)
        "published_notice": "The figures of {year} were published on {date}.",
        "not_published": "The figures of {year} are not yet officially published (draft).",
        "corrections_link": "Corrections {year}",
        "corrections_count": "{n} correction(s)",
        "corrections_title": "Publication and corrections {year}",
        "corrections_none": "No corrections since publication.",
        "correction_heading": "Correction of {date}",
        "correction_caption": "Figures corrected on {date}",
        "figure": "Figure",
        "published_value": "Published",
        "corrected_value": "Corrected",
        "office_link": "Data office {year}",
        "office_title": "Data office {year}: submissions and checks",
        "office_intro": "The tables each unit sent for {year}, when, how many rows were "
                        "accepted and refused, the units that sent nothing, and figures far "
                        "outside the unit's own history (warnings, not refusals).",
        "office_summary": "{units} units; {missing} sent nothing; {accepted} rows accepted, "
                          "{rejected} refused.",
        "office_missing": "Sent nothing",
        "office_caption": "Submissions per unit and table, {year} (accepted / refused; last "
                          "date)",
        "office_flags": "Plausibility warnings",
        "office_no_flags": "No figure is far outside its history.",
        "office_flag": "{unit}: {figure} = {value}, usually {usual} ({history}). {fix}",
        "office_not_sent": "not sent",
        "map_caption": "Drug cases per province, {year}: circle area proportional to the number "
                       "of cases (the full table under Law enforcement below).",
        "map_what": "Cases",
        "map_title": "Drug cases per province, {year}",
        # -- a report linked but not built yet (site/placeholders.py)
        "placeholder_title": "{name} {year}: report not built yet",
        "placeholder_intro": "The {year} annual report of {name} is linked from another report "
                             "but has not been built yet. This page stands in for it until it "
                             "is.",
        "placeholder_command": "The command that builds it:",
        "placeholder_all": "Every linked report not built yet can be built at once with:",
    },
}


class Words:
    """The words of one language: ``t.search_heading``, or ``t("year_title", year=2024)``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in _WORDS else "id"
        self._words = _WORDS[self.lang]

    def __getattr__(self, key: str) -> str:
        try:
            return self._words[key]
        except KeyError as exc:
            raise AttributeError(key) from exc

    def __call__(self, key: str, **values: object) -> str:
        return self._words[key].format(**values)

    def pillar(self, pillar: str) -> str:
        return self._words[f"pillar_{pillar}"]
