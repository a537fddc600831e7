"""How the service finds its own things again: Drive appProperties and Calendar properties.

Google Workspace is the database. Every folder, doc and sheet the service makes carries
these appProperties (private to our OAuth client, <= 124 bytes per key + value), and every
event carries the same keys in ``extendedProperties.private``. A re-run looks them up with
one ``files.list`` / ``events.list`` instead of keeping a second store that could drift.
"""

from __future__ import annotations

APP = "oneonone"  # key present (value "1") on everything we own
KIND = "kind"  # what the object is, one of the KIND_* values
TEAM = "team"  # team id from org.yaml
REP = "rep"  # rep e-mail
WEEK = "week"  # the Monday of the 1:1 week, YYYY-MM-DD
TEMPLATE = "template"  # ae | manager | vp | ae_sheet
FORM = "form"  # on a rep doc made from the Sheet-form template: FORM_SHEET
FORM_SHEET = "sheet"

KIND_ROOT = "root"
KIND_TEAM_FOLDER = "team_folder"
KIND_REP_FOLDER = "rep_folder"
KIND_TEMPLATE = "template"
KIND_REP_DOC = "rep_doc"
KIND_TRACKER = "tracker"
KIND_ROLLUP = "rollup"
KIND_SERVICE_LOG = "service_log"  # the admin's "1:1 service log" spreadsheet of job runs
KIND_ONE_ON_ONE = "one_on_one"  # calendar event: the 1:1
KIND_FILL_IN = "fill_in"  # calendar event: the rep's 25-minute fill-in block
KIND_REMINDER = "reminder"  # calendar event: "finish your 1:1 doc" nudge
KIND_DEVELOPMENT = "development"  # calendar event: the monthly development session
KIND_COACH_FOLDER = "coach_folder"  # the manager's private folder of coach notes, per team
KIND_COACH_NOTES = "coach_notes"  # a manager's private coach-notes doc about one rep
KIND_READ_LEDGER = "read_ledger"  # per team: what the jobs last read of each rep doc


def tags(**values: str) -> dict[str, str]:
    """appProperties for an object we own: ``tags(kind=KIND_REP_DOC, team=..., week=...)``."""
    return {APP: "1", **values}


def drive_query(**values: str) -> str:
    """A Drive ``q`` matching objects we own with all these tags, not trashed."""
    clauses = [f"appProperties has {{ key='{APP}' and value='1' }}", "trashed = false"]
    for key, value in values.items():
        escaped = value.replace("\\", "\\\\").replace("'", "\\'")
        clauses.append(f"appProperties has {{ key='{key}' and value='{escaped}' }}")
    return " and ".join(clauses)
