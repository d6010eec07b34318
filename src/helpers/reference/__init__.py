"""Reference data, the bottom of the pipeline: which units exist in which year and under whom
(:mod:`.registry`, over the checked CSV files of :mod:`.registry_files`; a unit and the unit_id
rule are :mod:`.units`), the vocabularies of drugs, units of measure, services and activities
(:mod:`.vocab`), and the canonical tables every submission is validated into (:mod:`.schema`)."""
