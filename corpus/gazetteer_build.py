"""Build corpus/gazetteer.json, the tagger's own data, from the shared reference list groups.json.

Usage: python -m corpus.gazetteer_build ../shared/data/groups/groups.json corpus/gazetteer.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from corpus.groups import GazetteerError, alias_key, is_auto_case_sensitive, parse_gazetteer

KEPT_FLAGS = ("also", "ambiguous", "case_sensitive", "typo")
TTP = "Tehrik-i-Taliban Pakistan"

ABOUT = (
    "Group gazetteer of the Dossier tagger (corpus/groups.py), built from the shared groups.json "
    "by corpus/gazetteer_build.py and safe to edit by hand. Matching folds case, accents and "
    "apostrophes, strips a possessive 's, treats hyphens, spaces and line breaks alike, and takes "
    "the longest alias at each place. alias_flags: case_sensitive (every all-caps alias of up to 7 "
    "letters is case-sensitive anyway), ambiguous (tags only when a context settles it), typo, "
    "also (other groups the alias can mean; they become candidates too). context: an ambiguous "
    "alias listed in 'aliases' tags this group when a 'before' phrase ends right before it or an "
    "'after' phrase starts right after it. Otherwise each candidate group scores its cue weights: "
    "x5 in the mention's sentence, x2 within 30 words, else x1 once per cue; 'named' is the weight "
    "of the group's own unambiguous mentions, counted like a cue. The single best positive score "
    "wins. Case-sensitive ambiguous aliases never tag in all-caps text. blockers: phrases matched "
    "like aliases that tag nothing (the city Lashkar Gah)."
)

# Overrides of the reference list. Each fixes a gap or a flaw that shows up in tests or seeds.
EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    # AFP (seed 003) calls the faction "Jhangvi Al-Alami"; the list has only "Lashkar-e-..." forms.
    "Lashkar-e-Jhangvi al-Alami": ("Jhangvi al-Alami", "Jhangvi Alami"),
}
EXTRA_FLAGS: dict[str, dict[str, dict[str, object]]] = {
    # A misspelling of the shared name Jundullah, so it is as open as the spelling it copies.
    "Jundullah (Pakistan)": {"Jandullah": {"also": ["Jaysh al-Adl"]}},
    # "Taliban movement" alone is as open as bare "Taliban" (which lists the TTP under 'also').
    "Afghan Taliban": {"Taliban movement": {"also": [TTP]}},
    # The list flags "Ahle Sunnat Wal Jamaat" as a generic theological term; this is its spelling.
    "Sipah-e-Sahaba Pakistan": {"Ahl-e-Sunnat Wal Jamaat": {"ambiguous": True}},
}
BLOCKERS: list[dict[str, object]] = [
    {"phrase": "Lashkar Gah"},  # capital of Helmand; "Lashkar" alone is an ambiguous LeT alias
    {"phrase": "Punjabi Taliban"},  # loose label for Punjab-based militants, not the Afghan Taliban
    {"phrase": "Islamic State of Afghanistan"},  # the 1992-2001 mujahideen state, not IS
    {"phrase": "Islamic Emirate of Waziristan"},  # not the Afghan Taliban's Islamic Emirate
    # "make Pakistan an Islamic state": generic; the group is "an Islamic State fighter".
    {"phrase": "an Islamic state", "case_sensitive": True},
]

_TALIBAN = ["Taliban", "Taleban", "Talibaan", "Taliban movement"]
_JUNDULLAH = ["Jundullah", "Jundallah", "Jund Allah", "Jundollah", "Jondollah", "Jondallah"]
_IS_BEFORE = [
    "allegiance to", "loyalty to", "loyal to", "support to", "support for", "supporters of",
    "joined", "join", "joining", "defected to", "linked to", "ties to", "ties with",
    "affiliated to", "affiliated with", "fighters of", "members of", "claimed by", "against",
    "fighting",
]  # fmt: skip
_IS_AFTER = [
    "fighters", "fighter", "militants", "militant", "jihadists", "jihadist", "terrorists",
    "gunmen", "bombers", "operatives", "leader", "leaders", "leadership", "commander",
    "commanders", "chief", "emir", "spokesman", "affiliate", "affiliates", "branch", "franchise",
    "province", "supporters", "sympathisers", "sympathizers", "loyalists", "recruits",
    "recruiters", "cell", "cells", "member", "members", "ranks", "claimed", "propaganda", "flag",
    "ideology", "caliphate", "stronghold", "strongholds", "territory", "linked", "affiliated",
    "inspired", "loyal", "held", "controlled", "attack", "attacks",
]  # fmt: skip
CONTEXTS: dict[str, dict[str, object]] = {
    # "IS" only with group words right next to it, or when the article names IS otherwise.
    "Islamic State": {"aliases": ["IS"], "named": 1, "before": _IS_BEFORE, "after": _IS_AFTER},
    "Afghan Taliban": {
        "aliases": [*_TALIBAN, "Islamic Emirate"],
        "named": 3,
        "cues": {
            "Afghan": 1,
            "Afghans": 1,
            "Afghanistan": 1,
            "Kabul": 2,
            "Kandahar": 2,
            "Helmand": 1,
            "Islamic Emirate": 3,
            "Mullah Omar": 3,
            "Mullah Mohammed Omar": 3,
            "Mullah Muhammad Omar": 3,
            "Akhtar Mansour": 3,
            "Akhtar Mansoor": 3,
            "Mullah Mansour": 3,
            "Haibatullah": 3,
            "Hibatullah": 3,
            "Akhundzada": 3,
            "Baradar": 3,
            "Zabihullah Mujahid": 3,
            "Quetta Shura": 3,
        },
    },  # fmt: skip
    TTP: {
        "aliases": _TALIBAN,
        "named": 3,
        "cues": {
            "Pakistan": 1,
            "Pakistani": 1,
            "Waziristan": 2,
            "Khyber Pakhtunkhwa": 2,
            "FATA": 2,
            "Swat": 2,
            "Bajaur": 2,
            "Mohmand": 2,
            "Peshawar": 1,
            "Fazlullah": 3,
            "Mehsud": 3,
            "Noor Wali": 3,
        },
    },  # fmt: skip
    "Jaysh al-Adl": {
        "aliases": [*_JUNDULLAH, "Jandullah"],
        "named": 3,
        "cues": {
            "Iran": 2,
            "Iranian": 2,
            "Iranians": 2,
            "Sistan": 3,
            "Baluchestan": 3,
            "Zahedan": 3,
            "Saravan": 3,
            "Tehran": 2,
            "Revolutionary Guards": 2,
            "IRGC": 2,
            "Rigi": 3,
        },
    },  # fmt: skip
    "Jundullah (Pakistan)": {
        "aliases": [*_JUNDULLAH, "Jandullah"],
        "named": 3,
        "cues": {
            "Pakistan": 2,
            "Pakistani": 2,
            "Pakistanis": 2,
            "Karachi": 2,
            "Peshawar": 2,
            "Khyber Pakhtunkhwa": 2,
            "Waziristan": 2,
            "TTP": 2,
        },
    },  # fmt: skip
}


def build_gazetteer(
    records: list[dict],
    *,
    extra_aliases: dict[str, tuple[str, ...]] = EXTRA_ALIASES,
    extra_flags: dict[str, dict[str, dict[str, object]]] = EXTRA_FLAGS,
    contexts: dict[str, dict[str, object]] = CONTEXTS,
    blockers: list[dict[str, object]] = BLOCKERS,
) -> dict:
    """Return gazetteer.json data for the groups.json `records` with the overrides above applied.

    Raises GazetteerError for a malformed record or an override naming a missing group or alias.
    """
    for record in records:
        if not (isinstance(record, dict) and {"name", "aliases"} <= record.keys()):
            raise GazetteerError(f"a groups.json record lacks 'name' or 'aliases': {record!r:.80}")
    by_name = {record["name"]: record for record in records}
    unknown = sorted({*extra_aliases, *extra_flags, *contexts} - set(by_name))
    if unknown:
        raise GazetteerError(f"overrides for unknown groups {unknown}; fix gazetteer_build.py")
    groups = []
    for name in sorted(by_name, key=str.casefold):
        group = _build_group(by_name[name], extra_aliases.get(name, ()), extra_flags.get(name, {}))
        if name in contexts:
            context = contexts[name]
            group["context"] = {
                k: sorted(v) if isinstance(v, list) else v for k, v in context.items()
            }
        groups.append(group)
    return {"about": ABOUT, "blockers": blockers, "groups": groups}


def _build_group(
    record: dict, extra_aliases: tuple[str, ...], extra_flags: dict[str, dict[str, object]]
) -> dict:
    name = record["name"]
    aliases = list(dict.fromkeys([*record["aliases"], *extra_aliases]))
    flags: dict[str, dict[str, object]] = defaultdict(dict)
    for alias, flag in record.get("alias_flags", {}).items():
        flags[alias].update({k: v for k, v in flag.items() if k in KEPT_FLAGS and v})
    for alias, flag in extra_flags.items():
        if alias not in aliases:
            raise GazetteerError(f"override flags unknown alias {alias!r} of {name!r}")
        flags[alias].update(flag)
    # Spellings that differ only in hyphens, spaces or apostrophes ("Al-Badr", "Al Badr") are one
    # name to the matcher, so they must agree on "ambiguous"; the list sometimes flags only one.
    same: dict[str, list[str]] = defaultdict(list)
    for alias in aliases:
        sensitive = bool(flags[alias].get("case_sensitive")) or is_auto_case_sensitive(alias)
        same[alias_key(alias, sensitive) + " cs" * sensitive].append(alias)  # "LeT" is not "LET"
    for variants in same.values():
        if any(flags[a].get("ambiguous") for a in variants):
            for alias in variants:
                flags[alias]["ambiguous"] = True
    return {
        "name": name,
        "short": record.get("short"),
        "aliases": sorted(aliases, key=lambda a: (a.casefold(), a)),
        "alias_flags": {a: _sorted_flag(f) for a, f in sorted(flags.items()) if f},
        "parent": record.get("parent"),
        "related_parents": sorted(record.get("related_parents") or []),
    }


def _sorted_flag(flag: dict[str, object]) -> dict[str, object]:
    return {k: sorted(v) if k == "also" else v for k, v in flag.items()}


def write_gazetteer(source: Path, dest: Path) -> int:
    """Build and validate the gazetteer, write it to `dest`; return the number of groups."""
    try:
        records = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GazetteerError(
            f"no reference list at {source}; pass the path to groups.json"
        ) from None
    except json.JSONDecodeError as err:
        raise GazetteerError(f"{source}, line {err.lineno}: invalid JSON ({err.msg})") from None
    data = build_gazetteer(records)
    parse_gazetteer(data, source=str(dest))  # refuse to write a gazetteer the tagger rejects
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    dest.write_text(text, encoding="utf-8")
    return len(data["groups"])


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m corpus.gazetteer_build", description=__doc__)
    parser.add_argument("source", type=Path, help="the shared groups.json")
    parser.add_argument("dest", type=Path, help="where to write gazetteer.json")
    args = parser.parse_args(argv)
    try:
        count = write_gazetteer(args.source, args.dest)
    except GazetteerError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 1
    print(f"wrote {count} groups to {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
