"""Word folding shared by indexing, querying and highlighting: case, accents, apostrophes,
transliteration variants and plurals, so that al-Qa'ida, al Qaeda and al-Qaida meet."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

# A word: letters/digits, with inner apostrophes kept so "Qa'ida" stays one word.
WORD_PATTERN = r"\w+(?:['’ʼ‘]\w+)*"
_WORD = re.compile(WORD_PATTERN)
_APOSTROPHES = re.compile(r"['’ʼ‘]")
_POSSESSIVE = re.compile(r"['’ʼ‘]s$")

# Common transliteration variants of names in this field, folded to one spelling.
# Applied after case, accent and apostrophe folding. Keep entries lower-case.
TRANSLITERATIONS: dict[str, str] = {
    "qaeda": "qaida",
    "qeada": "qaida",
    "qaedah": "qaida",
    "qaidah": "qaida",
    "tehreek": "tehrik",
    "tahrik": "tehrik",
    "tahreek": "tehrik",
    "tehrike": "tehrik",
    "jhangavi": "jhangvi",
    "jhangwi": "jhangvi",
    "jundallah": "jundullah",
    "jundollah": "jundullah",
    "jandullah": "jundullah",
    "taleban": "taliban",
    "talibaan": "taliban",
    "daish": "daesh",
    "daech": "daesh",
    "lashkare": "lashkar",
    "laskhar": "lashkar",
    "khilafat": "khilafah",
    "khilafa": "khilafah",
    "mohammed": "muhammad",
    "mohammad": "muhammad",
    "muhammed": "muhammad",
    "mohamed": "muhammad",
    "jaish": "jaysh",
    # the connective of Urdu/Persian compound names: Tehrik-i-Taliban = Tehrik-e-Taliban
    "i": "e",
    "mujahidin": "mujahideen",
    "mujahedeen": "mujahideen",
    "mujahedin": "mujahideen",
    "shabab": "shabaab",
    "hizbullah": "hezbollah",
    "hizballah": "hezbollah",
    "hezbullah": "hezbollah",
    "houthi": "huthi",
    "huthis": "huthi",
    "houthis": "huthi",
    "baluchistan": "balochistan",
    "baluch": "baloch",
    "quran": "koran",
}

# Plural endings we strip: "attacks" -> "attack", "militias" -> "militia", "parties" -> "party".
_KEEP_S = ("ss", "is", "us", "ys", "as", "os")


@functools.lru_cache(maxsize=1 << 18)  # pure, and news vocabulary repeats: fold each word once
def fold_word(word: str) -> str:
    """Return the folded form of one word (never empty for a word of letters or digits)."""
    if word.isascii() and "'" not in word:
        word = word.lower()  # what the steps below do to ASCII without an apostrophe, faster
    else:
        word = _POSSESSIVE.sub("", word)
        word = _APOSTROPHES.sub("", word)
        word = unicodedata.normalize("NFKD", word)
        word = "".join(ch for ch in word if not unicodedata.combining(ch)).casefold()
    word = TRANSLITERATIONS.get(word, word)
    return _fold_plural(word)


def _fold_plural(word: str) -> str:
    if len(word) <= 3 or not word.endswith("s") or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(_KEEP_S):
        return word
    return TRANSLITERATIONS.get(word[:-1], word[:-1])


def iter_words(text: str):
    """Yield (word, start, end) for every word of `text`, offsets into `text`."""
    for match in _WORD.finditer(text):
        yield match.group(), match.start(), match.end()


def words(text: str) -> list[str]:
    """Return the words of `text` in order, as `iter_words` finds them (an inner apostrophe may
    come back as "'": folding drops it either way)."""
    spaced = spaced_words(text)
    return _WORD.findall(text) if spaced is None else spaced.split()


def fold_words(text: str) -> list[str]:
    """Return the folded words of `text`, in order."""
    return list(map(fold_word, words(text)))


# Every ASCII character that cannot be in a word, made a space.
_ASCII_GAPS = str.maketrans(
    {chr(code): " " for code in range(128) if not (chr(code).isalnum() or chr(code) in "_'")}
)
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")  # removed, they leave the characters outside ASCII
_OTHER_APOSTROPHES = frozenset("’ʼ‘")


def spaced_words(text: str) -> str | None:
    """Return `text` with every character outside a word made a space and inner apostrophes
    made "'": the same length, so offsets hold, and its `split()` is the words of `iter_words`.
    None when the text has letters or digits outside ASCII, which only the word pattern finds
    as fast (`iter_words`).

    The word pattern runs in Python's regular-expression engine at ~80 ns a character, a third
    of indexing an article and most of marking its snippets; this runs in C at a third of that."""
    if not text.isascii():
        for char in set(_ASCII_RUNS.sub("", text)):
            if char.isalnum():  # `\w` is "_" and what isalnum() takes
                return None
            text = text.replace(char, "'" if char in _OTHER_APOSTROPHES else " ")
    return keep_inner_apostrophes(text.translate(_ASCII_GAPS))


def keep_inner_apostrophes(spaced: str) -> str:
    """Return a spaced text with each "'" kept between two characters that are not spaces (an
    apostrophe belongs to a word only there) and made a space elsewhere; the same length."""
    if "'" not in spaced:
        return spaced
    parts = spaced.split("'")
    joined = [parts[0]]
    for before, after in itertools.pairwise(parts):
        inner = before[-1:] not in ("", " ") and after[:1] not in ("", " ")
        joined.append("'" if inner else " ")
        joined.append(after)
    return "".join(joined)
