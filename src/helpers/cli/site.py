"""The ``workbook site`` and ``workbook serve`` subcommands, added to the main parser by cli.py.

Kept out of cli.py so the site's commands live beside the site's code; cli.py calls
:func:`add_subcommands` with its own location options and path resolver, so every command
finds the outputs folder the same way (option, environment, default).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from helpers.common.config import Paths

EXIT_OK, EXIT_FAILED = 0, 1

AddLocations = Callable[[argparse.ArgumentParser], None]
PathsFromArgs = Callable[[argparse.Namespace], Paths]


def add_subcommands(sub: argparse._SubParsersAction, add_locations: AddLocations,
                    paths_from_args: PathsFromArgs) -> None:
    """Add ``site`` (rebuild the pages) and ``serve`` (local preview) to ``sub``."""

    def cmd_site(args: argparse.Namespace) -> int:
        # Lazy: the site's pages and the registry take ~0.06 s; `workbook --help` needs neither.
        from helpers.reference.registry import Registry
        from helpers.site import write_site

        paths = paths_from_args(args)
        summary = write_site(paths.site_dir, Registry.load(paths.reference_dir),
                             data_dir=paths.data_dir)
        years = ", ".join(map(str, sorted(summary.years))) or "none"
        print(f"Site: {summary.pages} page(s) for {summary.reports} report(s), years {years}; "
              f"{summary.written} written, in {summary.seconds:.2f} s.")
        if summary.placeholders:
            print(f"{summary.placeholders} linked report(s) not built yet (laporan yang "
                  "ditautkan belum dibuat): a placeholder page stands in for each; build them "
                  "with: workbook build --all-years")
        print(f"Site index: {summary.site_dir / 'index.html'}")
        return EXIT_OK

    def cmd_serve(args: argparse.Namespace) -> int:
        from helpers.site.serve import make_server, server_url  # lazy: http.server, ~0.09 s

        paths = paths_from_args(args)
        if not args.no_build or not (paths.site_dir / "index.html").exists():
            code = cmd_site(args)
            if code != EXIT_OK:
                return code
        try:
            server = make_server(paths.site_dir, args.port)
        except OSError as exc:
            print(f"workbook serve: cannot listen on 127.0.0.1:{args.port}: {exc}",
                  file=sys.stderr)
            return EXIT_FAILED
        print(f"Serving {paths.site_dir} at {server_url(server)} (Ctrl+C to stop)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("stopped", file=sys.stderr)
        finally:
            server.server_close()
        return EXIT_OK

    p = sub.add_parser("site", help="rebuild the site (index, year and province pages)")
    add_locations(p)
    p.set_defaults(func=cmd_site)

    p = sub.add_parser("serve", help="preview the site at http://127.0.0.1:PORT/")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 = any free)")
    p.add_argument("--no-build", action="store_true",
                   help="serve the pages as they are, without rebuilding them first")
    add_locations(p)
    p.set_defaults(func=cmd_serve)
