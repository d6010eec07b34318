"""ipykernel behind one door: a forked kernel that starts without argparse and reads each cell once.

Two tricks, each its own name for ``WORKBOOK_PUBLIC_API``:

- ``empty-argv``: the fork-server starts every kernel with an empty command line, and
  traitlets still builds the argparse parser of every flag and alias of ~40 classes to parse
  it (~3.5 ms a kernel). :func:`app_class` gives ``IPKernelApp`` a subclass whose
  ``parse_command_line([])`` sets what that parse sets (``argv``, ``cli_config``, ``extra_args``:
  all empty) and leaves the configuration as it was; any other command line goes to traitlets.
- ``cell-once``: ipykernel's ``do_execute`` transforms a cell (IPython's input transformers and
  prefilter) and compiles it to see whether it awaits, then calls ``shell.run_cell``, which does
  both again on the same string; and it reads ``run_cell_async``'s signature with ``inspect``
  for every cell. The kernel's shell (ipykernel's public ``IPythonKernel.shell_class``, through
  the public ``IPKernelApp.kernel_class`` setting) hands the second call the first's result,
  for that very string object, before the cell's code starts (IPython's ``pre_execute`` event;
  nothing is remembered while a cell's code runs);
  the signature is read once per function (ipykernel's private ``_accepts_parameters``).
  ~3 ms of a 29-cell report.

:func:`kernel_class` also gives either kernel the request that runs a notebook's cells at once
where ``batch-cells`` is used (:mod:`helpers.adapters.ipykernel_batch`).

Used only with the versions they were tested with (:data:`TESTED`) and unless
``WORKBOOK_PUBLIC_API`` turns them off (``1``/``all``, ``ipykernel``, or the trick's name);
otherwise the kernel is ipykernel's own, and :func:`fallbacks` says so for the build log.
Decided in each kernel (the fork-server's child, after the request's environment is set).
Importing this module imports only the standard library.
"""

from __future__ import annotations

import functools
import importlib.metadata
from typing import Any

from helpers.adapters import ipykernel_batch, versions

LIBRARY = "ipykernel"
#: The versions the tricks were tested with (uv.lock): from the first, below the second.
TESTED = {"ipykernel": ((7, 4), (7, 5)), "ipython": ((9, 18), (9, 19)),
          "traitlets": ((5, 16), (5, 17))}
TRICKS = ("empty-argv", "cell-once")
ENV_PUBLIC_API = versions.ENV_PUBLIC_API
#: ipykernel's own kernel class (its ``IPKernelApp.kernel_class`` default).
PUBLIC_KERNEL = "ipykernel.ipkernel.IPythonKernel"


@functools.cache
def installed_versions() -> dict[str, str]:
    """The installed versions of the libraries the tricks rely on (metadata, no import)."""
    return {name: importlib.metadata.version(name) for name in TESTED}


def in_tested_range(found: dict[str, str] | None = None) -> bool:
    """True when every library (default: as installed) is in its tested range."""
    found = installed_versions() if found is None else found
    return all(versions.in_range(found[name], TESTED[name]) for name in TESTED)


def fast(trick: str) -> bool:
    """Whether ``trick`` is used: tested versions and not turned off."""
    return in_tested_range() and not versions.public_api_requested(trick, LIBRARY)


def fallbacks() -> list[str]:
    """What the kernels do without the tricks, for the build log (empty: nothing)."""
    found = " ".join(f"{name} {version}" for name, version in installed_versions().items())
    off = any(versions.public_api_requested(trick, LIBRARY) for trick in TRICKS)
    return versions.fallback_notes(
        found, TESTED, in_tested_range(), off, "kernels parse their empty command line and "
        "read each cell twice (same reports, slower)")


def warm_up() -> None:
    """Read the versions and make the classes once, in the fork-server (no thread, no
    socket): every kernel it forks inherits them."""
    installed_versions()
    ipykernel_batch.installed_version()
    _empty_argv_app()
    for name in _KERNELS:
        __getattr__(name)


def app_class() -> type:
    """The kernel's application class: ipykernel's ``IPKernelApp``, or its subclass that skips
    parsing an empty command line where ``empty-argv`` is used."""
    from ipykernel.kernelapp import IPKernelApp  # lazy: see the module docstring

    return _empty_argv_app() if fast("empty-argv") else IPKernelApp


def kernel_class() -> str:
    """The kernel's ``IPKernelApp.kernel_class``: this module's :class:`CellOnceKernel` where
    ``cell-once`` is used (and ipykernel's signature reading cached), ipykernel's otherwise;
    either one running a notebook's cells in one request where ``batch-cells`` is
    (:mod:`helpers.adapters.ipykernel_batch`)."""
    once = fast("cell-once")
    if once:
        _cache_signatures()
    if ipykernel_batch.supported():
        return f"{__name__}.{'BatchCellOnceKernel' if once else 'BatchKernel'}"
    return f"{__name__}.CellOnceKernel" if once else PUBLIC_KERNEL


