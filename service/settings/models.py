"""The configuration a customer edits, as pydantic models (one model per YAML file).

Field-level checks live here; checks that span files or teams live in ``checks.py``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from service.domain.model import Cadence, Role, Tenure
from service.domain.week import WEEKDAYS

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an email address")
    return value.lower()


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not a known IANA time zone") from None
    return value


def _unquoted_clock(value: object) -> object:
    """YAML 1.1 reads an unquoted ``16:00`` as the base-60 number 960: say so."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        hours, minutes = divmod(value, 60)
        raise ValueError(
            f"YAML read an unquoted time as the number {value}: quote times, "
            f'as "{hours:02d}:{minutes:02d}"'
        )
    return value


def _country(value: str) -> str:
    import holidays

    if value not in holidays.list_supported_countries():
        hint = (
            " (country codes are upper case)"
            if value.upper() in holidays.list_supported_countries()
            else ""
        )
        raise ValueError(f"country {value!r} has no known public holidays{hint}")
    return value


def _clock(value: str) -> str:
    if not _TIME.match(value):
        raise ValueError(f"{value!r} is not a time of day as HH:MM (24-hour)")
    return value


def _weekday(value: str) -> str:
    upper = value.upper()
    if upper not in WEEKDAYS:
        raise ValueError(f"{value!r} is not a weekday (one of {', '.join(WEEKDAYS)})")
    return upper


Email = Annotated[str, AfterValidator(_email)]
TimeZoneName = Annotated[str, AfterValidator(_timezone)]
Clock = Annotated[str, BeforeValidator(_unquoted_clock), AfterValidator(_clock)]
Country = Annotated[str, AfterValidator(_country)]  # ISO code with public holidays known
Cap = Annotated[int, Field(ge=0)]
Weekday = Annotated[str, AfterValidator(_weekday)]
QueueId = Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{1,100}$")]  # a Cloud Tasks queue id


def minutes_of(clock: str) -> int:
    """Minutes since midnight of an HH:MM string."""
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


class Strict(BaseModel):
    """Base: unknown keys are typos and are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- org.yaml ---------------------------------------------------------------------------


class PersonConfig(Strict):
    name: str = Field(min_length=1)
    email: Email
    timezone: TimeZoneName | None = None


class RepConfig(PersonConfig):
    role: Role = Role.AE
    tenure: Tenure = Tenure.STANDARD
    cadence: Cadence = Cadence.WEEKLY
    start_date: date | None = None
    left_on: date | None = None


class TeamConfig(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")
    name: str = Field(min_length=1)
    manager: PersonConfig
    reports_to: Email | None = None  # the manager's own manager (a director or a manager)
    timezone: TimeZoneName | None = None
    country: Country | None = None  # for public holidays; defaults to the org's
    reps: list[RepConfig] = Field(min_length=1)


class OrgConfig(Strict):
    company: str = "Example Co"
    domain: str = "example.com"
    timezone: TimeZoneName = "America/New_York"
    country: Country | None = "US"
    directors: list[PersonConfig] = []
    teams: list[TeamConfig] = Field(min_length=1)


# --- schedule.yaml ----------------------------------------------------------------------


class Moment(Strict):
    """A weekly point in time in the team's zone."""

    day: Weekday
    time: Clock


class CycleConfig(Strict):
    prepare: Moment = Moment(day="THU", time="09:00")
    remind: Moment = Moment(day="FRI", time="12:00")
    deadline: Moment = Moment(day="FRI", time="15:00")
    collect: list[Moment] = Field(
        [Moment(day="FRI", time="16:00"), Moment(day="MON", time="07:00")], min_length=1
    )


class RulesConfig(Strict):
    """Scheduling rules (PRODUCT.md contract 2 defaults, from seed 000)."""

    days: list[Weekday] = Field(["MON", "TUE", "WED"], min_length=1)
    window: tuple[Clock, Clock] = ("13:00", "17:00")
    meeting_minutes: int = Field(45, ge=5, le=240)
    buffer_minutes: int = Field(15, ge=0, le=120)
    max_per_day: dict[Weekday, Cap] = {"MON": 4, "TUE": 4, "WED": 4}
    veteran_days: list[Weekday] = ["WED"]
    new_rep_days: list[Weekday] = ["MON"]
    holidays: list[date] = []
    rep_working_hours: tuple[Clock, Clock] = ("09:00", "18:00")

    @model_validator(mode="after")
    def _window_holds_a_meeting(self) -> RulesConfig:
        start, end = (minutes_of(t) for t in self.window)
        if end - start < self.meeting_minutes:
            raise ValueError(
                f"window {self.window[0]}-{self.window[1]} cannot hold a single "
                f"{self.meeting_minutes}-minute meeting"
            )
        return self


