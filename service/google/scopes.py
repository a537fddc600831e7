"""The OAuth scopes the service asks for: the narrowest set that does the job.

- drive.file: create, copy, share and find the folders, docs and trackers the service made
  (it never sees the rest of anyone's Drive).
- documents: read and prefill the 1:1 docs.
- spreadsheets: write the trackers and read the metrics sheet.
- calendar.events: book the 1:1s and the fill-in blocks on the manager's and reps' calendars.
- calendar.freebusy: read free/busy (not event details) of the manager and reps.

``drive.file`` is per user: acting as a manager, the service reaches only the files it made
as that manager. So every file is made by the user who later uses it (templates and docs by
the manager, roll-ups by the director). Only a customer's own template, made by a person,
needs more: ``drive.readonly`` lets each manager read (and so copy) it; it is asked for only
when ``google.yaml: templates`` names one.
"""

from __future__ import annotations

DRIVE_FILE = "https://www.googleapis.com/auth/drive.file"
DOCUMENTS = "https://www.googleapis.com/auth/documents"
SPREADSHEETS = "https://www.googleapis.com/auth/spreadsheets"
CALENDAR_EVENTS = "https://www.googleapis.com/auth/calendar.events"
CALENDAR_FREEBUSY = "https://www.googleapis.com/auth/calendar.freebusy"
DRIVE_READONLY = "https://www.googleapis.com/auth/drive.readonly"

SCOPES: tuple[str, ...] = (DRIVE_FILE, DOCUMENTS, SPREADSHEETS, CALENDAR_EVENTS, CALENDAR_FREEBUSY)


def scopes_for(*, customer_templates: bool) -> tuple[str, ...]:
    """The scopes to ask for: ``SCOPES``, plus ``drive.readonly`` to copy a customer's own
    template (a file the app did not make, so ``drive.file`` cannot reach it)."""
    return (*SCOPES, DRIVE_READONLY) if customer_templates else SCOPES
