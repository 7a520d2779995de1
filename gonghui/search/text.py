"""Chinese text made searchable: jieba's words, names by their characters and pinyin, and the
snippet a hit is shown with.

A record's text is stored as its words separated by spaces; both databases then only split on
spaces (SQLite FTS5's unicode61, PostgreSQL's 'simple' configuration). A query is cut the same
way, so a two-character word (食堂, 提案) is a word on both sides. Tokens are lower-case letter
or digit runs of one script: the databases' own parsers would split a mixed run differently
from the query.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PIECE = re.compile(rf"[{_HAN}]+|[^\W_{_HAN}]+")
# Words that are in nearly every record and say nothing about which one is meant.
_STOP = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "在",
        "是",
        "对",
        "将",
        "把",
        "被",
        "等",
        "之",
        "其",
        "于",
        "为",
        "也",
        "都",
        "就",
        "而",
        "并",
        "啊",
        "吗",
        "呢",
        "吧",
    ]
)
MAX_QUERY_WORDS = 8


@functools.cache
def _jieba():
    """jieba builds its dictionary (~0.7 s) on first use: once per process, and only in the
    processes that search or index."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def _pieces(word: str) -> list[str]:
    return _PIECE.findall(word)


def tokens(text: str) -> list[str]:
    """The words of a text as stored: jieba's search cut (a long word and the words inside it:
    职工食堂 gives 职工, 食堂, 职工食堂), split into single-script runs, stop words dropped."""
    # One regular expression over the joined words, not one per word: a quarter of the time.
    words = " ".join(_jieba().cut_for_search(normalise(text)))
    return [piece for piece in _PIECE.findall(words) if piece not in _STOP]


def token_text(*texts: str) -> str:
    return " ".join(token for text in texts if text for token in tokens(text))


def term_text(terms) -> str:
    """Words given as they are (a name's pinyin and parts, a number): split into single-script
    runs like the rest, not cut again by jieba."""
    return " ".join(piece for term in terms for piece in _PIECE.findall(normalise(term)))


def name_terms(name: str) -> list[str]:
    """A person's name as searched for: every run of its characters (so the middle of a name
    finds it), its pinyin in full and by initials (张伟: zhangwei, zw), a surname read several
    ways (单: dan, shan, chan) under each reading."""
    from pypinyin import Style, lazy_pinyin, pinyin

    name = normalise(name).replace(" ", "").replace("·", "")
    if not name:
        return []
    runs = {name[i:j] for i in range(len(name)) for j in range(i + 1, len(name) + 1)}
    given = lazy_pinyin(name[1:], errors="ignore")
    surnames = pinyin(name[0], heteronym=True, style=Style.NORMAL, errors="ignore")[0] if _is_han(name[0]) else []
    terms = set()
    for surname in surnames or [name[0]]:
        syllables = [surname, *given]
        terms.add("".join(syllables))
        terms.add("".join(s[0] for s in syllables if s))
        terms.add("".join(given))
    return [t for t in (*sorted(runs), *sorted(terms)) for t in _pieces(t)]


def _is_han(char: str) -> bool:
    return bool(re.match(rf"[{_HAN}]", char))


@dataclass(frozen=True)
class Query:
    """What was asked, as words that must all be present. A word jieba would also store split
    (职工食堂) matches either whole or as its parts; a Latin or digit word at the end matches as a
    prefix (zhang → zhangwei, TA-2024 → TA-2024-0003), as people type."""

    text: str
    words: tuple[tuple[str, tuple[str, ...]], ...]  # (word, its parts)
    prefix_last: bool

    def __bool__(self) -> bool:
        return bool(self.words)

    @property
    def marks(self) -> list[str]:
        """What to highlight in a snippet: the words and their parts, longest first."""
        found = {w for word, parts in self.words for w in (word, *parts)}
        return sorted(found, key=len, reverse=True)

    def in_title(self, title: str) -> int:
        """How many of the words the title holds (whole, or all of its parts): a hit whose
        title says what was asked ranks above one that mentions it in passing."""
        title = normalise(title)
        return sum(1 for word, parts in self.words if word in title or (parts and all(p in title for p in parts)))

    def fts5(self, *, any_word: bool = False) -> str:
        clauses = []
        for i, (word, parts) in enumerate(self.words):
            star = "*" if self.prefix_last and i == len(self.words) - 1 else ""
            whole = f'"{word}"{star}'
            clauses.append(f"({whole} OR ({' AND '.join(f'"{p}"' for p in parts)}))" if parts else whole)
        return (" OR " if any_word else " AND ").join(clauses)

    def tsquery(self, *, any_word: bool = False) -> str:
        clauses = []
        for i, (word, parts) in enumerate(self.words):
            star = ":*" if self.prefix_last and i == len(self.words) - 1 else ""
            whole = f"'{word}'{star}"
            clauses.append(f"({whole} | ({' & '.join(f"'{p}'" for p in parts)}))" if parts else whole)
        return (" | " if any_word else " & ").join(clauses)


def parse_query(text: str) -> Query:
    text = normalise(text).strip()
    words: list[tuple[str, tuple[str, ...]]] = []
    seen = set()
    for word in _jieba().cut(text):
        for piece in _pieces(word):
            if piece in _STOP or piece in seen:
                continue
            seen.add(piece)
            parts = tuple(p for p in _pieces(" ".join(_jieba().cut_for_search(piece))) if p != piece)
            words.append((piece, parts if len(parts) > 1 else ()))
    words = words[:MAX_QUERY_WORDS]
    ends_latin = bool(words) and bool(re.fullmatch(r"[a-z0-9]+", words[-1][0])) and bool(re.search(r"[a-z0-9]$", text))
    return Query(text=text, words=tuple(words), prefix_last=ends_latin)


def snippet(text: str, query: Query, width: int = 80) -> SafeString:
    """The part of the text around the first word asked for, the words marked; escaped."""
    text = " ".join((text or "").split())
    marks = [m for m in query.marks if m]
    lowered = normalise(text)
    # NFKC keeps the length of Chinese and Latin text, so positions in the lowered copy hold.
    if len(lowered) != len(text):
        lowered = text.lower()
    first = min((i for i in (lowered.find(m) for m in marks) if i >= 0), default=0)
    start = max(0, first - width // 4)
    part, low = text[start : start + width], lowered[start : start + width]
    pattern = re.compile("|".join(re.escape(m) for m in marks)) if marks else None
    out, at = [], 0
    for found in pattern.finditer(low) if pattern else ():
        out += [escape(part[at : found.start()]), f"<mark>{escape(part[found.start() : found.end()])}</mark>"]
        at = found.end()
    out.append(escape(part[at:]))
    return mark_safe(("…" if start else "") + "".join(out) + ("…" if start + width < len(text) else ""))