class FillInBlockConfig(Strict):
    """The 25-minute "Fill in your 1:1 doc" block on the rep's calendar (seed 000)."""

    enabled: bool = True
    day: Weekday = "FRI"
    minutes: int = Field(25, ge=5, le=120)
    earliest: Clock = "12:00"


class DevelopmentConfig(Strict):
    """The optional monthly development session (seed 002: career development "may be a
    separate meeting"), booked in the first 1:1 week of each month for every rep that month."""

    enabled: bool = False
    minutes: int = Field(45, ge=15, le=240)
    days: list[Weekday] = Field(["THU", "FRI"], min_length=1)
    window: tuple[Clock, Clock] = ("13:00", "17:00")
    max_per_day: int | None = Field(None, ge=1)  # sessions a day; none: as many as fit
    buffer_minutes: int = Field(15, ge=0, le=120)

    @model_validator(mode="after")
    def _window_holds_a_session(self) -> DevelopmentConfig:
        start, end = (minutes_of(t) for t in self.window)
        if end - start < self.minutes:
            raise ValueError(
                f"window {self.window[0]}-{self.window[1]} cannot hold a single "
                f"{self.minutes}-minute development session"
            )
        return self


class TeamScheduleOverride(Strict):
    cycle: CycleConfig | None = None
    rules: RulesConfig | None = None
    development: DevelopmentConfig | None = None


class ScheduleConfig(Strict):
    cycle: CycleConfig = CycleConfig()
    rules: RulesConfig = RulesConfig()
    fill_in_block: FillInBlockConfig = FillInBlockConfig()
    development: DevelopmentConfig = DevelopmentConfig()
    meet: bool = True  # a Google Meet link on every 1:1 and development session
    reminder_channel: Literal["calendar", "email", "both"] = "calendar"
    # The leaders' own 1:1s: every team whose reps are all managers or directors (a director's
    # 1:1s with their managers, a VP's with their directors), unless ``teams`` names it.
    leaders: TeamScheduleOverride | None = None
    teams: dict[str, TeamScheduleOverride] = {}


# --- metrics.yaml -----------------------------------------------------------------------


class MetricsSourceConfig(Strict):
    """Where metrics come from: a CSV file or a Google Sheet range.

    Both hold one row per rep and metric: ``rep_email, metric, goal, actual``, and optionally
    the date the actual is as of (the column named ``as_of_column``).
    """

    kind: Literal["csv", "sheet"] = "csv"
    path: str | None = None  # csv, relative to the config directory
    spreadsheet_id: str | None = None
    range: str = "Metrics!A1:E"
    as_of_column: str = "as_of"  # optional in the source; pace counts to the prepare day without

    @model_validator(mode="after")
    def _has_location(self) -> MetricsSourceConfig:
        if self.kind == "csv" and not self.path:
            raise ValueError("a csv metrics source needs 'path'")
        if self.kind == "sheet" and not self.spreadsheet_id:
            raise ValueError("a sheet metrics source needs 'spreadsheet_id'")
        return self


