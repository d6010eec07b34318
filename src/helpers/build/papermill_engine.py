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
"""

from __future__ import annotations

from typing import Any

from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

from helpers.render.publish import publishable_notebook

ENGINE_NAME = "workbook"


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
        nb_man = _BreakOffSaveManager(nb, output_path=output_path, progress_bar=progress_bar,
                                   log_output=log_output, autosave_cell_every=autosave_cell_every)
        nb_man.notebook_start()
        try:
            cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
        except BaseException:
            nb_man.broke_off = True  # papermill will not write: keep what ran for the analyst
            raise
        finally:
            nb_man.cleanup_pbar()
            nb_man.notebook_complete()
        if publishable:
            return publishable_notebook(nb_man.nb)
        return nb_man.nb


def register() -> str:
    """Make the engine known to papermill (idempotent); returns its name for ``engine_name=``."""
    papermill_engines.register(ENGINE_NAME, WriteOnceEngine)
    return ENGINE_NAME
