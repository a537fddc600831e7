"""The OAuth scopes the service asks for: the narrowest set that does the job.

- drive.file: create, copy, share and find the folders, docs and trackers the service made
  (it never sees the rest of anyone's Drive).
- documents: read and prefill the 1:1 docs.
- spreadsheets: write the trackers and read the metrics sheet.
- calendar.events: book the 1:1s and the fill-in blocks on the manager's and reps' calendars.
- calendar.freebusy: read free/busy (not event details) of the manager and reps.
"""

from __future__ import annotations

DRIVE_FILE = "https://www.googleapis.com/auth/drive.file"
DOCUMENTS = "https://www.googleapis.com/auth/documents"
SPREADSHEETS = "https://www.googleapis.com/auth/spreadsheets"
CALENDAR_EVENTS = "https://www.googleapis.com/auth/calendar.events"
CALENDAR_FREEBUSY = "https://www.googleapis.com/auth/calendar.freebusy"

SCOPES: tuple[str, ...] = (DRIVE_FILE, DOCUMENTS, SPREADSHEETS, CALENDAR_EVENTS, CALENDAR_FREEBUSY)