class KeyMetricConfig(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    unit: str = ""
    higher_is_better: bool = True


class MetricsConfig(Strict):
    source: MetricsSourceConfig | None = None
    period: Literal["week", "month", "quarter"] = "month"
    key_metrics: list[KeyMetricConfig] = []


# --- program.yaml -----------------------------------------------------------------------


class PrivacyConfig(Strict):
    share_docs_with_director: bool = False
    notify_on_share: bool = False
    min_group_size: int = Field(3, ge=1)


class TiersConfig(Strict):
    """A/B/C tiers by pace to goal (1.0 = on pace)."""

    a: float = Field(1.0, allow_inf_nan=False)
    b: float = Field(0.8, allow_inf_nan=False)

    @model_validator(mode="after")
    def _in_order(self) -> TiersConfig:
        if self.a < self.b:
            raise ValueError(
                f"tier a ({self.a}) is below tier b ({self.b}): a must be the higher pace"
            )
        return self


class KpiTargetsConfig(Strict):
    completion_rate: float = Field(0.9, ge=0, le=1)
    manager_coverage: float = Field(1.0, ge=0, le=1)


class ProgramConfig(Strict):
    template: Literal["doc", "sheet"] = "doc"
    coaching_categories: list[str] = ["Other", "Productivity", "Quality"]
    coach_notes: bool = True  # a private notes doc per rep for the manager (never the rep's)
    privacy: PrivacyConfig = PrivacyConfig()
    tiers: TiersConfig = TiersConfig()
    kpi_targets: KpiTargetsConfig = KpiTargetsConfig()


# --- google.yaml ------------------------------------------------------------------------


class AuthConfig(Strict):
    mode: Literal["service_account", "oauth_user", "application_default"] = "service_account"
    key_file: str | None = None  # service account key (domain-wide delegation)
    authorized_user_file: str | None = None  # OAuth user credentials

    @model_validator(mode="after")
    def _has_credentials(self) -> AuthConfig:
        if self.mode == "service_account" and not self.key_file:
            raise ValueError("auth mode service_account needs 'key_file'")
        if self.mode == "oauth_user" and not self.authorized_user_file:
            raise ValueError("auth mode oauth_user needs 'authorized_user_file'")
        return self


class DriveConfig(Strict):
    shared_drive_id: str | None = None
    root_folder_id: str | None = None
    root_folder_name: str = "1:1s"


class TemplatesConfig(Strict):
    ae_doc_id: str | None = None  # the customer's own template; installed when empty
    manager_doc_id: str | None = None
    vp_doc_id: str | None = None


class GoogleConfig(Strict):
    auth: AuthConfig = AuthConfig(key_file="service-account.json")
    # Owns the root folder, the templates and the roll-up (acted as through domain-wide
    # delegation). Defaults to the first director, else the first team's manager.
    admin_user: Email | None = None
    drive: DriveConfig = DriveConfig()
    templates: TemplatesConfig = TemplatesConfig()
    endpoint: str | None = Field(None, pattern=r"^https?://[^/]+$")  # emulator override


# --- service.yaml -----------------------------------------------------------------------


class TaskAuthConfig(Strict):
    """Who may trigger ``/tasks/<job>``.

    App Engine cron (the ``X-Appengine-Cron`` header, trusted only on App Engine, which strips
    it from outside requests), a Cloud Scheduler OIDC token for ``oidc_audience`` signed for
    ``oidc_service_account``, or a shared secret (self-hosted) read from an environment
    variable, sent in the ``X-Oneonone-Task-Secret`` header.
    """

    shared_secret_env: str = "ONEONONE_TASK_SECRET"  # noqa: S105 - a variable name
    oidc_audience: str | None = None
    oidc_service_account: Email | None = None


class QueuesConfig(Strict):
    """The Cloud Tasks queue of each job (ids, in ``cloud_tasks.project`` and ``location``)."""

    prepare: QueueId = "oneonone-prepare"
    remind: QueueId = "oneonone-remind"
    collect: QueueId = "oneonone-collect"
    # The directors' roll-ups after a collect: each waits (503, retried) for its teams.
    rollup: QueueId = "oneonone-rollup"


class CloudTasksConfig(Strict):
    """``executor: cloud_tasks``: ``/tasks/<job>`` enqueues one task per team on the job's
    queue; each task calls ``service_url`` + ``/tasks/<job>?team=ID`` with an OIDC token for
    ``invoker_service_account`` (audience ``service_url``), which the service checks."""

    project: str = Field(pattern=r"^[a-z][a-z0-9-]{4,28}[a-z0-9]$")
    location: str = Field(pattern=r"^[a-z]+-[a-z]+[0-9]+$")
    queues: QueuesConfig = QueuesConfig()
    service_url: str = Field(pattern=r"^https?://[^/?#]+$")  # no path: the tasks add it
    invoker_service_account: Email
    # How long Cloud Tasks waits for one team's job (15 s to 30 min; App Engine cuts
    # automatic-scaling requests at 10 min whatever this says).
    dispatch_deadline_seconds: int = Field(600, ge=15, le=1800)


class ServiceConfig(Strict):
    task_auth: TaskAuthConfig = TaskAuthConfig()
    # Where a job's teams run: in this process (the request or the scheduler's thread), or
    # one Cloud Tasks task per team (``cloud_tasks`` below).
    executor: Literal["in_process", "cloud_tasks"] = "in_process"
    cloud_tasks: CloudTasksConfig | None = None
    # Where runs wait (JSON lines) while the Workspace service log cannot be written; relative
    # to the config directory. On App Engine, a path under /tmp.
    status_file: str | None = "state/status.json"
    scheduler_lock: str = "state/scheduler.lock"
    # On SIGTERM, how long running jobs may take to finish before they are stopped between
    # two Google calls (they converge on the next run).
    drain_seconds: float = Field(30.0, ge=0, le=3600)
    # JSON lines for Cloud Logging, or plain text; auto: JSON on Google Cloud (K_SERVICE or
    # GAE_SERVICE set), text elsewhere. Applies to `oneonone serve` and service.wsgi.
    log_format: Literal["auto", "json", "text"] = "auto"

    @model_validator(mode="after")
    def _executor_configured(self) -> ServiceConfig:
        if self.executor == "cloud_tasks" and self.cloud_tasks is None:
            raise ValueError(
                "executor cloud_tasks needs a 'cloud_tasks' section (project, location, "
                "service_url, invoker_service_account)"
            )
        return self
