"""The metrics source: a CSV file or a Google Sheet range of ``rep_email, metric, goal,
actual`` rows (and optionally the date each actual is as of), read into ``RepMetrics`` per rep.
The one adapter between those rows and the domain; a malformed source is refused with the file
(or range) and the line at fault.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, Final

from service.domain.model import MetricValue, RepMetrics
from service.errors import InputError
from service.google.gateway import Gateway
from service.settings import Config

log = logging.getLogger(__name__)
COLUMNS: Final[tuple[str, ...]] = ("rep_email", "metric", "goal", "actual")
SHEETS_EPOCH: Final[date] = date(1899, 12, 30)  # day 0 of a Sheets date serial number


def read_metrics(
    config: Config, gw: Gateway | None = None, user: str = ""
) -> dict[str, RepMetrics]:
    """Every rep's metrics from the configured source ({} when none is configured).

    A CSV path is taken relative to the config directory; a Sheet source is read with one
    ``values.get`` acting as ``user``.
    """
    source = config.metrics.source
    if source is None:
        return {}
    if source.kind == "csv" and source.path:
        path = config.resolve(source.path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise InputError(f"{path}: cannot read the metrics file ({exc.strerror})") from None
        except UnicodeDecodeError:
            raise InputError(f"{path}: the metrics file is not UTF-8 text") from None
        rows = list(csv.reader(io.StringIO(text)))
        return parse_rows(rows, str(path), source.as_of_column)
    if gw is None:
        raise InputError("a Sheet metrics source needs a connection to Google")
    request = (
        gw.client("sheets", user)
        .spreadsheets()
        .values()
        .get(
            spreadsheetId=source.spreadsheet_id,
            range=source.range,
            valueRenderOption="UNFORMATTED_VALUE",
        )
    )
    answer = gw.execute(request, user, f"metrics sheet {source.spreadsheet_id}")
    where = f"metrics sheet {source.range}"
    return parse_rows(answer.get("values", []), where, source.as_of_column)


def parse_rows(
    rows: Sequence[Sequence[Any]], source: str, as_of_column: str = "as_of"
) -> dict[str, RepMetrics]:
    """Rows with a header naming the four columns (any order, any case), and optionally
    ``as_of_column`` (an ISO date, or a Sheets date serial number) -> metrics by rep."""
    if not rows:
        raise InputError(f"{source}: empty; expected a header {','.join(COLUMNS)}")
    header = [str(cell).strip().lower() for cell in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(f"{source} line 1: missing column(s) {', '.join(missing)}")
    where = {c: header.index(c) for c in COLUMNS}
    as_of_at = header.index(as_of_column.lower()) if as_of_column.lower() in header else None
    values: dict[str, dict[str, MetricValue]] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = [str(cell).strip() if cell is not None else "" for cell in row]
        if not any(cells):
            continue
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        email, metric = cells[where["rep_email"]].lower(), cells[where["metric"]]
        if "@" not in email or not metric:
            raise InputError(f"{source} line {number}: needs a rep_email and a metric")
        goal = _number(cells[where["goal"]], source, number, "goal")
        actual = _number(cells[where["actual"]], source, number, "actual")
        by_metric = values.setdefault(email, {})
        if metric in by_metric:
            raise InputError(f"{source} line {number}: a second row for {email} / {metric}")
        as_of = None if as_of_at is None else _date(row, as_of_at, source, number)
        by_metric[metric] = MetricValue(metric, goal, actual, as_of=as_of)
    return {email: RepMetrics(email, tuple(m.values())) for email, m in values.items()}


def _number(text: str, source: str, line: int, column: str) -> float | None:
    cleaned = text.replace(",", "").replace("$", "").replace("%", "").strip()
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise InputError(f"{source} line {line}: {column} {text!r} is not a number") from None


def _date(row: Sequence[Any], at: int, source: str, line: int) -> date | None:
    """An as-of cell: blank, an ISO date, or the serial number Sheets gives for a date."""
    value = row[at] if at < len(row) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return SHEETS_EPOCH + timedelta(days=int(value))
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise InputError(f"{source} line {line}: as-of date {text!r} is not YYYY-MM-DD") from None
