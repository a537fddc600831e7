"""The metrics source adapter: rows to RepMetrics, and bad files refused by file and line."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from service.domain.model import MetricValue
from service.errors import InputError
from service.metrics import parse_rows, read_metrics
from service.settings import load_config

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example"


def test_the_example_csv_reads_and_a_rep_without_rows_is_absent(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path, dirs_exist_ok=True)
    metrics = read_metrics(load_config(tmp_path))
    assert len(metrics) == 30 and "nobody@example.com" not in metrics
    avery = metrics["avery.adams@example.com"]
    assert avery.values[0] == MetricValue(
        "pipeline_created", 120000.0, 47940.0, as_of=date(2027, 3, 15)
    )


def test_an_as_of_column_is_optional_and_read_from_csv_text_or_a_sheets_serial() -> None:
    header = ["rep_email", "metric", "goal", "actual", "As_Of"]
    rows = [header, ["a@x.com", "arr", "10", "5", "2026-12-02"], ["a@x.com", "demos", "4", "1"],
            ["b@x.com", "arr", 10, 5, 46358]]  # fmt: skip
    metrics = parse_rows(rows, "m.csv")
    assert [v.as_of for v in metrics["a@x.com"].values] == [date(2026, 12, 2), None]
    assert metrics["b@x.com"].values[0].as_of == date(2026, 12, 2)  # Sheets' day 46358
    with pytest.raises(InputError, match=r"m\.csv line 2: as-of date '2/12' is not YYYY-MM-DD"):
        parse_rows([header, ["a@x.com", "arr", "1", "1", "2/12"]], "m.csv")
    renamed = parse_rows([[*header[:4], "export date"], ["a@x.com", "arr", "1", "1", "2026-12-02"]],
                         "m.csv", as_of_column="Export date")  # fmt: skip
    assert renamed["a@x.com"].values[0].as_of == date(2026, 12, 2)


def test_columns_in_any_order_and_case_blank_lines_and_symbols() -> None:
    rows = [["Actual", "Metric", "REP_EMAIL", "goal"], [], ["$1,200", "arr", "A@X.com", ""]]
    metrics = parse_rows(rows, "m.csv")
    assert metrics["a@x.com"].values == (MetricValue("arr", None, 1200.0),)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "m.csv: empty"),
        ([["rep_email", "metric", "goal"]], "m.csv line 1: missing column(s) actual"),
        ([["rep_email", "metric", "goal", "actual"], ["a@x.com", "arr", "ten", "1"]],
         "m.csv line 2: goal 'ten' is not a number"),
        ([["rep_email", "metric", "goal", "actual"], ["a@x.com", "arr", "1", "1"],
          ["a@x.com", "arr", "2", "2"]], "m.csv line 3: a second row for a@x.com / arr"),
        ([["rep_email", "metric", "goal", "actual"], ["nobody", "arr", "1", "1"]],
         "m.csv line 2: needs a rep_email and a metric"),
    ],
)  # fmt: skip
def test_bad_rows_name_the_line(rows: list[list[str]], message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_rows(rows, "m.csv")
    assert str(caught.value).startswith(message)


def test_a_bad_or_missing_file_names_the_file(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "metrics.csv").write_text(
        "rep_email,metric,goal,actual\na@x.com,arr,1,1\nb@x.com,arr,x,1\n"
    )
    config = load_config(tmp_path)
    with pytest.raises(InputError, match=r"metrics\.csv line 3: goal 'x'"):
        read_metrics(config)
    (tmp_path / "metrics.csv").unlink()
    with pytest.raises(InputError, match=r"metrics\.csv: cannot read"):
        read_metrics(config)
    (tmp_path / "metrics.csv").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError, match="not UTF-8"):
        read_metrics(config)


def test_no_source_means_no_metrics(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "metrics.yaml").write_text("period: month\n")
    assert read_metrics(load_config(tmp_path)) == {}
