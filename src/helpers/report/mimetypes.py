"""The notebook output types that carry a report's data to the renderer.

The report notebook displays its figures and metadata as outputs of these MIME types; the
renderer reads them back. Kept apart from :mod:`helpers.render.notebook` so that a report's
kernel does not import nbformat (whose jsonschema import alone costs over a second per fork-server).
"""

FIGURES_MIME = "application/vnd.bnn.figures+json"
META_MIME = "application/vnd.bnn.report-meta+json"
#: The values of a Markdown cell's inline code (`{python} expr`), evaluated in the kernel
#: (:mod:`helpers.report.inline_values`) and written into the report by the renderer.
INLINE_MIME = "application/vnd.bnn.inline+json"
#: A report chart's print copy (its text as ``<text>`` in DejaVu Sans, not outlines), beside
#: its ``image/svg+xml``: the PDF's figure file (:mod:`helpers.render.outputs`), never the page's.
PRINT_SVG_MIME = "application/vnd.bnn.print+svg"
