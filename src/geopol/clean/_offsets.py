"""Edits of a text that remember where every character came from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``original[start:end]`` by ``text`` (an insertion when start == end)."""

    start: int
    end: int
    text: str
    why: str


@dataclass(frozen=True)
class AlignedText:
    """A cleaned text and, for each of its characters, the original span it came from."""

    original: str
    text: str
    _starts: tuple[int, ...]
    _ends: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the cleaned text to the original text."""
        if not self.text:
            return (0, 0)
        start = min(max(start, 0), len(self.text))
        end = min(max(end, start), len(self.text))
        if start == end:
            pos = self._starts[start] if start < len(self.text) else len(self.original)
            return (pos, pos)
        o_start, o_end = self._starts[start], self._ends[end - 1]
        return (o_start, max(o_start, o_end))

    @property
    def changed(self) -> bool:
        return self.text != self.original


def apply_edits(original: str, edits: list[Edit]) -> tuple[AlignedText, list[Edit]]:
    """Apply the edits that do not overlap an earlier one (list order is priority).

    Returns the aligned text and the edits that were applied, in text order.
    """
    accepted: list[Edit] = []
    for e in edits:
        if any(
            (e.start < a.end and a.start < e.end)
            or (e.start == e.end and a.start < e.start < a.end)
            or (a.start == a.end and e.start < a.start < e.end)
            or (e.start == e.end == a.start == a.end)
            for a in accepted
        ):
            continue
        accepted.append(e)
    accepted.sort(key=lambda e: (e.start, e.end))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for e in accepted:
        for i in range(pos, e.start):  # untouched characters map one to one
            starts.append(i)
            ends.append(i + 1)
        out.append(original[pos : e.start])
        n_old, n_new = e.end - e.start, len(e.text)
        if n_old == n_new:  # same length (case, quotes): one to one
            starts.extend(range(e.start, e.end))
            ends.extend(range(e.start + 1, e.end + 1))
        else:  # insertion, deletion or collapse: every new char covers the whole old span
            starts.extend([e.start] * n_new)
            ends.extend([e.end] * n_new)
        out.append(e.text)
        pos = e.end
    for i in range(pos, len(original)):
        starts.append(i)
        ends.append(i + 1)
    out.append(original[pos:])
    return AlignedText(original, "".join(out), tuple(starts), tuple(ends)), accepted
