"""One error hierarchy with messages a customer can act on."""

from __future__ import annotations


class OneOnOneError(Exception):
    """Base of every error this product raises on purpose."""

    exit_code = 1


class ConfigError(OneOnOneError):
    """A configuration file is missing, malformed or inconsistent.

    ``problems`` holds one line per problem, each naming the file, the field path and why.
    """

    exit_code = 2

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class InputError(OneOnOneError):
    """A file given on the command line is not what the command expects."""

    exit_code = 2


class WorkspaceError(OneOnOneError):
    """Google Workspace refused or failed a call in a way a retry will not fix."""

    def __init__(self, message: str, *, status: int | None = None, reason: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
        # A write whose first answer never came, refused when tried again: the first try may
        # have been applied (a sheet added, a doc prefilled), so the refusal may only say so.
        # The team's job is run again from what the Workspace now holds (see jobs.base).
        self.after_lost_reply = False


class NotFoundError(WorkspaceError):
    """A file, calendar or event does not exist or is not shared with us."""


class PermissionDeniedError(WorkspaceError):
    """The credentials lack a scope, a delegation or a share."""


class QuotaExceeded(WorkspaceError):
    """Google kept answering 429 / rate-limit errors after every retry."""


class ConflictError(WorkspaceError):
    """The object changed under us (revision mismatch) or already exists."""


class JobStopped(OneOnOneError):
    """A job was stopped between two calls because the service is shutting down.

    Jobs converge on re-run, so the next run finishes what this one left.
    """
