"""One long-lived pandoc per process renders every report's Markdown to HTML and Typst.

Running the pandoc command line twice per report (HTML, then Typst) cost ~0.18 s: each run
started pandoc, read and filtered the Markdown, and ended with a full garbage collection. A
session is one ``pandoc lua`` process running ``templates/session.lua``: it reads each report
once and writes every format asked for, byte for byte what the command line writes (tested),
in ~0.05 s. Requests are served one at a time (threads share the process under a lock); a
process that dies is replaced once, on the next request, and one that outlives its worker
(killed) is killed with it.

A tool that fails says why in its own words; :func:`failure_reason` and :func:`typst_reason`
make that one line for the build's summary (pandoc's message, Typst's with the line of Typst
source it points at), without the private temporary folders the report was rendered in.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import re
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from helpers.common.childproc import end_on_eof, tied_to_this_process

SCRIPT = Path(__file__).resolve().parent / "templates" / "session.lua"

#: pandoc's default ``--columns``, which the Markdown reader also uses (relative widths of
#: simple and multiline tables); the Lua reader's own default is 80.
COLUMNS = 72


class PandocError(RuntimeError):
    """pandoc refused a document, or the session process failed; the message is pandoc's."""


@dataclass(frozen=True)
class Writer:
    """One output: ``--to format --standalone --template template --variable …`` [``--toc``]."""

    format: str
    template: Path
    variables: dict[str, Any] = field(default_factory=dict)  # text, or lists and maps of it
    toc: bool = False
    toc_depth: int = 3


class PandocSession:
    """A running ``pandoc lua session.lua``; it exits when this side closes its stdin."""

    def __init__(self, pandoc: str, env: dict[str, str] | None = None) -> None:
        self.pandoc, self.env, self.owner = pandoc, env, os.getpid()
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the process
        # Its own session: Ctrl-C in the terminal is the build's to handle, not pandoc's.
        self.process = subprocess.Popen(
            [pandoc, "lua", str(SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self._stderr, env=env, start_new_session=True, **tied_to_this_process())

    def alive(self) -> bool:
        return self.process.poll() is None

    def request(self, request: dict[str, Any]) -> dict[str, str]:
        """Send one request; its outputs by format. PandocError for pandoc's own errors,
        BrokenPipeError when the process is gone (the caller may start another)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(json.dumps(request, ensure_ascii=False).encode() + b"\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
        except BrokenPipeError:
            line = b""
        if not line:
            raise BrokenPipeError(f"pandoc lua exited ({self.process.wait()}): {self.stderr()}")
        answer = json.loads(line)
        if "error" in answer:
            raise PandocError(failure_reason(answer["error"]))
        return answer["outputs"] or {}  # pandoc's JSON writes an empty table as a list

    def stderr(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace").strip()

    def close(self, timeout: float = 5.0) -> None:
        end_on_eof(self.process, timeout)
        self._stderr.close()


_LOCK = threading.Lock()
_SESSION: PandocSession | None = None


def _session(pandoc: str, env: dict[str, str] | None) -> PandocSession:
    """This process's session for ``pandoc`` (a forked child never uses its parent's pipes)."""
    global _SESSION
    current = _SESSION
    if current is not None and (current.owner != os.getpid() or current.pandoc != pandoc
                                or current.env != env or not current.alive()):
        if current.owner == os.getpid():
            current.close()
        current = None
    if current is None:
        current = _SESSION = PandocSession(pandoc, env)
    return current


def convert(pandoc: str, markdown: str, *, reader: str, meta: dict[str, str],
            filters: list[Path], writers: list[Writer],
            env: dict[str, str] | None = None) -> dict[str, str]:
    """``markdown`` read once with ``reader``, ``meta`` and ``filters``; each writer's output.

    The filters run once per writer, with ``FORMAT`` set to its format as ``--to`` sets it.
    """
    request = {
        "markdown": markdown, "reader": reader, "columns": COLUMNS, "meta": meta,
        "filters": [str(path) for path in filters],
        "writers": [{"format": w.format, "template": str(w.template), "variables": w.variables,
                     "toc": w.toc, "toc_depth": w.toc_depth} for w in writers],
    }
    with _LOCK:
        session = _session(pandoc, env)
        try:
            return session.request(request)
        except BrokenPipeError:  # it died (killed, out of memory): replaced, once
            session.close()
        try:
            return _session(pandoc, env).request(request)
        except BrokenPipeError as exc:
            raise PandocError(str(exc)) from exc


def kill() -> None:
    """Kill this process's session at once, for a signal handler: no lock, no wait (a session
    busy with a pathological document would otherwise outlive the worker that asked)."""
    session = _SESSION
    if session is not None and session.owner == os.getpid():
        with contextlib.suppress(OSError):
            session.process.kill()


@atexit.register
def close() -> None:
    """Stop this process's session (it also stops by itself when this process exits)."""
    global _SESSION
    with _LOCK:
        if _SESSION is not None and _SESSION.owner == os.getpid():
            _SESSION.close()
        _SESSION = None


