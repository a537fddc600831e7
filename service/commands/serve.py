"""`oneonone serve`: the web service and the scheduler in one process, under waitress."""

from __future__ import annotations

import argparse
import logging

from service.commands.arg_types import port_argument
from service.commands.config_arg import add_config_argument

HELP = "run the web service (status, task endpoints) with the weekly scheduler"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    add_config_argument(parser)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=port_argument, default=8080, help="0 picks a free port")
    parser.add_argument(
        "--threads",
        type=_positive,
        default=8,
        help="request threads (default 8: requests mostly wait on Google, and a /tasks "
        "request holds its thread for the whole job)",
    )
    parser.add_argument(
        "--drain-seconds",
        type=_drain_seconds,
        default=None,
        help="on SIGTERM, how long running jobs may finish before they are stopped "
        "(default: service.yaml drain_seconds, 30)",
    )
    parser.add_argument("--no-scheduler", action="store_true", help="web only")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _drain_seconds(text: str) -> float:
    """Seconds from 0 to 3600, as service.yaml's drain_seconds (nan and inf are refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 <= value <= 3600:  # also false for nan
        raise argparse.ArgumentTypeError("must be between 0 and 3600 seconds")
    return value


def run(args: argparse.Namespace) -> int:
    """Serve until SIGTERM / SIGINT, then shut down gracefully."""
    from service.errors import InputError
    from service.logs import configure_logging
    from service.settings import load_config
    from service.web import create_app
    from service.web.scheduler import scheduler_init_app
    from service.web.serving import ServeOptions, make_server, serve

    config = load_config(args.config)
    configure_logging(
        config.service.log_format, level=logging.DEBUG if args.verbose else logging.INFO
    )
    drain = config.service.drain_seconds if args.drain_seconds is None else args.drain_seconds
    options = ServeOptions(
        host=args.host, port=args.port, threads=args.threads, drain_seconds=drain
    )
    app = create_app(config)
    try:  # bind first: a port in use fails before the scheduler takes its lock
        server = make_server(app, options)
    except OSError as exc:
        raise InputError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    if not args.no_scheduler:
        scheduler_init_app(app)
    host = f"[{server.effective_host}]" if ":" in server.effective_host else server.effective_host
    print(f"serving on http://{host}:{server.effective_port}/status", flush=True)
    return serve(app, server, options)