#: The kernel classes this module makes, by name: each one's base class, made on first use.
_KERNELS = ("CellOnceKernel", "BatchCellOnceKernel", "BatchKernel")


def __getattr__(name: str) -> Any:
    """A kernel class of :data:`_KERNELS`, made on first use (ipykernel imports it by its
    dotted name)."""
    if name == "CellOnceKernel":
        return _cell_once_kernel()
    if name == "BatchCellOnceKernel":
        return ipykernel_batch.batch_kernel(_cell_once_kernel())
    if name == "BatchKernel":
        from ipykernel.ipkernel import IPythonKernel

        return ipykernel_batch.batch_kernel(IPythonKernel)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _empty_argv_app() -> type:
    from ipykernel.kernelapp import IPKernelApp
    from traitlets.config import Config

    class EmptyArgvKernelApp(IPKernelApp):
        """ipykernel's application; an empty command line sets what traitlets' parse of it
        sets, without building the parser (flags, aliases and their help of every class)."""

        def parse_command_line(self, argv: list[str] | None = None) -> None:
            if argv is None or list(argv):
                super().parse_command_line(argv)
                return
            self.argv = []
            self.cli_config = Config()  # what the parser returns for no argument
            self.extra_args = []

    return EmptyArgvKernelApp


@functools.cache
def _cell_once_kernel() -> type:
    from ipykernel.ipkernel import IPythonKernel
    from ipykernel.zmqshell import ZMQInteractiveShell
    from traitlets import Type

    class CellOnceShell(ZMQInteractiveShell):
        """ipykernel's shell; a cell's transform and await check, asked twice for the same
        string between two cells' code (by ipykernel, then IPython), are computed once. While a
        cell's code runs (``pre_execute`` to ``post_execute``, a cell run within it counted)
        nothing is remembered: what the analyst's own code asks is IPython's answer every time.
        An unpaired ``pre_execute`` only turns the remembering off."""

        _last_transform: tuple[Any, str] | None = None
        _last_async: tuple[Any, bool] | None = None
        _running = 0  # cells whose code runs: the report's, and any run within it

        def init_events(self) -> None:
            super().init_events()
            self.events.register("pre_execute", self._cell_starts)
            self.events.register("post_execute", self._cell_ends)

        def _cell_starts(self) -> None:
            self._running += 1
            self._last_transform = self._last_async = None

        def _cell_ends(self) -> None:
            self._running = max(0, self._running - 1)  # an empty cell ends without starting

        def transform_cell(self, raw_cell: str) -> str:
            last = self._last_transform
            if last is not None and last[0] is raw_cell:
                self._last_transform = None
                return last[1]
            cell = super().transform_cell(raw_cell)
            if not self._running:
                self._last_transform = (raw_cell, cell)
            return cell

        def should_run_async(self, raw_cell: str, *, transformed_cell: str | None = None,
                             preprocessing_exc_tuple: Any = None) -> bool:
            last = self._last_async
            if (last is not None and transformed_cell is not None and last[0] is transformed_cell
                    and preprocessing_exc_tuple is None):
                self._last_async = None
                return last[1]
            answer = super().should_run_async(raw_cell, transformed_cell=transformed_cell,
                                              preprocessing_exc_tuple=preprocessing_exc_tuple)
            if not self._running and transformed_cell is not None and (
                    preprocessing_exc_tuple is None):
                self._last_async = (transformed_cell, answer)
            return answer

    class CellOnceKernel(IPythonKernel):
        """ipykernel's kernel with :class:`CellOnceShell` as its shell."""

        shell_class = Type(CellOnceShell)

    return CellOnceKernel


@functools.cache
def _cache_signatures() -> None:
    """ipykernel asks, for every cell, which of ``cell_id``/``cell_meta`` the shell's
    ``run_cell_async`` accepts, through ``inspect.signature``: answer once per function."""
    import ipykernel.ipkernel

    read = ipykernel.ipkernel._accepts_parameters
    answers: dict[tuple[Any, tuple[str, ...]], dict[str, Any]] = {}

    def accepts_parameters(meth: Any, param_names: list[str]) -> dict[str, Any]:
        key = (getattr(meth, "__func__", meth), tuple(param_names))
        if key not in answers:
            answers[key] = read(meth, param_names)
        return dict(answers[key])

    ipykernel.ipkernel._accepts_parameters = accepts_parameters
