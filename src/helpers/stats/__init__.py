"""Every number a report publishes, computed from the store and nowhere else.

:mod:`.engine` computes the headline figures of every unit and scope (own, rolled-up, any year)
in one vectorised pass; :mod:`.frames` reads one report's rows for the tables that break those
figures down (:mod:`.breakdowns`); :mod:`.suppress` hides small counts, :mod:`.kinerja` sets
realisations against targets, :mod:`.caveats` finds what the data does not say, and
:mod:`.figures_file` assembles the per-report figures file (``<unit_id>.json``).
"""
