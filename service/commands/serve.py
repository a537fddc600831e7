"""`oneonone serve`: the web service and the scheduler in one process."""

from __future__ import annotations

import argparse

from service.commands.config_arg import add_config_argument

HELP = "run the web service (status, task endpoints) with the weekly scheduler"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    add_config_argument(parser)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--no-scheduler", action="store_true", help="web only")


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    from service.settings import load_config
    from service.web import create_app
    from service.web.scheduler import scheduler_init_app

    app = create_app(load_config(args.config))
    if not args.no_scheduler:
        scheduler_init_app(app)
    print(f"serving on http://{args.host}:{args.port}/status")
    app.run(host=args.host, port=args.port, threaded=True, use_reloader=False)
    return 0
