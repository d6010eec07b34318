"""``python -m helpers.cli`` is the ``workbook`` command."""

import sys

from helpers.cli.workbook import main

sys.exit(main())
