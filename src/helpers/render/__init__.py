"""From an executed notebook to the published files: Markdown (:mod:`.notebook`), then HTML
and Typst through one pandoc session per process (:mod:`.pandoc`), then PDF with Typst
(:mod:`.documents`); the executed notebook itself is published scrubbed (:mod:`.publish`)."""
