"""WSGI entry point for gunicorn / App Engine: ``service.wsgi:app``.

The configuration directory comes from ``$ONEONONE_CONFIG``. The scheduler is not started
here: on App Engine, cron.yaml calls /tasks/<job>; self-hosted, run ``oneonone serve`` (or set
``ONEONONE_SCHEDULER=1`` on exactly one worker process).
"""

from __future__ import annotations

import os

from service.logs import configure_logging
from service.settings import load_config
from service.web import create_app
from service.web.scheduler import scheduler_init_app

config = load_config(os.environ.get("ONEONONE_CONFIG", "config/example"))
configure_logging(config.service.log_format)  # JSON lines on App Engine (GAE_SERVICE)
app = create_app(config)
if os.environ.get("ONEONONE_SCHEDULER") == "1":
    scheduler_init_app(app)
