"""The parameters of one report: layered YAML files, then command-line values (later wins).

``params/defaults.yaml`` → ``params/<year>/defaults.yaml`` → ``params/<year>/<unit_id>.yaml`` →
values given on the command line or by the notebook. Nested mappings (``signatory``,
``narrative``) merge key by key, so a unit file may set only the signatory's name.

Params are data, never code and never the plan (docs/params.md). papermill writes every
parameter into the notebook as Python source (``name = value``), so a key that is not a plain
name would run as code, and a key named like the plan (``unit_id``, ``year``, a folder) would
publish one unit's report under another's name or read another store. So every file is checked
against :data:`SCHEMA` before it is merged — unknown keys (with the nearest valid one suggested,
since a misspelled ``highlight:`` used to drop the narrative silently), wrong types, bad values,
plan keys — and YAML anchors, aliases and oversized files are refused before they can expand.
Everything runs in the build's own process while planning, before any kernel starts, and again
inside the kernel (the notebook may be run by hand). Messages are in Bahasa Indonesia unless
English is asked for (:class:`ParamsError`).
"""

from __future__ import annotations

import copy
import difflib
import functools
import keyword
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers.reference.units import UNIT_ID_PATTERN
from helpers.report.params_messages import KINDS, LANGUAGES, ParamsError
from helpers.report.params_yaml import parse_yaml, where_in

__all__ = ["BUILTIN_DEFAULTS", "SCHEMA", "ParamsError", "check", "check_plain", "load_params",
           "merge", "param_files", "read_params_file", "validate"]

STATUSES = ("draft", "final")
#: A params file holds settings and a few paragraphs; anything larger is not a params file.
MAX_BYTES = 256 * 1024
#: Keys the build's plan sets from the command line; a params file may never set them.
PLAN_KEYS = ("unit_id", "year", "data_dir", "params_dir", "outputs_dir", "publication")
#: Where the plan keys come from instead, as the refusal says.
FIX_PLAN = ("--unit/--province, --year, --data-dir, --params-dir, --outputs-dir; publication: "
            "workbook publish / build --correction")


@dataclass(frozen=True)
class Field:
    """One leaf of the schema: its type, the values it may take, its minimum."""

    kind: type
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    url: bool = False  # a web address a reader is shown (empty: not given)


TEXT = Field(str)
#: A web address printed in a report: http(s), a host, no spaces, quotes or angle brackets.
URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^\s\"'<>\\`]*)?")
#: Every key a params file may hold, at every depth; a nested dict is a nested mapping.
SCHEMA: dict[str, Any] = {
    "language": Field(str, choices=LANGUAGES),
    "status": Field(str, choices=STATUSES),
    "suppression_threshold": Field(int, minimum=0),
    "signatory": {"name": TEXT, "title": TEXT, "place": TEXT},
    "narrative": {"highlights": TEXT, "obstacles": TEXT, "actions": TEXT},
    "site_url": Field(str, url=True),
    "bilingual": Field(bool),
}
#: The spec of a parameter the notebook itself declares in its ``parameters`` cell beyond
#: :data:`SCHEMA` (an analyst's own parameter): any plain data (see :func:`check_plain`).
PLAIN = Field(object)


def with_declared(declared: Iterable[str]) -> dict[str, Any]:
    """:data:`SCHEMA` plus the top-level parameters a notebook declares (never a plan key):
    an analyst who adds ``region_focus = None`` to the notebook's parameters cell may set it in
    params/, as plain data."""
    extra = {name: PLAIN for name in declared if name not in SCHEMA and name not in PLAN_KEYS}
    return {**SCHEMA, **extra}


BUILTIN_DEFAULTS: dict[str, Any] = {
    "language": "id",
    "status": "draft",
    "suppression_threshold": 5,
    "signatory": {"name": "", "title": "", "place": ""},
    "narrative": {"highlights": "", "obstacles": "", "actions": ""},
    "site_url": "",
    "bilingual": False,
}

# -- reading one file: size, encoding, then YAML (params_yaml) ------------------------------

