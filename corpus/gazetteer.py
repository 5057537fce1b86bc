"""The gazetteer as data: read gazetteer.json and validate it into Group records.

The matcher that uses these records is `corpus.groups`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DEFAULT_GAZETTEER = Path(__file__).with_name("gazetteer.json")
BUILD_COMMAND = "python -m corpus.gazetteer_build ../shared/data/groups/groups.json"


class GazetteerError(ValueError):
    """The gazetteer is missing or invalid, or a group name is unknown; the message says the fix."""


@dataclass(frozen=True, slots=True)
class Context:
    """Evidence that lets an ambiguous alias tag this group (the rules are in gazetteer.json)."""

    aliases: tuple[str, ...] = ()
    cues: tuple[tuple[str, int], ...] = ()
    named: int = 0
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Group:
    """One organisation of the gazetteer. `name` is the canonical facet value."""

    name: str
    short: str | None
    aliases: tuple[str, ...]
    parent: str | None
    related_parents: tuple[str, ...] = ()
    ambiguous: frozenset[str] = frozenset()
    case_sensitive: frozenset[str] = frozenset()  # as flagged (short all-caps ones are anyway)
    typos: frozenset[str] = frozenset()
    also: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (alias, other groups it can mean)
    context: Context | None = None


def read_gazetteer(path: Path) -> object:
    """Return the decoded JSON at `path`; raises GazetteerError if it is missing or invalid."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GazetteerError(
            f"no gazetteer at {path}; build it with: {BUILD_COMMAND} {path}"
        ) from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as err:
        raise GazetteerError(
            f"{path}, line {err.lineno}, column {err.colno}: invalid JSON ({err.msg})"
        ) from None


def parse_groups(data: object, source: str) -> tuple[list[Group], list[tuple[str, bool]]]:
    """Return the groups and (phrase, case-sensitive) blockers of decoded gazetteer.json data."""
    _require(
        isinstance(data, dict) and isinstance(data.get("groups"), list),
        f"{source}: expected an object with a 'groups' list; build it with {BUILD_COMMAND}",
    )
    blockers = []
    for item in data.get("blockers", []):
        ok = isinstance(item, dict) and isinstance(item.get("phrase"), str)
        _require(ok, f"{source}: each blocker must be an object with a 'phrase' string: {item!r}")
        blockers.append((item["phrase"], bool(item.get("case_sensitive"))))
    return [_parse_group(item, source) for item in data["groups"]], blockers


def index_groups(groups: list[Group], source: str) -> dict[str, Group]:
    """Return the groups by name; raises GazetteerError on a duplicate or an unknown reference."""
    by_name: dict[str, Group] = {}
    for group in groups:
        if group.name in by_name:
            raise GazetteerError(f"{source}: group {group.name!r} is defined twice; merge them")
        by_name[group.name] = group
    for group in by_name.values():
        named = [("parent", group.parent)] if group.parent else []
        named += [("related parent", name) for name in group.related_parents]
        named += [("'also' group", name) for _, names in group.also for name in names]
        for role, name in named:
            if name not in by_name:
                raise GazetteerError(
                    f"{source}: group {group.name!r} has unknown {role} {name!r}; "
                    f"add a group named {name!r} or correct the {role}"
                )
    return by_name


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise GazetteerError(message)


def _strings(value: object, where: str) -> tuple[str, ...]:
    ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    _require(ok, f"{where} must be a list of strings, not {value!r}")
    return tuple(value)


def _parse_group(item: object, source: str) -> Group:
    ok = isinstance(item, dict) and isinstance(item.get("name"), str)
    _require(ok, f"{source}: each group must be an object with a 'name' string: {item!r}"[:200])
    name = item["name"]
    where = f"{source}: group {name!r}:"
    aliases = _strings(item.get("aliases", []), f"{where} 'aliases'")
    flags = item.get("alias_flags", {})
    _require(isinstance(flags, dict), f"{where} 'alias_flags' must be an object")
    for alias, flag in flags.items():
        _require(alias in aliases, f"{where} alias_flags names {alias!r}, not one of its aliases")
        _require(isinstance(flag, dict), f"{where} the flags of {alias!r} must be an object")
    also = tuple(
        (alias, _strings(flag["also"], f"{where} 'also' of {alias!r}"))
        for alias, flag in flags.items()
        if flag.get("also")
    )
    context = item.get("context")
    if context is not None:
        _require(isinstance(context, dict), f"{where} 'context' must be an object")
        cues = context.get("cues", {})
        ok = isinstance(cues, dict) and all(type(w) is int for w in cues.values())
        _require(ok, f"{where} context 'cues' must map phrases to whole-number weights")
        _require(type(context.get("named", 0)) is int, f"{where} context 'named' must be a number")
        context = Context(
            aliases=_strings(context.get("aliases", []), f"{where} context 'aliases'"),
            cues=tuple(cues.items()),
            named=context.get("named", 0),
            before=_strings(context.get("before", []), f"{where} context 'before'"),
            after=_strings(context.get("after", []), f"{where} context 'after'"),
        )
    return Group(
        name=name,
        short=item.get("short"),
        aliases=aliases,
        parent=item.get("parent"),
        related_parents=_strings(item.get("related_parents") or [], f"{where} 'related_parents'"),
        ambiguous=frozenset(a for a, f in flags.items() if f.get("ambiguous")),
        case_sensitive=frozenset(a for a, f in flags.items() if f.get("case_sensitive")),
        typos=frozenset(a for a, f in flags.items() if f.get("typo")),
        also=also,
        context=context,
    )
