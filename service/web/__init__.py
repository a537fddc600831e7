"""The Flask service: health, status, task endpoints, and (optionally) the scheduler."""

from service.web.app import create_app

__all__ = ["create_app"]
