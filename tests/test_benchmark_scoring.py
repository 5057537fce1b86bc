"""The extraction benchmark's reading of gold labels (no data needed)."""

from __future__ import annotations

from tests.benchmarks.extraction import gold_date


def test_gold_dates_are_read_as_dates_or_not_at_all() -> None:
    labels = ["2021-03-04", "2022-25-10", "2022-29-11", "2022-11-1", "2022-31-02", "", None, "n/a"]
    assert [gold_date(label) for label in labels] == [
        "2021-03-04",
        "2022-10-25",  # day and month the other way round: one reading
        "2022-11-29",
        None,  # the 1st or the 21st
        None,  # the 2nd of month 31 is no date either way
        None,
        None,
        None,
    ]
