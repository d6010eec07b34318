"""The fixed wording of the report, in Bahasa Indonesia (``id``) and English (``en``).

Kept apart from the sections (:mod:`helpers.report.sections`, which read it through
``Report.t``) so that a translator edits one file and the code reading it stays short. Every key
exists in both languages, and a key's ``str.format`` fields (``{year}``, ``{name}`` …) are the
same in both: tests/report/test_text.py checks both.
"""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "id": {
        "subtitle": "Laporan Akhir Tahun {year}",
        # -- publication and corrections (Ralat): helpers.report.sections.corrections --
        "ralat": "Ralat",
        "ralat_changes": "Angka yang diperbaiki",
        "ralat_own": "{figure} (satuan kerja sendiri)",
        "ralat_previous": "{figure} tahun {year}",
        "published_on": "Diterbitkan {date}",
        # -- end of publication keys --
        "summary": "Ringkasan Eksekutif",
        "figure": "Indikator",
        "change": "Perubahan dari {year}",
        "change_none": "Perubahan",
        "cases": "Kasus narkotika diungkap",
        "suspects": "Tersangka",
        "clients": "Klien rehabilitasi",
        "activities": "Kegiatan P2M",
        "participants": "Peserta kegiatan P2M (tatap muka)",
        "media_reach": "Jangkauan media",
        "scope_rolled": "Angka gabungan: {name} beserta {n} satuan kerja di bawahnya. Kerja "
                        "sendiri {name} ditunjukkan terpisah pada bagian Perbandingan Satuan "
                        "Kerja.",
        "scope_own": "Angka di laporan ini adalah kinerja {name} sendiri (tidak ada satuan "
                     "kerja di bawahnya).",
        "arrows": "▲ naik, ▼ turun, = tetap; persentase terhadap tahun sebelumnya.",
        "pemberantasan": "Pemberantasan",
        "per_month": "Kasus dan tersangka per bulan",
        "month": "Bulan",
        "total": "Jumlah",
        "seizures": "Barang bukti disita",
        "seizures_note": "Setiap jenis narkotika dijumlahkan dalam satuannya sendiri; gram, "
                         "butir dan batang tidak pernah dijumlahkan bersama.",
        "drug": "Jenis narkotika",
        "quantity": "Jumlah",
        "uom": "Satuan",
        "no_seizures": "Tidak ada barang bukti yang disita pada tahun ini.",
        "cases_month": "Kasus dan tersangka per bulan, {year}",
        "seizure_chart": "Barang bukti disita per jenis dan satuan, {year}",
        "trend": "Tren lima tahun",
        "trend_chart": "Kasus dan tersangka, {years}",
        "year": "Tahun",
        "count": "Jumlah",
        "rehabilitasi": "Rehabilitasi",
        "service": "Layanan",
        "clients_unit": "Klien",
        "clients_total": "Jumlah klien (setiap klien dihitung sekali)",
        "rehab_chart": "Klien rehabilitasi per layanan, {year}",
        "rehab_month_chart": "Klien rehabilitasi per bulan masuk, {year}",
        "rehab_month": "Klien per bulan masuk",
        "provider": "Penyedia layanan",
        "rehab_provider": "Klien per penyedia layanan",
        "sex": "Jenis kelamin",
        "rehab_sex": "Klien per jenis kelamin",
        "age": "Kelompok umur",
        "rehab_age": "Klien per kelompok umur",
        "age_years": "{band} tahun",
        "referral": "Cara masuk",
        "rehab_referral": "Sukarela dan rujukan",
        "sukarela": "Sukarela (atas permintaan sendiri)",
        "rujukan": "Rujukan penegak hukum",
        "status": "Status",
        "rehab_status": "Penyelesaian layanan",
        "completion": "Tingkat penyelesaian: {rate} dari layanan yang telah berakhir "
                      "(selesai, putus layanan atau dirujuk) dinyatakan selesai.",
        "completion_none": "Belum ada layanan yang berakhir, sehingga tingkat penyelesaian "
                           "belum dapat dihitung.",
        "completion_withheld": "Tingkat penyelesaian tidak ditampilkan: sebagian angka "
                               "yang menjadi dasar perhitungannya disamarkan untuk melindungi "
                               "identitas klien, dan tingkat tersebut bersama jumlahnya akan "
                               "memungkinkan angka yang disamarkan dihitung kembali.",
        "enrolments": "Layanan (klien × jenis layanan)",
        "chart_suppressed": "Data disamarkan untuk\nmelindungi identitas klien",
        "chart_suppressed_note": "bulan bertanda \"<{t}\" atau \"×\" disamarkan untuk "
                                 "melindungi identitas klien",
        "suppression_rule": "Untuk melindungi identitas klien, sel tabel rincian yang bernilai "
                            "1 sampai {t1} ditampilkan sebagai \"<{t}\"; sel lain yang dapat "
                            "dipakai untuk menghitung sel tersebut dari jumlahnya ikut "
                            "disamarkan (\"<{t}\" atau \"×\"). Angka jumlah tetap ditampilkan.",
        "suppression_off": "Penyamaran angka kecil tidak diterapkan (ambang 0).",
        "p2m": "Pencegahan dan Pemberdayaan Masyarakat",
        "activity": "Jenis kegiatan",
        "sector": "Sasaran (lingkungan)",
        "by_activity": "Menurut jenis kegiatan",
        "by_sector": "Menurut lingkungan sasaran",
        "activities_unit": "Kegiatan",
        "participants_unit": "Peserta",
        "media_unit": "Jangkauan media",
        "p2m_chart": "Peserta kegiatan P2M per jenis kegiatan, {year}",
        "sector_chart": "Peserta kegiatan P2M per lingkungan sasaran, {year}",
        "p2m_note": "Peserta dihitung dari kegiatan tatap muka; jangkauan media (penonton, "
                    "pendengar dan pembaca) dilaporkan terpisah dan tidak dijumlahkan dengan "
                    "peserta.",
        "no_activity": "Tidak ada kegiatan yang tercatat.",
        # -- year-end figures (P-21, TPPU, networks, labs, asesmen, SKHPN, tes urine,
        # pemberdayaan): sections enforcement, rehabilitation, assessment, community --
        "not_reported": "tidak dilaporkan",
        "unknown": "Tidak diisi",
        "item": "Uraian",
        "results": "Hasil pengungkapan",
        "p21": "Berkas perkara lengkap (P-21)",
        "tppu": "Kasus tindak pidana pencucian uang (TPPU)",
        "assets_rp": "Aset disita (rupiah)",
        "networks": "Jaringan narkotika diungkap",
        "labs": "Laboratorium gelap ditemukan",
        "funding": "Sumber pembiayaan",
        "rehab_funding": "Klien per sumber pembiayaan",
        "asesmen": "Asesmen terpadu",
        "recommendation": "Rekomendasi",
        "people_unit": "Orang",
        "assessed_total": "Jumlah orang yang diasesmen",
        "assessed_sex": "Orang yang diasesmen per jenis kelamin",
        "assessed_age": "Orang yang diasesmen per kelompok umur",
        "assessment_note": "Setiap orang dihitung sekali, menurut rekomendasi asesmen "
                           "terakhirnya pada tahun itu.",
        "skhpn": "Surat Keterangan Hasil Pemeriksaan Narkotika (SKHPN)",
        "examination": "Pemeriksaan",
        "tested": "Diperiksa",
        "positive": "Positif",
        "positive_share": "Persentase positif",
        "skhpn_row": "SKHPN diterbitkan",
        "tes_urine": "Tes urine",
        "urine_note": "Orang yang positif di setiap lingkungan adalah bagian dari yang "
                      "diperiksa di lingkungan itu; keduanya disamarkan bersama.",
        "pemberdayaan": "Pemberdayaan masyarakat",
        "assessed": "Orang yang diasesmen terpadu",
        "urine_tested": "Orang yang dites urine",
        "penggiat": "Penggiat anti narkoba dibentuk",
        "relawan": "Relawan anti narkoba dibentuk",
        "kinerja_proxy": "¹ {name} tidak melaporkan pemberdayaan masyarakat; realisasi "
                         "penggiat dihitung dari peserta workshop penggiat anti narkoba, "
                         "sebagai pendekatan.",
        "kinerja_not_reported": "Indikator bertanda \"tidak dilaporkan\" tidak memiliki "
                                "realisasi karena datanya tidak dilaporkan; capaiannya tidak "
                                "diketahui, bukan 0%.",
        "not_reported_tables": "{unit} tidak melaporkan {tables} tahun {year}; angkanya "
                               "ditulis \"tidak dilaporkan\", bukan 0.",
        "partly_reported": "{what}: dilaporkan oleh {n} dari {m} satuan kerja; angka "
                           "gabungannya hanya mencakup satuan kerja yang melaporkan.",
        "reported_groups": "Jaringan narkotika dan laboratorium gelap|Asesmen terpadu|"
                           "Pemeriksaan (SKHPN dan tes urine)|Pemberdayaan masyarakat",
        "service_table_names": "asesmen terpadu|pemeriksaan (SKHPN dan tes urine)|"
                               "pemberdayaan masyarakat",
        "def_assessment": "**Asesmen terpadu**: orang yang berbeda yang diasesmen Tim Asesmen "
                          "Terpadu (TAT), menurut rekomendasi asesmen terakhirnya (rawat jalan, "
                          "rawat inap atau proses hukum).",
        "def_tests": "**SKHPN**: surat keterangan hasil pemeriksaan narkotika yang diterbitkan; "
                     "**tes urine**: orang yang diperiksa dalam kegiatan tes urine; positif "
                     "adalah bagian dari yang diperiksa.",
        "def_community": "**Pemberdayaan masyarakat**: penggiat dan relawan anti narkoba yang "
                         "dibentuk, Desa/Kelurahan dan Sekolah Bersinar yang ditetapkan, lembaga "
                         "rehabilitasi Intervensi Berbasis Masyarakat (IBM) yang dibentuk dan "
                         "perjanjian kerja sama yang ditandatangani pada tahun laporan.",
        "def_not_reported": "**Tidak dilaporkan**: satuan kerja tidak mengirim data tersebut; "
                            "berbeda dengan 0, yang berarti dilaporkan dan tidak ada.",
        # -- end of year-end figures keys --
        "kinerja": "Capaian Kinerja",
        "indicator": "Indikator",
        "target": "Target",
        "realisation": "Realisasi",
        "achievement": "Capaian",
        "result": "Keterangan",
        "met": "✔ Tercapai",
        "not_met": "✘ Belum tercapai",
        "no_target": "–",
        "kinerja_chart": "Capaian indikator kinerja terhadap target, {year}",
        "kinerja_axis": "Capaian (% dari target)",
        "kinerja_note": "Realisasi indikator jumlah dihitung dari data kerja sendiri satuan "
                        "kerja: kasus yang diungkap, tersangka, jaringan, klien rehabilitasi, "
                        "orang yang diasesmen terpadu, SKHPN yang diterbitkan, orang yang dites "
                        "urine, serta penggiat, relawan, Desa/Kelurahan dan Sekolah Bersinar "
                        "dari data pemberdayaan masyarakat. Realisasi indeks (termasuk IKM dan "
                        "IKR, skala 1–4) berasal dari survei. Capaian = realisasi ÷ target.",
        "subunits": "Perbandingan Satuan Kerja",
        "subunits_note": "Baris satuan kerja memuat angka gabungan masing-masing (sama dengan "
                         "berkas .json-nya); \"kerja sendiri\" adalah kerja {name} sendiri. "
                         "Jumlah gabungan = kerja sendiri + jumlah seluruh satuan kerja di "
                         "bawahnya. Urutan menurut jumlah kasus.",
        "rank": "No.",
        "unit": "Satuan kerja",
        "own_row": "{name} (kerja sendiri)",
        "rolled_row": "Jumlah gabungan",
        "subunit_chart": "Kasus per satuan kerja (angka gabungan), {year}",
        "subunit_map": "Kasus narkotika per provinsi (angka gabungan BNNP), {year}",
        "subunit_map_what": "Kasus",
        "subunit_map_table": "Angka per provinsi: tabel {table} di atas.",
        "narrative": "Catatan dan Kendala",
        "highlights": "Capaian utama",
        "obstacles": "Kendala",
        "actions": "Langkah tindak lanjut",
        "no_narrative": "Satuan kerja tidak menyampaikan catatan untuk tahun ini.",
        "draft_sign": "**DRAF** — laporan ini belum final dan belum ditandatangani.",
        "provenance": "Catatan Data",
        "origin": "Asal data dan proses",
        "origin_data": "Data",
        "data_tables": "kasus|barang bukti|rehabilitasi|kegiatan P2M|asesmen terpadu|"
                       "pemeriksaan|pemberdayaan|target",
        "rows_of": "{n} baris {table}",
        "data_rows": "{rows} dari {units} satuan kerja untuk tahun {year} (folder data "
                     "`{folder}`); {received}.",
        "received": "data diterima antara {first} dan {last}",
        "received_on": "data diterima pada {date}",
        "received_unknown": "tanggal penerimaannya tidak tercatat di register penyerahan",
        "data_hash": "Sidik data (SHA-256)",
        "data_hash_note": "sidik seluruh data yang dibaca laporan ini; data yang sama selalu "
                          "memberi sidik yang sama.",
        "code_version": "Versi kode",
        "generated": "Dibuat",
        "parameters": "Parameter",
        "param_unit_id": "satuan kerja: {value}",
        "param_year": "tahun: {value}",
        "param_language": "bahasa: {value}",
        "param_status": "status: {value}",
        "param_suppression_threshold": "ambang penyamaran angka kecil: {value}",
        "param_signatory": "penanda tangan: {value}",
        "language_id": "Indonesia",
        "language_en": "Inggris",
        "status_draft": "draf",
        "status_final": "final",
        "signatory_none": "belum diisi",
        "providers": "penyedia layanan",
        "others_row": "Lainnya ({n} {what})",
        "top_rows_note": "Tabel memuat {n} {what} dengan klien terbanyak; {rest} {what} lainnya "
                         "dijumlahkan pada baris \"Lainnya\".",
        "full_list_in_html": "Daftar lengkap {what} ada di laporan versi HTML.",
        "full_list": "Semua {what} ({n}), menurut abjad",
        "caveats": "Keterbatasan data",
        "no_caveats": "Tidak ada keterbatasan data yang tercatat.",
        "missing_table": "{unit}: tabel {tables} tidak tersedia untuk tahun {year}.",
        "silent_months": "Bulan tanpa catatan kegiatan apa pun (kasus, rehabilitasi maupun "
                         "P2M): {months}.",
        "non_submitters": "Satuan kerja yang belum menyampaikan data tahun {year}: {units}.",
        "definitions": "Definisi",
        "def_case": "**Kasus**: laporan kasus narkotika (LKN) yang diungkap pada tahun laporan.",
        "def_clients": "**Klien rehabilitasi**: orang yang berbeda yang menerima layanan; "
                       "klien yang menerima dua layanan dihitung pada tiap layanan dan sekali "
                       "pada jumlah. Rincian per bulan, penyedia, jenis kelamin, umur dan cara "
                       "masuk menurut penerimaan pertama klien pada tahun itu.",
        "def_participants": "**Peserta P2M**: orang yang ditemui langsung dalam kegiatan; "
                            "**jangkauan media**: perkiraan audiens siaran dan konten daring.",
        "def_rolled": "**Angka gabungan**: kerja satuan kerja sendiri ditambah seluruh satuan "
                      "kerja di bawahnya pada tahun tersebut.",
        "table_names": "kasus|rehabilitasi|P2M",
        "signed_at": "{place}, {date}",
        # -- navigation of a report page: helpers.report.navigation --
        "nav_label": "Lokasi halaman",
        "nav_home": "Beranda",
        "nav_this_report": "Laporan ini",
        "nav_years": "Tahun",
        "nav_pdf": "Unduh PDF",
        "nav_language_name": "Bahasa Indonesia",
        "nav_online": "Versi daring laporan ini:",
        "param_site_url": "alamat situs: {value}",
        "param_bilingual": "terbit dalam dua bahasa",
        # -- end of navigation keys --
        # -- figure names of the Ralat box and the site's corrections page:
        # helpers.report.figure_names --
        "ralat_part": "{figure} — {part}",
        "ralat_previous_all": "Angka tahun {year}",
        "reporting_units": "Satuan kerja yang melaporkan",
        # -- end of figure names keys --
    },
    "en": {
        "subtitle": "Annual Report {year}",
        # -- publication and corrections (Ralat): helpers.report.sections.corrections --
        "ralat": "Correction",
        "ralat_changes": "Figures corrected",
        "ralat_own": "{figure} (the unit itself)",
        "ralat_previous": "{figure} in {year}",
        "published_on": "Published {date}",
        # -- end of publication keys --
        "summary": "Executive Summary",
        "figure": "Indicator",
        "change": "Change from {year}",
        "change_none": "Change",
        "cases": "Drug cases uncovered",
        "suspects": "Suspects",
        "clients": "Rehabilitation clients",
        "activities": "Prevention activities",
        "participants": "Prevention participants (face to face)",
        "media_reach": "Media reach",
        "scope_rolled": "Rolled-up figures: {name} together with its {n} sub-units. The own "
                        "work of {name} is shown apart in the Comparison of Sub-units.",
        "scope_own": "Figures in this report are the work of {name} itself (it has no "
                     "sub-units).",
        "arrows": "▲ up, ▼ down, = unchanged; percentages against the previous year.",
        "pemberantasan": "Law Enforcement",
        "per_month": "Cases and suspects per month",
        "month": "Month",
        "total": "Total",
        "seizures": "Drugs seized",
        "seizures_note": "Each drug is summed in its own unit of measure; grams, tablets and "
                         "plants are never added together.",
        "drug": "Drug",
        "quantity": "Quantity",
        "uom": "Unit",
        "no_seizures": "No drugs were seized this year.",
        "cases_month": "Cases and suspects per month, {year}",
        "seizure_chart": "Drugs seized by type and unit of measure, {year}",
        "trend": "Five-year trend",
        "trend_chart": "Cases and suspects, {years}",
        "year": "Year",
        "count": "Number",
        "rehabilitasi": "Rehabilitation",
        "service": "Service",
        "clients_unit": "Clients",
        "clients_total": "Clients in total (each client counted once)",
        "rehab_chart": "Rehabilitation clients per service, {year}",
        "rehab_month_chart": "Rehabilitation clients per month of admission, {year}",
        "rehab_month": "Clients per month of admission",
        "provider": "Provider",
        "rehab_provider": "Clients per provider",
        "sex": "Sex",
        "rehab_sex": "Clients per sex",
        "age": "Age group",
        "rehab_age": "Clients per age group",
        "age_years": "{band} years",
        "referral": "Route of entry",
        "rehab_referral": "Voluntary and referred",
        "sukarela": "Voluntary (own request)",
        "rujukan": "Referred by law enforcement",
        "status": "Status",
        "rehab_status": "Completion",
        "completion": "Completion rate: {rate} of the services that ended (completed, dropped "
                      "out or referred) were completed.",
        "completion_none": "No service has ended yet, so no completion rate can be computed.",
        "completion_withheld": "The completion rate is not shown: some of the figures it is "
                               "computed from are hidden to protect clients' identities, and "
                               "the rate together with the total would let them be worked out.",
        "enrolments": "Services (client × service)",
        "chart_suppressed": "Data hidden to\nprotect clients' identities",
        "chart_suppressed_note": "months marked \"<{t}\" or \"×\" are hidden to protect "
                                 "clients' identities",
        "suppression_rule": "To protect clients' identities, cells of breakdown tables with a "
                            "value from 1 to {t1} are shown as \"<{t}\"; other cells from which "
                            "such a cell could be worked out using the total are hidden too "
                            "(\"<{t}\" or \"×\"). Totals are always shown.",
        "suppression_off": "Small-number suppression is switched off (threshold 0).",
        "p2m": "Prevention and Community Empowerment (P2M)",
        "activity": "Activity",
        "sector": "Setting",
        "by_activity": "By activity",
        "by_sector": "By setting",
        "activities_unit": "Activities",
        "participants_unit": "Participants",
        "media_unit": "Media reach",
        "p2m_chart": "Prevention participants per activity type, {year}",
        "sector_chart": "Prevention participants per setting, {year}",
        "p2m_note": "Participants are people met face to face; media audiences (viewers, "
                    "listeners, readers) are reported apart and never added to participants.",
        "no_activity": "No activity was recorded.",
        # -- year-end figures (P-21, TPPU, networks, labs, asesmen, SKHPN, tes urine,
        # pemberdayaan): sections enforcement, rehabilitation, assessment, community --
        "not_reported": "not reported",
        "unknown": "Not given",
        "item": "Item",
        "results": "Enforcement results",
        "p21": "Case files declared complete (P-21)",
        "tppu": "Money-laundering (TPPU) cases",
        "assets_rp": "Assets seized (rupiah)",
        "networks": "Drug networks uncovered",
        "labs": "Clandestine laboratories found",
        "funding": "Funding",
        "rehab_funding": "Clients per source of funding",
        "asesmen": "Integrated assessment (asesmen terpadu)",
        "recommendation": "Recommendation",
        "people_unit": "People",
        "assessed_total": "People assessed in total",
        "assessed_sex": "People assessed per sex",
        "assessed_age": "People assessed per age group",
        "assessment_note": "Each person is counted once, by the recommendation of their latest "
                           "assessment in the year.",
        "skhpn": "Drug Test Certificates (SKHPN)",
        "examination": "Examination",
        "tested": "Tested",
        "positive": "Positive",
        "positive_share": "Share positive",
        "skhpn_row": "SKHPN issued",
        "tes_urine": "Urine tests",
        "urine_note": "The people testing positive in a setting are part of those tested "
                      "there; both are hidden together.",
        "pemberdayaan": "Community empowerment",
        "assessed": "People given an integrated assessment",
        "urine_tested": "People given a urine test",
        "penggiat": "Anti-drug activists formed",
        "relawan": "Anti-drug volunteers formed",
        "kinerja_proxy": "¹ {name} did not report community empowerment; the realisation of "
                         "anti-drug activists is counted from participants of anti-drug "
                         "activist workshops, as a proxy.",
        "kinerja_not_reported": "An indicator marked \"not reported\" has no realisation "
                                "because its data were not reported; its achievement is "
                                "unknown, not 0%.",
        "not_reported_tables": "{unit} did not report {tables} for {year}; those figures read "
                               "\"not reported\", not 0.",
        "partly_reported": "{what}: reported by {n} of {m} units; the combined figures count "
                           "only the units that reported.",
        "reported_groups": "Drug networks and clandestine laboratories|Integrated assessments|"
                           "Examinations (SKHPN and urine tests)|Community empowerment",
        "service_table_names": "integrated assessments|examinations (SKHPN and urine tests)|"
                               "community empowerment",
        "def_assessment": "**Integrated assessment**: distinct people assessed by the "
                          "integrated assessment team (TAT), by the recommendation of their "
                          "latest assessment (outpatient, inpatient or legal process).",
        "def_tests": "**SKHPN**: drug test certificates issued; **urine tests**: people tested "
                     "at urine-test events; those testing positive are part of those tested.",
        "def_community": "**Community empowerment**: anti-drug activists and volunteers "
                         "formed, drug-free villages and schools (Bersinar) designated, "
                         "community-based rehabilitation (IBM) institutions set up and "
                         "cooperation agreements signed in the report year.",
        "def_not_reported": "**Not reported**: the unit did not send those data; unlike 0, "
                            "which means reported and none.",
        # -- end of year-end figures keys --
        "kinerja": "Performance Achievement",
        "indicator": "Indicator",
        "target": "Target",
        "realisation": "Realisation",
        "achievement": "Achievement",
        "result": "Result",
        "met": "✔ Met",
        "not_met": "✘ Not met",
        "no_target": "–",
        "kinerja_chart": "Performance indicators against target, {year}",
        "kinerja_axis": "Achievement (% of target)",
        "kinerja_note": "Count indicators are realised from the unit's own data: drug cases "
                        "uncovered, suspects, networks, rehabilitation clients, people given an "
                        "integrated assessment, SKHPN issued, people given a urine test, and "
                        "the anti-drug activists, volunteers, drug-free villages and schools of "
                        "its community empowerment data. Index realisations (IKM and IKR on a "
                        "1–4 scale among them) come from surveys. Achievement = realisation ÷ "
                        "target.",
        "subunits": "Comparison of Sub-units",
        "subunits_note": "Sub-unit rows hold each sub-unit's rolled-up figures (as in its .json "
                         "file); \"own work\" is the work of {name} itself. Rolled-up total = "
                         "own work + the sum of all sub-units. Ranked by cases.",
        "rank": "No.",
        "unit": "Unit",
        "own_row": "{name} (own work)",
        "rolled_row": "Rolled-up total",
        "subunit_chart": "Cases per sub-unit (rolled up), {year}",
        "subunit_map": "Drug cases per province (BNNP rolled-up figures), {year}",
        "subunit_map_what": "Cases",
        "subunit_map_table": "Figures per province: the {table} table above.",
        "narrative": "Notes and Obstacles",
        "highlights": "Highlights",
        "obstacles": "Obstacles",
        "actions": "Follow-up actions",
        "no_narrative": "The unit recorded no notes for this year.",
        "draft_sign": "**DRAFT** — this report is not final and has not been signed.",
        "provenance": "Data Notes",
        "origin": "Data origin and process",
        "origin_data": "Data",
        "data_tables": "cases|seizures|rehabilitation|prevention activities|"
                       "integrated assessments|examinations|community empowerment|targets",
        "rows_of": "{n} rows of {table}",
        "data_rows": "{rows} from {units} units for {year} (data folder `{folder}`); "
                     "{received}.",
        "received": "received between {first} and {last}",
        "received_on": "received on {date}",
        "received_unknown": "their dates of receipt are not in the submission register",
        "data_hash": "Data fingerprint (SHA-256)",
        "data_hash_note": "the fingerprint of all the data this report reads; the same data "
                          "always gives the same fingerprint.",
        "code_version": "Code version",
        "generated": "Generated",
        "parameters": "Parameters",
        "param_unit_id": "unit: {value}",
        "param_year": "year: {value}",
        "param_language": "language: {value}",
        "param_status": "status: {value}",
        "param_suppression_threshold": "small-number threshold: {value}",
        "param_signatory": "signatory: {value}",
        "language_id": "Indonesian",
        "language_en": "English",
        "status_draft": "draft",
        "status_final": "final",
        "signatory_none": "not given",
        "providers": "service providers",
        "others_row": "Others ({n} {what})",
        "top_rows_note": "The table lists the {n} {what} with the most clients; the other "
                         "{rest} are added up in the row \"Others\".",
        "full_list_in_html": "The full list of {what} is in the HTML version of this report.",
        "full_list": "All {what} ({n}), alphabetically",
        "caveats": "Data caveats",
        "no_caveats": "No data caveats were recorded.",
        "missing_table": "{unit}: no {tables} table for {year}.",
        "silent_months": "Months without any recorded activity (cases, rehabilitation or "
                         "prevention): {months}.",
        "non_submitters": "Units that have not submitted data for {year}: {units}.",
        "definitions": "Definitions",
        "def_case": "**Case**: a drug case report (LKN) uncovered in the report year.",
        "def_clients": "**Rehabilitation clients**: distinct people served; a client in two "
                       "services counts in each service and once in the total. Breakdowns by "
                       "month, provider, sex, age and route of entry use the client's first "
                       "admission in the year.",
        "def_participants": "**Prevention participants**: people met face to face; **media "
                            "reach**: estimated audience of broadcast and online items.",
        "def_rolled": "**Rolled-up figures**: the unit's own work plus all units below it in "
                      "that year.",
        "table_names": "cases|rehabilitation|prevention",
        "signed_at": "{place}, {date}",
        # -- navigation of a report page: helpers.report.navigation --
        "nav_label": "Breadcrumb",
        "nav_home": "Home",
        "nav_this_report": "This report",
        "nav_years": "Year",
        "nav_pdf": "Download PDF",
        "nav_language_name": "English",
        "nav_online": "This report online:",
        "param_site_url": "site address: {value}",
        "param_bilingual": "published in both languages",
        # -- end of navigation keys --
        # -- figure names of the Ralat box and the site's corrections page:
        # helpers.report.figure_names --
        "ralat_part": "{figure} — {part}",
        "ralat_previous_all": "Figures of {year}",
        "reporting_units": "Units that reported",
        # -- end of figure names keys --
    },
}
