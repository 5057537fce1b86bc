"""Spellings one edit away, for did-you-mean on both engines: typos rarely touch a word's
first two letters, so both keep them."""

from __future__ import annotations


def one_edit_away(word: str) -> set[str]:
    """Return the spellings one deletion, insertion, substitution or transposition away from
    `word` that keep its first two letters."""
    letters = set("abcdefghijklmnopqrstuvwxyz") | set(word)
    head, tail = word[:2], word[2:]
    found: set[str] = set()
    for i in range(len(tail) + 1):
        left, right = tail[:i], tail[i:]
        found.update(head + left + letter + right for letter in letters)
        if right:
            found.add(head + left + right[1:])
            found.update(head + left + letter + right[1:] for letter in letters)
        if len(right) > 1:
            found.add(head + left + right[1] + right[0] + right[2:])
    found.discard(word)
    return found


def is_one_edit(first: str, second: str) -> bool:
    """Return whether two different words are one deletion, insertion, substitution or
    transposition of neighbours apart."""
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    if len(first) > len(second):
        first, second = second, first
    i = 0
    while i < len(first) and first[i] == second[i]:
        i += 1
    if len(first) < len(second):
        return first[i:] == second[i + 1 :]
    if first[i + 1 :] == second[i + 1 :]:
        return True
    return first[i : i + 2] == second[i : i + 2][::-1] and first[i + 2 :] == second[i + 2 :]