def read_params_file(path: Path, lang: str = "id",
                     schema: Mapping[str, Any] = SCHEMA) -> dict[str, Any]:
    """One params file, checked against :data:`SCHEMA`; a missing file is empty.

    The size is checked before the file is read and anchors before any node is built, so
    neither a huge file nor an alias bomb costs more than a glance.
    """
    path = Path(path)
    if not path.exists():
        return {}
    source = str(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ParamsError("too_large", lang=lang, where=source, size=size, limit=MAX_BYTES)
    with path.open("rb") as file:  # never more than the limit, even if the file grew meanwhile
        raw = file.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ParamsError("too_large", lang=lang, where=source, size=len(raw), limit=MAX_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParamsError("not_utf8", lang=lang, where=source) from None
    loaded, lines = parse_yaml(text, source, lang)
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ParamsError("not_mapping", lang=lang, where=source, **_kind(loaded))
    check(loaded, source, lang=lang, lines=lines, schema=schema)
    return loaded


# -- the schema ------------------------------------------------------------------------------

def _kind(value: Any) -> dict[str, str]:
    names = next((n for t, n in KINDS.items() if type(value) is t), None)
    names = names or ((n := type(value).__name__), n)
    return {"kind": names[0], "kind_en": names[1]}


def _shown(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _all_paths(schema: Mapping[str, Any], prefix: str = "") -> list[str]:
    out = []
    for key, spec in schema.items():
        out.append(prefix + key)
        if isinstance(spec, Mapping):
            out += _all_paths(spec, f"{prefix}{key}.")
    return out


def _suggestion(key: str, schema: Mapping[str, Any]) -> dict[str, str]:
    """The nearest valid key at the same depth; else a key of that name elsewhere (a narrative
    key written at the top); else the keys that are valid there."""
    near = difflib.get_close_matches(key, list(schema), n=1, cutoff=0.6)
    if not near:
        paths = _all_paths(SCHEMA)
        near = difflib.get_close_matches(key, [p.rsplit(".", 1)[-1] for p in paths], n=1,
                                         cutoff=0.6)
        near = [next(p for p in paths if p.rsplit(".", 1)[-1] == near[0])] if near else []
    if near:
        return {"suggest": f"maksud Anda `{near[0]}`?", "suggest_en": f"did you mean `{near[0]}`?"}
    allowed = ", ".join(f"`{k}`" for k in schema)
    return {"suggest": f"kunci yang berlaku di sini: {allowed}",
            "suggest_en": f"the keys valid here: {allowed}"}


def _check_key(key: Any, schema: Mapping[str, Any], path: str, where: str, lang: str) -> None:
    if not isinstance(key, str):
        raise ParamsError("key_not_text", lang=lang, where=where, key=_shown(key), **_kind(key))
    if path in PLAN_KEYS:
        raise ParamsError("plan_key", lang=lang, where=where, key=path, fix=FIX_PLAN)
    if not key.isidentifier() or keyword.iskeyword(key):
        raise ParamsError("key_not_identifier", lang=lang, where=where, key=_shown(path))
    if key not in schema:
        raise ParamsError("unknown_key", lang=lang, where=where, key=path,
                          **_suggestion(key, schema))


def _check_value(value: Any, spec: Field, path: str, where: str, lang: str) -> None:
    if spec is PLAIN:
        _check_plain_value(value, path, where, lang)
        return
    if type(value) is not spec.kind:
        hint = ("", "")
        # YAML read a number, a yes/no or a date where text was meant: quoting keeps it text.
        if spec.kind is str and not isinstance(value, Mapping | list):
            hint = (" — tulis di antara tanda kutip, mis. \"…\"", " — put it in quotes, \"…\"")
        kinds = KINDS[spec.kind]
        raise ParamsError("wrong_type", lang=lang, where=where, key=path, expected=kinds[0],
                          expected_en=kinds[1], value=_shown(value), hint=hint[0],
                          hint_en=hint[1], **_kind(value))
    if spec.choices and value not in spec.choices:
        near = difflib.get_close_matches(str(value), spec.choices, n=1, cutoff=0.5)
        raise ParamsError("bad_choice", lang=lang, where=where, key=path, value=_shown(value),
                          allowed=", ".join(spec.choices),
                          suggest=f"maksud Anda `{near[0]}`? " if near else "",
                          suggest_en=f"did you mean `{near[0]}`? " if near else "")
    if spec.url and value and not URL.fullmatch(value):
        raise ParamsError("not_url", lang=lang, where=where, key=path, value=_shown(value))
    if spec.minimum is not None and value < spec.minimum:
        raise ParamsError("below_minimum", lang=lang, where=where, key=path,
                          minimum=spec.minimum, value=value)


def check(values: Mapping[str, Any], source: str, *, lang: str = "id",
          lines: Mapping[str, int] | None = None, schema: Mapping[str, Any] = SCHEMA,
          prefix: str = "") -> None:
    """Refuse any key or value of ``values`` that :data:`SCHEMA` does not allow, naming
    ``source`` (a file, or the command line), the line when known and the key path.

    ``None`` is allowed anywhere: it means "not given" (an empty ``highlights:``).
    """
    lines = lines or {}
    for key, value in values.items():
        path = f"{prefix}{key}"
        where = where_in(source, lines.get(path))
        _check_key(key, schema, path, where, lang)
        spec = schema[key]
        if value is None:
            continue
        if isinstance(spec, Mapping):
            if not isinstance(value, Mapping):
                kinds = KINDS[dict]
                raise ParamsError("wrong_type", lang=lang, where=where, key=path,
                                  expected=kinds[0], expected_en=kinds[1], value=_shown(value),
                                  hint="", hint_en="", **_kind(value))
            check(value, source, lang=lang, lines=lines, schema=spec, prefix=path + ".")
        else:
            _check_value(value, spec, path, where, lang)


def check_plain(parameters: Mapping[str, Any], source: str, *, lang: str = "id") -> None:
    """Refuse what papermill could turn into code: a key that is not a Python name, a value
    that is not plain data (text, finite numbers, booleans, None, lists and mappings of them).

    papermill writes ``name = value`` into the notebook; names go in verbatim, so this is the
    last gate before a kernel, whatever checked the values before.
    """
    for key, value in parameters.items():
        if not isinstance(key, str) or not key.isidentifier() or keyword.iskeyword(key):
            raise ParamsError("key_not_identifier", lang=lang, where=source, key=_shown(key))
        _check_plain_value(value, key, source, lang)


def _check_plain_value(value: Any, path: str, source: str, lang: str) -> None:
    if value is None or type(value) in (str, int, bool):
        return
    if type(value) is float and math.isfinite(value):
        return
    if type(value) in (list, tuple):
        for item in value:
            _check_plain_value(item, path, source, lang)
        return
    if type(value) is dict and all(isinstance(k, str) for k in value):
        for key, item in value.items():
            _check_plain_value(item, f"{path}.{key}", source, lang)
        return
    raise ParamsError("not_plain", lang=lang, where=source, key=path, **_kind(value))


# -- merging the layers ----------------------------------------------------------------------

def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge two mappings; ``None`` in the override means "not given"."""
    out = dict(base)
    for key, value in override.items():
        if value is None:
            continue
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def param_files(params_dir: Path, year: int, unit_id: str) -> list[Path]:
    """The files that apply to one report, in the order they are merged."""
    if not UNIT_ID_PATTERN.fullmatch(unit_id):
        raise ParamsError("bad_unit_id", value=_shown(unit_id))
    return [params_dir / "defaults.yaml", params_dir / str(year) / "defaults.yaml",
            params_dir / str(year) / f"{unit_id}.yaml"]


#: How the values given on the command line (or in the notebook's parameters) are named, and
#: the merged parameters on their way to papermill.
GIVEN_SOURCE = {"id": "nilai dari baris perintah/notebook",
                "en": "values given on the command line/in the notebook"}
MERGED_SOURCE = {"id": "parameter laporan", "en": "the report's parameters"}


def load_params(params_dir: Path | None, year: int, unit_id: str,
                overrides: Mapping[str, Any] | None = None, *,
                lang: str = "id", declared: Iterable[str] = ()) -> dict[str, Any]:
    """The merged parameters of one report: every file and the given values checked, so only
    known keys with typed values come back (never a plan key); ``lang`` is the language of a
    refusal, not of the report. ``declared``: the parameters the notebook declares, which params
    files may also set, as plain data (:func:`with_declared`)."""
    declared = tuple(declared)
    merged = copy.deepcopy(BUILTIN_DEFAULTS)
    if params_dir is not None:
        for path in param_files(Path(params_dir), year, unit_id):
            merged = merge(merged, copy.deepcopy(read_checked(path, lang, declared)))
    schema = with_declared(declared)
    given = dict(overrides or {})
    check(given, GIVEN_SOURCE[lang], lang=lang, schema=schema)
    merged = merge(merged, given)
    check_plain(merged, MERGED_SOURCE[lang], lang=lang)
    return merged


def read_checked(path: Path, lang: str = "id", declared: tuple[str, ...] = ()) -> dict[str, Any]:
    """:func:`read_params_file`, read once per build for each version of a file: a national
    build plans ~1,300 reports whose three files are mostly the same two defaults. The file's
    size, modification and change times and inode name its version (a copy into the same file
    that keeps the source's modification time still moves the change time); the checks and
    messages are unchanged."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return {}
    return _read_version(path, (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino), lang,
                         declared)


@functools.lru_cache(maxsize=4096)
def _read_version(path: Path, version: tuple[int, int, int, int], lang: str,
                  declared: tuple[str, ...]) -> dict[str, Any]:
    return read_params_file(path, lang=lang, schema=with_declared(declared))


def validate(params: Mapping[str, Any], lang: str = "id") -> None:
    """Check already merged parameters (every key known, every value typed and allowed)."""
    check(params, GIVEN_SOURCE[lang], lang=lang)
