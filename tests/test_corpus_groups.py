"""Tests for the group tagger (corpus.groups) and the gazetteer build (corpus.gazetteer_build)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from corpus.gazetteer_build import build_gazetteer, main
from corpus.groups import (
    DEFAULT_GAZETTEER,
    Gazetteer,
    GazetteerError,
    Mention,
    load_gazetteer,
    normalize_for_matching,
    parse_gazetteer,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
GROUPS_JSON = SHARED / "data" / "groups" / "groups.json"
TTP = "Tehrik-i-Taliban Pakistan"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def _seed_cases() -> list:
    expected = SEEDS / "EXPECTED.json"
    if not expected.exists():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=f"no seeds at {SEEDS}"))]
    articles = json.loads(expected.read_text(encoding="utf-8"))["articles"]
    return [pytest.param(name, spec, id=name) for name, spec in sorted(articles.items())]


def _cut_at_text_end(raw: str, text_ends: str) -> str:
    """Return `raw` up to the end of the article body; white space may differ (no-break spaces)."""
    match = re.search(r"\s+".join(map(re.escape, text_ends.split())), raw)
    assert match, f"text_ends not found: {text_ends!r}"
    return raw[: match.end()]


@pytest.mark.parametrize(("name", "spec"), _seed_cases())
def test_seed_groups(gazetteer: Gazetteer, name: str, spec: dict) -> None:
    raw = (SEEDS / name).read_text(encoding="utf-8")
    tags = set(gazetteer.tag(_cut_at_text_end(raw, spec["text_ends"])))
    required = set(spec["groups_required"])
    missing = sorted(required - tags)
    unexpected = sorted(tags - required - set(spec["groups_allowed"]))
    assert (missing, unexpected) == ([], [])


def test_every_unambiguous_alias_tags_exactly_its_group(gazetteer: Gazetteer) -> None:
    failures = []
    for group in gazetteer.groups.values():
        for alias in group.aliases:
            if alias in group.ambiguous:
                continue
            tags = gazetteer.tag(f"Officials said {alias} claimed the attack.")
            if tags != (group.name,):
                failures.append((alias, group.name, tags))
    assert failures == []


def test_ambiguous_aliases_alone_tag_nothing_of_their_own(gazetteer: Gazetteer) -> None:
    tagged = []
    for group in gazetteer.groups.values():
        for alias in sorted(group.ambiguous):
            tags = gazetteer.tag(f"The report mentions {alias} twice.")
            if tags:
                tagged.append((alias, group.name, tags))
    # The unsettled longest match gives way to the unambiguous alias inside it.
    assert tagged == [("Islamic State of Iraq", "Al-Qaeda in Iraq", ("Islamic State",))]


@pytest.mark.parametrize(
    "text",
    [
        "The minister is in Lahore.",
        "Isis, the Egyptian goddess, was worshipped widely.",
        "the base of the lamp",
        "a taliban-style dress code was criticised",
        "WHO IS BEHIND THE PROTESTS?",
        "the ISI chief met the army",
        "the SSP of Karachi said",
        "Lashkar Gah is the capital of Helmand",
        "IS FIGHTERS SEIZE TOWN",  # group words, but all-caps text
        "He said the founders wanted to make Pakistan an Islamic state.",
        "Jundullah claimed the attack.",  # no country: could be either Jundullah
        "The ham as a starter was fine.",  # words do not join across a space
    ],
)
def test_negatives_tag_nothing(gazetteer: Gazetteer, text: str) -> None:
    assert gazetteer.tag(text) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IS fighters seized the town.", ("Islamic State",)),
        ("The men pledged allegiance to IS last year.", ("Islamic State",)),
        ("Islamic State (IS) claimed the attack; IS said so.", ("Islamic State",)),
        (
            "Jundullah, a militant group in Iran's Sistan-Baluchestan province, claimed it.",
            ("Jaysh al-Adl",),
        ),
        (
            "Jundullah, a Pakistani Taliban splinter group, claimed the attack.",
            ("Jundullah (Pakistan)", TTP),
        ),
        ("Lashkar-e-Jhangvi al-Alami claimed it", ("Lashkar-e-Jhangvi al-Alami",)),
        (
            "Lashkar-e-Jhangvi al-Alami claimed it; Lashkar-e-Jhangvi denied it.",
            ("Lashkar-e-Jhangvi", "Lashkar-e-Jhangvi al-Alami"),
        ),
        ("Tehrik e\nTaliban Pakistan", (TTP,)),
        ("Tehrik-e\nTaliban Pakistan", (TTP,)),
        ("Tehrik e Taliban Pakistan and Tehrik-e Taliban Pakistan", (TTP,)),
        ("al-Qa’ida", ("al-Qaeda",)),
        ("al-Qa'ida's leaders", ("al-Qaeda",)),
        ("fighters of al-Qa´ida", ("al-Qaeda",)),  # NFKD splits the acute accent off
        ("fighters of al-Qa`ida", ("al-Qaeda",)),
        ("The Taliban, led by Mullah Omar, sheltered the group.", ("Afghan Taliban",)),
        ("The Taliban took Kabul in August.", ("Afghan Taliban",)),
        ("Pakistan’s Taliban and Pakistan Taliban", (TTP,)),
        ("the Islamic State of Iraq and Syria", ("Islamic State",)),
        ("al-Qaeda in Iraq", ("Al-Qaeda in Iraq",)),
        ("al-Qaeda in Iraq broke with al-Qaeda.", ("Al-Qaeda in Iraq", "al-Qaeda")),
        ("Nigerian Taliban and Kurdish Taliban", ("Ansar al-Islam", "Boko Haram")),
        ("ISIS-K and ISIS K struck again.", ("Islamic State Khorasan Province",)),
        ("al Qeada and Tehreek-e-Kalifefat", ("Tehreek-e-Khilafat", "al-Qaeda")),
        ("Hizb-ul Mujahideen and HizbulMujahideen", ("Hizbul Mujahideen",)),
        ("Al-Kaïda and the I.S", ("Islamic State", "al-Qaeda")),
        ("an Islamic State fighter", ("Islamic State",)),
    ],
)
def test_positives(gazetteer: Gazetteer, text: str, expected: tuple[str, ...]) -> None:
    assert gazetteer.tag(text) == expected


def test_mentions_give_offsets_into_the_original_text(gazetteer: Gazetteer) -> None:
    text = "Officials said Islamic State’s men and the Tehrik e\nTaliban Pakistan (TTP) clashed."
    assert gazetteer.mentions(text) == [
        Mention("Islamic State", "Islamic State", 15, 28, "Islamic State"),
        Mention(TTP, "Tehrik e\nTaliban Pakistan", 43, 68, "Tehrik-e Taliban Pakistan"),
        Mention(TTP, "TTP", 70, 73, "TTP"),
    ]


def test_normalize_for_matching_maps_back_to_the_original() -> None:
    text = "Al-Qa’ida’s I.S fighters"
    assert normalize_for_matching(text) == (
        "al qaida i.s. fighters",
        [0, 1, 2, 3, 4, 6, 7, 8, 9, 12, 13, 14, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23],
    )


def test_parent_and_aliases(gazetteer: Gazetteer) -> None:
    assert gazetteer.parent_of("Lashkar-e-Jhangvi al-Alami") == "Lashkar-e-Jhangvi"
    assert gazetteer.parent_of("al-Qaeda") is None
    assert gazetteer.aliases_of("Al-Badr") == (
        "Al Badr",
        "Al Badr Mujahideen",
        "Al-Badr",
        "Al-Badr Mujahideen",
    )


def test_unknown_group_name(gazetteer: Gazetteer) -> None:
    with pytest.raises(GazetteerError) as err:
        gazetteer.parent_of("Al Qaeda")
    assert str(err.value) == (
        f"no group named 'Al Qaeda' in {DEFAULT_GAZETTEER}; did you mean 'al-Qaeda'?"
    )


def test_default_gazetteer_is_cached() -> None:
    assert load_gazetteer() is load_gazetteer()


_AMBIGUOUS_AL_BADR = {"alias_flags": {"Al-Badr": {"ambiguous": True}}}


def _write(tmp_path: Path, groups: list[dict]) -> Path:
    path = tmp_path / "gazetteer.json"
    path.write_text(json.dumps({"groups": groups}), encoding="utf-8")
    return path


def test_unknown_parent_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, [{"name": "Alpha Front", "aliases": ["AF Brigade"], "parent": "Ghost"}])
    with pytest.raises(GazetteerError) as err:
        load_gazetteer(path)
    assert str(err.value) == (
        f"{path}: group 'Alpha Front' has unknown parent 'Ghost'; "
        "add a group named 'Ghost' or correct the parent"
    )


def test_alias_shared_without_ambiguous_flags_is_an_error(tmp_path: Path) -> None:
    groups = [
        {"name": "Alpha Front", "aliases": ["Black Banner"]},
        {"name": "Beta Front", "aliases": ["Black-Banner"]},
    ]
    with pytest.raises(GazetteerError) as err:
        load_gazetteer(_write(tmp_path, groups))
    assert str(err.value) == (
        f"{tmp_path / 'gazetteer.json'}: alias 'Black Banner' of group 'Alpha Front' and alias "
        "'Black-Banner' of group 'Beta Front' are the same after normalisation ('black banner'); "
        "flag both ambiguous or remove one"
    )


def test_alias_shared_with_ambiguous_flags_loads(tmp_path: Path) -> None:
    flagged = {"alias_flags": {"Black Banner": {"ambiguous": True}}}
    groups = [
        {"name": "Alpha Front", "aliases": ["Black Banner"], **flagged},
        {"name": "Beta Front", "aliases": ["Black Banner"], **flagged},
    ]
    gazetteer = load_gazetteer(_write(tmp_path, groups))
    assert gazetteer.tag("Black Banner and Beta Front") == ("Beta Front",)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"groups": [{"name": "A", "aliases": ["Al-Badr", "Al Badr"], **_AMBIGUOUS_AL_BADR}]},
            "aliases 'Al-Badr' and 'Al Badr' of group 'A' are the same after normalisation but "
            "only one is flagged ambiguous; flag both or neither",
        ),
        (
            {"groups": [{"name": "A", "aliases": ["Black Banner"], "context": {"aliases": ["A"]}}]},
            "the context of group 'A' lists 'A', which is not an ambiguous alias of this group or "
            "of a group naming it in 'also'; fix the context's aliases",
        ),
        (
            {"groups": [{"name": "A", "aliases": ["Black Banner"]}], "blockers": [{"phrase": "A"}]},
            "blocker 'A' would hide alias 'A' of group 'A'; remove one of them",
        ),
        (
            {"groups": [{"name": "A", "aliases": "Black Banner"}]},
            "group 'A': 'aliases' must be a list of strings, not 'Black Banner'",
        ),
    ],
)
def test_other_validation_errors(data: dict, message: str) -> None:
    with pytest.raises(GazetteerError) as err:
        parse_gazetteer(data, source="g.json")
    assert str(err.value) == f"g.json: {message}"


def test_malformed_json_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.json"
    path.write_text('{"groups": [\n  {"name": "A",}\n]}', encoding="utf-8")
    with pytest.raises(GazetteerError) as err:
        load_gazetteer(path)
    assert str(err.value) == (
        f"{path}, line 2, column 16: "
        "invalid JSON (Expecting property name enclosed in double quotes)"
    )


def test_missing_gazetteer(tmp_path: Path) -> None:
    path = tmp_path / "none.json"
    with pytest.raises(GazetteerError) as err:
        load_gazetteer(path)
    assert str(err.value) == (
        f"no gazetteer at {path}; build it with: "
        f"python -m corpus.gazetteer_build ../shared/data/groups/groups.json {path}"
    )


def test_build_keeps_only_the_needed_facts() -> None:
    records = [
        {
            "name": "Lashkar-e-Taiba",
            "short": "LeT",
            "aliases": ["Lashkar-e-Taiba", "LeT", "LET", "Al-Badr", "Al Badr"],
            "alias_flags": {
                "LeT": {"case_sensitive": True, "note": "x"},
                "LET": {"case_sensitive": True, "ambiguous": True},
                "Al-Badr": {"ambiguous": True, "also": ["Z", "A"]},
            },
            "parent": None,
            "kind": "group",
            "designations": {"UNSC": []},
            "sources": ["curated"],
            "notes": "dropped",
        }
    ]
    built = build_gazetteer(records, extra_aliases={}, extra_flags={}, contexts={}, blockers=[])
    assert built["groups"] == [
        {
            "name": "Lashkar-e-Taiba",
            "short": "LeT",
            "aliases": ["Al Badr", "Al-Badr", "Lashkar-e-Taiba", "LET", "LeT"],
            "alias_flags": {
                "Al Badr": {"ambiguous": True},  # same words as the flagged "Al-Badr"
                "Al-Badr": {"also": ["A", "Z"], "ambiguous": True},
                "LET": {"ambiguous": True, "case_sensitive": True},
                "LeT": {"case_sensitive": True},  # "LeT" is not "LET": stays unambiguous
            },
            "parent": None,
            "related_parents": [],
        }
    ]


@pytest.mark.skipif(not GROUPS_JSON.exists(), reason=f"no reference list at {GROUPS_JSON}")
def test_build_command_is_deterministic_and_loadable(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert (main([str(GROUPS_JSON), str(first)]), main([str(GROUPS_JSON), str(second)])) == (0, 0)
    assert first.read_bytes() == second.read_bytes()
    assert len(load_gazetteer(first).groups) == 97


def test_tagging_speed(gazetteer: Gazetteer) -> None:
    # A loose guard against a matcher rebuilt per call or a quadratic scan; typically ~1-2 ms.
    article = " ".join(
        [
            "Pakistan's Taliban pledged support to Islamic State (IS), officials said.",
            "The Afghan Taliban leader Mullah Omar and al-Qaeda were not consulted.",
            "Lashkar-e-Jhangvi and Jundullah were said to follow; the ISI chief declined comment.",
        ]
        * 22
    )
    started = time.perf_counter()
    for _ in range(20):
        gazetteer.tag(article)
    assert (time.perf_counter() - started) / 20 < 0.05