# ---------------------------------------------------------------------- the tools' failures

#: Where a Lua error was raised in the session script: ours, not the report's problem.
_LUA_LOCATION = re.compile(r"^\S*session\.lua:\d+: ")
#: A Typst diagnostic's first location (``┌─ report.typ:5:1``) and its quoted source lines.
_TYPST_LOCATION = re.compile(r"┌─ (?P<file>.+?):(?P<line>\d+):(?P<column>\d+)")
_TYPST_SOURCE = re.compile(r"^\s*(?P<line>\d+) │ (?P<text>.*)$", re.MULTILINE)
_SOURCE_CHARS = 160


def failure_reason(text: str, folders: Iterable[str | Path] = ()) -> str:
    """A tool's error message as one line for a build summary, in the tool's own words.

    A path inside one of ``folders`` (where the report was rendered) is shown relative to it
    (``report.typ``, ``fig-3.svg``); any other path under the temporary folder by its name
    only: those folders are private to one run, gone when the reader sees the message, and name
    the machine. Our session script's own location is dropped.
    """
    text = _LUA_LOCATION.sub("", text.strip())
    for folder in _spellings(folders):
        text = text.replace(folder + os.sep, "").replace(folder, ".")
    temp = re.escape(tempfile.gettempdir().rstrip(os.sep) + os.sep)
    text = re.sub(temp + r"[^\s\"'()]*", lambda m: "…/" + Path(m[0]).name, text)
    reason = ""
    for line in (x.strip() for x in text.splitlines() if x.strip()):
        reason += (" " if not reason or reason.endswith(":") else "; ") + line
    return reason.strip()


def _spellings(folders: Iterable[str | Path]) -> list[str]:
    """Each folder as given and resolved (``/tmp`` may be a link), longest first."""
    found = set()
    for folder in folders:
        found.add(str(folder).rstrip(os.sep))
        found.add(str(Path(folder).resolve()).rstrip(os.sep))
    return sorted((f for f in found if f), key=len, reverse=True)


def typst_reason(error: BaseException, folders: Iterable[str | Path] = ()) -> str:
    """Why Typst refused a report's source, as one line: Typst's message and hints, and where
    its diagnostic points, with that line of the Typst source (pandoc wrote it from the
    report's Markdown, so the line shows which text, table or figure it is)."""
    message = str(getattr(error, "message", "") or error).strip() or type(error).__name__
    hints = [str(hint) for hint in getattr(error, "hints", None) or []]
    diagnostic = str(getattr(error, "diagnostic", "") or "")
    place = _TYPST_LOCATION.search(diagnostic)
    if place is not None:
        where = f"{Path(place['file']).name}, line {place['line']}"  # Typst: from our cwd
        quoted = {m["line"]: m["text"].strip() for m in _TYPST_SOURCE.finditer(diagnostic)}
        source = quoted.get(place["line"], "")
        if len(source) > _SOURCE_CHARS:
            source = source[:_SOURCE_CHARS] + "…"
        message += f" ({where}: {source})" if source else f" ({where})"
    message += "".join(f"; hint: {hint}" for hint in hints)
    return failure_reason(message, folders)
