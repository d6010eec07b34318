"""Reference data, the bottom of the pipeline: which units exist in which year and under whom
(:mod:`.registry`), the vocabularies of drugs, units of measure, services and activities
(:mod:`.vocab`), and the canonical tables every submission is validated into (:mod:`.schema`)."""
