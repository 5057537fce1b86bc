"""Alias-aware search: a query that names a group by any alias also finds the articles about
that group under its other names, and each hit says which names matched."""

from __future__ import annotations

from dataclasses import dataclass

from corpus.fold import fold_words
from corpus.groups import Gazetteer, Mention
from index.query import And, Node, Not, Or, Phrase, Term

MAX_ALIASES_PER_GROUP = 12  # alias phrases a named group may add to a query (shortest first)
MAX_ALIAS_WORDS = 5  # longer official names are left to the group tag, which covers them
MAX_MATCHED_ALIASES = 10


@dataclass(frozen=True, slots=True)
class Expansion:
    """The query tree with group names expanded, and the groups the query named."""

    tree: Node
    groups: tuple[str, ...]


def expand_aliases(tree: Node, gazetteer: Gazetteer) -> Expansion:
    """Return the tree where every group name (by any alias) also matches the group's tag and
    its other unambiguous names; `group:` values given as an alias become canonical names."""
    named: list[str] = []
    expanded = _expand(tree, gazetteer, named)
    return Expansion(expanded, tuple(dict.fromkeys(named)))


def _expand(node: Node, gazetteer: Gazetteer, named: list[str]) -> Node:
    if isinstance(node, And):
        return And(tuple(_expand_run(list(node.children), gazetteer, named)))
    if isinstance(node, Or):
        return Or(tuple(_expand(child, gazetteer, named) for child in node.children))
    if isinstance(node, Not):
        return Not(_expand(node.child, gazetteer, named))
    if isinstance(node, Term) and node.field is None:
        children = _expand_run([node], gazetteer, named)
        return children[0] if len(children) == 1 else And(tuple(children))
    if isinstance(node, Phrase) and node.field is None and node.slop == 0:
        mention = _whole_mention(node.text, gazetteer)
        if mention:
            named.append(mention.group)
            return _group_choice(node, mention.group, gazetteer)
    if isinstance(node, Term | Phrase) and node.field == "group":
        mention = _whole_mention(node.text, gazetteer)
        if mention and node.text not in gazetteer.groups:
            return Term(mention.group, "group")
    return node


def _expand_run(children: list[Node], gazetteer: Gazetteer, named: list[str]) -> list[Node]:
    """Expand group names spelled over consecutive plain words ("al Qaida", "Daesh")."""
    out: list[Node] = []
    run: list[Term] = []
    for child in [*children, None]:
        if isinstance(child, Term) and child.field is None:
            run.append(child)
            continue
        out.extend(_expand_words(run, gazetteer, named))
        run = []
        if child is not None:
            out.append(_expand(child, gazetteer, named))
    return out


def _expand_words(run: list[Term], gazetteer: Gazetteer, named: list[str]) -> list[Node]:
    if not run:
        return []
    starts, text = [], ""
    for term in run:
        starts.append(len(text) + (1 if text else 0))
        text = f"{text} {term.text}" if text else term.text
    ends = [start + len(term.text) for start, term in zip(starts, run, strict=True)]
    mentions = _mentions(text, gazetteer)
    out: list[Node] = []
    position = 0
    for mention in mentions:
        if mention.start not in starts or mention.end not in ends:
            continue  # the name covers parts of words only: leave the words as they are
        first, last = starts.index(mention.start), ends.index(mention.end)
        if first < position:
            continue
        out.extend(run[position:first])
        words = " ".join(term.text for term in run[first : last + 1])
        original: Node = run[first] if first == last else Phrase(words)
        out.append(_group_choice(original, mention.group, gazetteer))
        named.append(mention.group)
        position = last + 1
    out.extend(run[position:])
    return out


def _mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    found = gazetteer.mentions(text)
    if not found and text.isalpha() and len(text) >= 4 and not text.isupper():
        # A query typed in lower case ("isis") may name an upper-case acronym (ISIS).
        found = [m for m in gazetteer.mentions(text.upper()) if m.start == 0 and m.end == len(text)]
    return found


def _whole_mention(text: str, gazetteer: Gazetteer) -> Mention | None:
    found = _mentions(text, gazetteer)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(text):
        return found[0]
    return None


def _group_choice(original: Node, group: str, gazetteer: Gazetteer) -> Node:
    """Return original words OR the group's tag OR any of its unambiguous names."""
    choices: list[Node] = [original, Term(group, "group")]
    seen = {tuple(fold_words(original.text))}  # type: ignore[union-attr]
    entry = gazetteer.groups[group]
    for alias in sorted(entry.aliases, key=lambda name: (len(name.split()), name)):
        if alias in entry.ambiguous or alias in entry.case_sensitive or alias.isupper():
            continue  # short acronyms fold to common words ("IS" → "is"): the tag covers them
        words = tuple(fold_words(alias))
        if not words or words in seen or len(words) > MAX_ALIAS_WORDS:
            continue
        seen.add(words)
        choices.append(Phrase(alias) if len(words) > 1 else Term(alias))
        if len(choices) >= MAX_ALIASES_PER_GROUP:
            break
    return Or(tuple(choices))


def matched_aliases(
    title: str, text: str, groups: tuple[str, ...], gazetteer: Gazetteer
) -> list[str]:
    """Return the names (as the article writes them) of the query's groups found in a hit."""
    if not groups:
        return []
    wanted = set(groups)
    names: list[str] = []
    for mention in gazetteer.mentions(title + "\n\n" + text):
        if mention.group in wanted and mention.text not in names:
            names.append(" ".join(mention.text.split()))
            if len(names) >= MAX_MATCHED_ALIASES:
                break
    return list(dict.fromkeys(names))


def with_branches(groups: tuple[str, ...], gazetteer: Gazetteer) -> tuple[str, ...]:
    """Return the groups with every branch below them (their children, children's children)."""
    children: dict[str, list[str]] = {}
    for group in gazetteer.groups.values():
        if group.parent:
            children.setdefault(group.parent, []).append(group.name)
    found = list(groups)
    queue = list(groups)
    while queue:
        for child in children.get(queue.pop(), ()):
            if child not in found:
                found.append(child)
                queue.append(child)
    return tuple(found)
