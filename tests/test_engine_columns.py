"""Facet counts from the column arrays equal a plain count over the same documents, for every
kind of selection (groups, outlets, date range, undated modes) and story counting."""

from __future__ import annotations

import datetime
import random
from collections import Counter

import numpy as np
import pytest

from index.base import Filters
from index.columns import NO_DATE, FacetColumns, date_number

GROUPS = ["Islamic State", "Afghan Taliban", "Lashkar-e-Jhangvi", "al-Qaeda"]
OUTLETS = ["Dawn", "Gulf Wire", "Frontier Ledger"]


def _documents(seed: int, count: int = 300) -> tuple[list, list, list, list]:
    rng = random.Random(seed)
    groups = [tuple(rng.sample(GROUPS, rng.randint(0, 3))) for _ in range(count)]
    outlets = [rng.choice([*OUTLETS, None]) for _ in range(count)]
    dates = [
        NO_DATE
        if rng.random() < 0.15
        else date_number(datetime.date(2014, 1, 1) + datetime.timedelta(days=rng.randint(0, 1400)))
        for _ in range(count)
    ]
    stories = [f"s{rng.randint(0, count // 3)}" for _ in range(count)]
    return groups, outlets, dates, stories


def _plain_count(docnums, groups, outlets, dates, stories, filters: Filters):
    """The obvious loop, as the reference."""
    low = date_number(filters.date_from, 0)
    high = date_number(filters.date_to, 99991231)
    allowed, group, outlet, month = [], Counter(), Counter(), Counter()
    group_stories, outlet_stories, undated = {}, {}, 0
    for doc in docnums:
        in_group = not filters.groups or bool(set(filters.groups) & set(groups[doc]))
        in_outlet = not filters.outlets or outlets[doc] in filters.outlets
        if dates[doc] == NO_DATE:
            in_date = filters.undated != "exclude"
        else:
            in_date = filters.undated != "only" and low <= dates[doc] <= high
        if in_group and in_outlet and in_date:
            allowed.append(doc)
        if in_outlet and in_date:
            for name in groups[doc]:
                group[name] += 1
                group_stories.setdefault(name, set()).add(stories[doc])
        if in_group and in_date and outlets[doc]:
            outlet[outlets[doc]] += 1
            outlet_stories.setdefault(outlets[doc], set()).add(stories[doc])
        if in_group and in_outlet:
            if dates[doc] == NO_DATE:
                undated += 1
            else:
                month[f"{dates[doc] // 10000:04d}-{dates[doc] // 100 % 100:02d}"] += 1
    return allowed, {
        "group": dict(group),
        "outlet": dict(outlet),
        "month": dict(month),
        "undated": undated,
        "group_stories": {k: len(v) for k, v in group_stories.items()},
        "outlet_stories": {k: len(v) for k, v in outlet_stories.items()},
    }


FILTERS = [
    Filters(),
    Filters(groups=("Islamic State",)),
    Filters(groups=("Islamic State", "al-Qaeda"), outlets=("Dawn",)),
    Filters(outlets=("Gulf Wire", "Frontier Ledger"), undated="exclude"),
    Filters(date_from=datetime.date(2015, 3, 1), date_to=datetime.date(2016, 2, 29)),
    Filters(date_from=datetime.date(2016, 1, 1), undated="include"),
    Filters(groups=("Afghan Taliban",), undated="only"),
    Filters(groups=("No Such Group",)),
]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("filters", FILTERS)
def test_counts_equal_the_plain_loop(seed: int, filters: Filters) -> None:
    groups, outlets, dates, stories = _documents(seed)
    columns = FacetColumns.build(groups, outlets, dates, stories)
    matches = sorted(random.Random(seed).sample(range(len(dates)), 200))
    allowed, counts = columns.filter_and_count(np.array(matches), filters, with_facets=True)
    expected_allowed, expected = _plain_count(matches, groups, outlets, dates, stories, filters)
    assert allowed.tolist() == expected_allowed
    assert {
        "group": counts.group,
        "outlet": counts.outlet,
        "month": counts.month,
        "undated": counts.undated,
        "group_stories": counts.group_stories,
        "outlet_stories": counts.outlet_stories,
    } == expected
    assert columns.story_count(allowed) == len({stories[doc] for doc in expected_allowed})


def test_no_matches_and_no_facets() -> None:
    columns = FacetColumns.build(*_documents(4, 20))
    allowed, counts = columns.filter_and_count(np.array([], dtype=np.int64), Filters(), True)
    assert allowed.tolist() == []
    assert (counts.group, counts.outlet, counts.month, counts.undated) == ({}, {}, {}, 0)
    assert columns.story_count(allowed) == 0
    allowed, counts = columns.filter_and_count(np.arange(20), Filters(), with_facets=False)
    assert allowed.tolist() == list(range(20))
    assert counts.group == {}
