"""Rendering many reports: plan them (:mod:`.batch`), skip the ones whose inputs did not change
(:mod:`.incremental`), run each (:mod:`.run`) in a fresh kernel forked from a warm server
(:mod:`.forkserver`, :mod:`.kernels`) under papermill (:mod:`.papermill_engine`) on local or Dask
workers (:mod:`.executors`), and show progress (:mod:`.progress`); :mod:`.plan` says what to
render and :func:`.batch.build` reads as the whole pipeline."""
