"""What a submitted file may be before anything parses it: a regular file, of a sane size, in a
text encoding decided once for the whole file, without NUL bytes.

Submissions come from many hands and some files are hostile or simply broken. The readers
(:mod:`helpers.ingest.readers`) trust these checks: a symlink is never followed (``cases.csv ->
/etc/passwd`` would copy a system file into the quarantine), a zip that expands a thousandfold is
never opened (a 7 MB xlsx can unpack to gigabytes of sheet XML and exhaust memory), and a CSV is
decoded as one encoding, never byte by byte, so that ``Café`` cannot silently become ``CafÃ©``.
Every refusal is a :class:`~helpers.ingest.messages.Problem`, never a skip.
"""

from __future__ import annotations

import codecs
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from helpers.ingest.messages import Problem

SUBMISSION_SUFFIXES = (".xlsx", ".xlsm", ".csv")
MB = 1024 * 1024
# A year of one unit's rows is a few MB at most; the limits leave a hundredfold margin while
# keeping the worst case within what the 2-core ingest host can parse in memory.
MAX_FILE_BYTES = 100 * MB
MAX_XLSX_UNPACKED = 500 * MB
# Sheet XML compresses about 10-30:1; a zip bomb is 1000:1 or more. Small members are exempt:
# they cannot exhaust memory whatever their ratio.
MAX_ZIP_RATIO = 200
RATIO_EXEMPT_BYTES = 10 * MB
MAX_CELL_CHARS = 2000  # the longest plausible free text (a provider's name and address)


@dataclass
class Listing:
    """The files to read, and what was refused or skipped while listing (never silently)."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def list_submission(paths: Iterable[Path]) -> Listing:
    """The regular files a submission is made of; links and special files are refused.

    A file named explicitly is always read (and refused if it is not a spreadsheet); in a
    folder only ``.xlsx`` and ``.csv`` files are. Hidden files and Excel's ``~$`` lock files
    are skipped with a warning, sub-folders too: a skip the analyst cannot see is a lost table.
    """
    listing = Listing()
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            for member in sorted(path.iterdir()):
                _list_member(member, listing)
        elif (refusal := special_file(path)) is not None:
            listing.problems.append(refusal)
        else:
            listing.files.append(path)
    return listing


def _list_member(member: Path, listing: Listing) -> None:
    if (refusal := special_file(member)) is not None:
        listing.problems.append(refusal)
    elif member.name.startswith((".", "~$")):
        listing.problems.append(Problem("hidden_file", str(member), warning=True))
    elif member.is_dir() or member.suffix.lower() not in SUBMISSION_SUFFIXES:
        listing.problems.append(Problem("ignored_file", str(member), warning=True))
    else:
        listing.files.append(member)


def special_file(path: Path) -> Problem | None:
    """A symlink, device, pipe or socket is refused: only a regular file's own bytes are read."""
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return Problem("corrupt", str(path), params={"detail": type(exc).__name__})
    if stat.S_ISLNK(mode):
        return Problem("symlink", str(path))
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    return Problem("special_file", str(path))


def file_size_problem(path: Path, display: str) -> Problem | None:
    """A file too large to read safely, refused before a byte of it is read."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return Problem("too_large", display, params={"size_mb": round(size / MB, 1),
                                                     "limit_mb": MAX_FILE_BYTES // MB})
    return None


def zip_problem(archive: zipfile.ZipFile, display: str) -> Problem | None:
    """A workbook whose sheets would unpack beyond the limits (a zip bomb), from its directory."""
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    if total > MAX_XLSX_UNPACKED:
        return Problem("zip_too_large", display, params={"size_mb": round(total / MB),
                                                         "limit_mb": MAX_XLSX_UNPACKED // MB})
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_EXEMPT_BYTES and ratio > MAX_ZIP_RATIO:
            return Problem("zip_ratio", display, params={"member": info.filename,
                                                         "ratio": round(ratio)})
    return None


# ---------------------------------------------------------------- text


@dataclass
class Decoded:
    text: str | None  # None: refused (see problems)
    problems: list[Problem] = field(default_factory=list)


UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_csv(data: bytes, display: str) -> Decoded:
    """The file's text in one encoding: UTF-16 (with BOM), UTF-8 (BOM or not) or Windows-1252.

    UTF-8 wins when the file holds any valid multi-byte UTF-8 character: a file typed in UTF-8
    with one stray Windows-1252 byte is still UTF-8, so the stray byte becomes U+FFFD (its row
    is then refused, see :mod:`helpers.ingest.validate`) instead of every accented letter of
    the file turning into mojibake. A NUL byte anywhere refuses the file: text has none.
    """
    if data.startswith(UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return Decoded(None, [Problem("csv_decode", display)])
    elif b"\x00" in data:
        return Decoded(None, [_nul_problem(data, display)])
    else:
        text, problems = _decode_8bit(data, display)
        if text is None:
            return Decoded(None, problems)
        return Decoded(text, problems)
    if "\x00" in text:
        return Decoded(None, [Problem("nul_byte", display,
                                      params={"line": text[:text.index("\x00")].count("\n") + 1})])
    return Decoded(text)


def _nul_problem(data: bytes, display: str) -> Problem:
    if data[:2].count(0) == 1 and data[:200].count(0) * 3 > len(data[:200]):
        return Problem("utf16_no_bom", display)  # every other byte NUL: UTF-16 without a BOM
    return Problem("nul_byte", display, params={"line": data[:data.index(0)].count(b"\n") + 1})


def _decode_8bit(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    already = data.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    if good > 0:
        lines = sorted({n for n, line in enumerate(text.split("\n"), 1)
                        if line.count("\ufffd") > 0})
        bad = text.count("\ufffd") - already
        return text, [Problem("encoding_mixed", display, warning=True,
                              params={"count": bad, "lines": ", ".join(map(str, lines[:10]))})]
    try:
        return data.decode("cp1252"), []
    except UnicodeDecodeError:
        return None, [Problem("csv_decode", display)]
