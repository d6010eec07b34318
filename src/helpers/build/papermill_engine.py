"""papermill's nbclient engine, writing the executed notebook once instead of after every cell.

papermill's default engine rewrites the whole output notebook (JSON-encoded with indentation)
when each cell starts and again when it ends, so a reader can watch a long run. A batch report
has about twenty cells whose charts make the notebook ~0.5 MB: that is ~40 full writes, about
as much worker CPU as rendering the report. In a batch nobody watches the partial file, so this
engine leaves the writing to papermill itself, which writes the finished notebook once (with its
error marker when a cell failed). Only when execution itself is cut short (the timeout, a dead
kernel, Ctrl-C) does papermill write nothing: then this engine writes what ran, in its
``finally``, as papermill's engine would have. Everything else is papermill's own engine.

With ``publishable=True`` (an engine keyword argument of ``papermill.execute_notebook``) the
engine returns the notebook as published under outputs/notebooks
(:func:`helpers.render.publish.publishable_notebook`): papermill's own final write is then the
published file, and the batch does not encode the ~0.5 MB notebook a second time.

Three adapters make papermill's own per-cell work cheaper without changing what it records:
nbclient builds each output without nbformat's per-output schema check
(:mod:`helpers.adapters.nbclient_outputs`; :func:`check_outputs` then validates the executed
notebook once, so an invalid output still fails the run), a cell's duration is read back
without dateutil's general parser (:mod:`helpers.adapters.papermill_dates`), and the cells run
in one turn of the event loop instead of one each (:mod:`helpers.adapters.papermill_loop`).

The engine also does the two things Quarto does with a notebook before and while running it
that papermill does not: inline code in Markdown cells (`` `{python} expr` ``) is evaluated in
the kernel where the Markdown cell stands (:mod:`helpers.render.inline_code`: a code cell added
after it, folded back into it after the run; a notebook without inline code runs exactly as
before), and a cell with ``#| eval: false`` is not run (nbclient's ``skip-execution`` tag).
"""

from __future__ import annotations

from typing import Any

from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

from helpers.adapters import nbclient_outputs, papermill_dates, papermill_loop
from helpers.render import inline_code
from helpers.render.notebook import DROPPED_TAGS, cell_options, is_false
from helpers.render.publish import publishable_notebook

ENGINE_NAME = "workbook"
#: nbclient's tag for a cell it does not run (``NotebookClient.skip_cells_with_tag``).
SKIP_TAG = "skip-execution"


class _BreakOffSaveManager(NotebookExecutionManager):
    """Records cell state as papermill does; writes the output file only if execution broke off."""

    broke_off = False

    def save(self, **kwargs: Any) -> None:
        if self.broke_off:
            super().save(**kwargs)


class WriteOnceEngine(NBClientEngine):
    """``engine_name="workbook"``: papermill's nbclient engine, :class:`_BreakOffSaveManager`."""

    @classmethod
    def execute_notebook(cls, nb: Any, kernel_name: str, output_path: str | None = None,
                         progress_bar: bool = True, log_output: bool = False,
                         autosave_cell_every: int = 30, publishable: bool = False,
                         **kwargs: Any) -> Any:
        inline_cells = prepare_quarto_cells(nb)
        outputs_unchecked = nbclient_outputs.install()
        papermill_dates.install()
        papermill_loop.install()
        nb_man = _BreakOffSaveManager(nb, output_path=output_path, progress_bar=progress_bar,
                                   log_output=log_output, autosave_cell_every=autosave_cell_every)
        nb_man.notebook_start()
        try:
            cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
            if outputs_unchecked:
                check_outputs(nb_man.nb)
        except BaseException:
            nb_man.broke_off = True  # papermill will not write: keep what ran for the analyst
            raise
        finally:
            if inline_cells:  # before the break-off save: the failed notebook is the analyst's
                inline_code.fold_inline_cells(nb_man.nb, keep_failed=not nb_man.broke_off)
            nb_man.cleanup_pbar()
            nb_man.notebook_complete()
        if publishable:
            return publishable_notebook(nb_man.nb)
        return nb_man.nb


def check_outputs(nb: Any) -> None:
    """Raise nbformat's error for the first invalid output, as nbformat's ``output_from_msg``
    does when it builds it; :mod:`helpers.adapters.nbclient_outputs` built them unchecked.

    One validation of the whole notebook (~1.5 ms) instead of one per output (~0.2 ms each);
    only when it finds anything are the outputs checked one by one: an invalid notebook
    elsewhere stays papermill's to report (it logs it when it writes), as before.
    """
    import nbformat  # lazy, as papermill's own: the worker has imported it by now
    from nbformat.v4.nbbase import validate

    try:
        nbformat.validate(nb)
    except nbformat.ValidationError:
        for cell in nb.cells:
            for output in cell.get("outputs", ()):
                validate(output, output.get("output_type"))


def prepare_quarto_cells(nb: Any) -> int:
    """Tag ``#| eval: false`` cells to be skipped and add the inline-code cells; returns how
    many inline-code cells were added (0: nothing to fold after the run)."""
    for cell in nb.cells:
        source = cell.get("source", "")
        if cell.get("cell_type") == "code" and "eval" in source and is_false(
                cell_options(source).get("eval", True)):
            tags = cell.setdefault("metadata", {}).setdefault("tags", [])
            if SKIP_TAG not in tags:
                tags.append(SKIP_TAG)
    return inline_code.add_inline_cells(nb, skip_tags=DROPPED_TAGS)


def register() -> str:
    """Make the engine known to papermill (idempotent); returns its name for ``engine_name=``."""
    papermill_engines.register(ENGINE_NAME, WriteOnceEngine)
    return ENGINE_NAME
