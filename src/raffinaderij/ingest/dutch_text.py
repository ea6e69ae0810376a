"""Dutch document intelligence, offline: rules and gazetteers (dutch_text.yaml), no model.

`find(text)` returns every mention as a Span with its character offsets, so the document view
can highlight it: organisations (police units, ministries, services, courts, and organisations
already stored), laws and articles (`Wpg art. 8`, `Bpg art. 2:11`, `Sr art. 311`), ECLI numbers,
persons by Dutch pattern (a title or role before the name, initials, a known given name; with
particles), dates (Dutch month names), places, plates, IBANs (mod-97), phones, postcodes (only
real ones: `2023 in` is a year and a word), BSNs (11-proef) and e-mail addresses.
Overlapping candidates resolve to the longest; ties go to the kind listed first in _PRIORITY.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from raffinaderij.model.normalise import clean_email
from raffinaderij.model.normalise.address import clean_postcode
from raffinaderij.model.normalise.bsn import is_valid_bsn
from raffinaderij.model.normalise.dates import MONTHS
from raffinaderij.model.normalise.phones import clean_phone
from raffinaderij.model.normalise.plates import clean_plate
from raffinaderij.yamlfile import read_yaml

__all__ = ["KINDS", "Span", "find"]

KINDS = (
    "ecli", "law", "organisation", "iban", "email", "phone", "plate", "postcode", "bsn", "date",
    "place", "person",
)  # fmt: skip
_PRIORITY = {k: i for i, k in enumerate(KINDS)}
_GAZETTEER = Path(__file__).with_name("dutch_text.yaml")
_L = "A-Za-zÀ-ÖØ-öø-ÿĀ-ſ"  # letters, accented ones too (Latin-1 and Extended-A: ş, ć, ł)
_UP = "A-ZÀ-ÖØ-ÞŞŠŽĆČŁ"
_LOW = "a-zß-öø-ÿĀ-ſ"


@dataclass(frozen=True)
class Span:
    kind: str
    start: int
    end: int
    text: str
    value: str  # canonical form: 'AIVD', 'Wpg art. 8', 'ECLI:NL:HR:2020:1234', 'J. de Vries'


def _alias(alias: str) -> str:
    """An alias as a pattern: an abbreviation matches in its own case; a word-led name may
    start lower- or upper-case ('ministerie'/'Ministerie'); inner spaces are any whitespace."""
    body = r"\s+".join(re.escape(w) for w in alias.split())
    first = alias[0]
    if first.isalpha() and not alias.isupper() and not alias[:2].isupper():
        body = f"[{first.upper()}{first.lower()}]" + body[len(re.escape(first)) :]
    return body


def _names(aliases: Iterable[str]) -> str:
    return "|".join(_alias(a) for a in sorted(set(aliases), key=len, reverse=True))


def _bounded(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![{_L}\d-])(?:{pattern})(?![{_L}\d])")


@dataclass(frozen=True)
class _Rules:
    orgs: re.Pattern[str]
    org_value: dict[str, str]
    units: re.Pattern[str]
    courts: re.Pattern[str]
    law_article: re.Pattern[str]
    article_after: re.Pattern[str]
    law: re.Pattern[str]
    law_value: dict[str, str]
    titled: re.Pattern[str]
    initials: re.Pattern[str]
    given: re.Pattern[str]
    places: re.Pattern[str]
    dates: re.Pattern[str]


def _key(text: str) -> str:
    return " ".join(text.lower().split())


@cache
def _rules() -> _Rules:
    raw: dict[str, Any] = read_yaml(_GAZETTEER, "the gazetteer")
    org_value = {_key(a): name for name, aliases in raw["organisations"].items() for a in aliases}
    law_value = {_key(a): code for code, aliases in raw["laws"].items() for a in aliases}
    laws = _names(law_value_aliases := [a for aliases in raw["laws"].values() for a in aliases])
    del law_value_aliases
    num = r"\d+(?::\d+)?[a-z]{0,2}"
    lid = (
        r"(?:\s*,?\s*(?:(?:eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende|tiende"
        r"|\d+e)\s+lid|lid\s+\d+))?(?:\s*,?\s*(?:onder|sub)\s+[a-z0-9]+)?"
    )
    particle = r"(?:[Vv]an\s+der|[Vv]an\s+den|[Vv]an\s+de|[Vv]an\s+'t|[Ii]n\s+'t|[Oo]p\s+de|[Tt]er|[Tt]en|[Vv]an|[Dd]e|[Dd]en|[Dd]er|'t|[Ll]a|[Ll]e|[Dd]u|[Vv]on)"
    cap = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
    surname = rf"(?:{particle}\s+)*{cap}"
    titles = _names(raw["person_titles"])
    given = _names(raw["given_names"])
    months = "|".join(sorted(MONTHS, key=len, reverse=True))
    return _Rules(
        orgs=_bounded(_names(org_value_aliases(raw))),
        org_value=org_value,
        units=_bounded(
            rf"(?:[Pp]olitie[- ]?[Ee]enheid|[Ee]enheid)\s+({_names(raw['police_units'])})"
        ),
        courts=_bounded(rf"([Rr]echtbank|[Gg]erechtshof)\s+({_names(raw['courts'])})"),
        law_article=_bounded(
            rf"(?:[Aa]rtikel(?:en)?|[Aa]rt\.)\s*({num}){lid}\s*,?\s*(?:van\s+(?:de|het)\s+)?({laws})"
        ),
        article_after=_bounded(rf"({laws})\s*,?\s*(?:(?:[Aa]rtikel|[Aa]rt\.)\s*({num})|(\d+:\d+))"),
        law=_bounded(laws),
        law_value=law_value,
        titled=_bounded(rf"(?:{titles})\s+((?:(?:[{_UP}]\.\s?){{1,5}}\s*)?(?:{cap}\s+)?{surname})"),
        initials=_bounded(rf"((?:[{_UP}]\.\s?){{1,5}}(?:[{_UP}][a-z]?\.)?\s*{surname})"),
        given=_bounded(rf"((?:{given})(?:\s+{cap})?\s+{surname})"),
        places=_bounded(_names(raw["places"])),
        dates=re.compile(
            rf"(?<!\d)(?:(\d{{1,2}})\s+({months})\.?\s+(\d{{4}})|(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}})"
            rf"|(\d{{4}})-(\d{{2}})-(\d{{2}})|({months})\s+(\d{{4}}))(?!\d)",
            re.IGNORECASE,
        ),
    )


def org_value_aliases(raw: dict[str, Any]) -> list[str]:
    return [a for aliases in raw["organisations"].values() for a in aliases]


_ECLI = re.compile(r"\bECLI:[A-Z]{2}:[A-Z0-9]{1,7}:\d{4}:[A-Z0-9]{1,25}(?:\.[A-Z0-9]+)*")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b")
_PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)[\s.-]?(?:\(0\)[\s.-]?)?[1-9](?:[\s.-]?\d){8}(?!\d)")
_PLATE = re.compile(r"\b[A-Z0-9]{1,3}-[A-Z0-9]{1,3}-[A-Z0-9]{1,3}\b")
# Case-sensitive on purpose: "2023 in" is a year and a word. SA, SD and SS are never issued.
_POSTCODE = re.compile(r"(?<![\d.,])\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b(?![\w-])")
_BSN = re.compile(r"(?<![\d.])(\d{4}\.\d{2}\.\d{3}|\d{9})(?!\d|\.\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _iban_ok(raw: str) -> bool:
    s = raw.replace(" ", "")
    if not 15 <= len(s) <= 34:
        return False
    moved = s[4:] + s[:4]
    digits = "".join(str(int(c, 36)) for c in moved)
    return int(digits) % 97 == 1


def _date(m: re.Match[str]) -> str | None:
    g = m.groups()
    try:
        if g[0]:
            day, month, year = int(g[0]), MONTHS[g[1].lower()], int(g[2])
        elif g[3]:
            day, month, year = int(g[3]), int(g[4]), int(g[5])
        elif g[6]:
            year, month, day = int(g[6]), int(g[7]), int(g[8])
        else:
            return f"{int(g[10]):04d}-{MONTHS[g[9].lower()]:02d}"
    except (KeyError, ValueError):
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1000 <= year <= 2999):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _clean_person(name: str) -> str:
    return " ".join(name.split()).rstrip(".,")


def find(text: str, *, known_organisations: Iterable[str] = ()) -> list[Span]:
    """Every mention in `text`, non-overlapping, in order of appearance."""
    r = _rules()
    found: list[Span] = []

    def add(kind: str, m: re.Match[str], value: str | None, group: int = 0) -> None:
        if value:
            found.append(Span(kind, m.start(group), m.end(group), m.group(group), value))

    for m in _ECLI.finditer(text):
        add("ecli", m, m.group(0).rstrip("."))
    for m in r.law_article.finditer(text):
        add("law", m, f"{r.law_value[_key(m.group(2))]} art. {m.group(1)}")
    for m in r.article_after.finditer(text):
        add("law", m, f"{r.law_value[_key(m.group(1))]} art. {m.group(2) or m.group(3)}")
    for m in r.law.finditer(text):
        add("law", m, r.law_value[_key(m.group(0))])
    for m in r.units.finditer(text):
        add("organisation", m, f"Politie Eenheid {' '.join(m.group(1).split())}")
    for m in r.courts.finditer(text):
        add("organisation", m, f"{m.group(1).capitalize()} {' '.join(m.group(2).split())}")
    for m in r.orgs.finditer(text):
        add("organisation", m, r.org_value[_key(m.group(0))])
    stored = {_key(n): n for n in known_organisations if len(n) >= 3}
    if stored:
        pattern = _bounded("|".join(re.escape(n) for n in sorted(stored, key=len, reverse=True)))
        for m in re.finditer(pattern.pattern, text, re.IGNORECASE):
            add("organisation", m, stored[_key(m.group(0))])
    for m in _IBAN.finditer(text):
        add("iban", m, m.group(0).replace(" ", "") if _iban_ok(m.group(0)) else None)
    for m in _EMAIL.finditer(text):
        add("email", m, clean_email(m.group(0).rstrip(".")))
    for m in _PHONE.finditer(text):
        add("phone", m, clean_phone(m.group(0)))
    upper = text.upper()  # same length: offsets hold
    for m in _PLATE.finditer(upper):
        v = clean_plate(m.group(0))
        if v:
            found.append(Span("plate", m.start(), m.end(), text[m.start() : m.end()], v))
    for m in _POSTCODE.finditer(text):
        add("postcode", m, clean_postcode(m.group(0)))
    for m in _BSN.finditer(text):
        digits = m.group(1).replace(".", "")
        add("bsn", m, digits if is_valid_bsn(digits) else None)
    for m in r.dates.finditer(text):
        add("date", m, _date(m))
    for m in r.places.finditer(text):
        add("place", m, " ".join(m.group(0).split()))
    for pattern in (r.titled, r.initials, r.given):
        for m in pattern.finditer(text):
            add("person", m, _clean_person(m.group(1)), 1)
    return _resolve(found)


def _resolve(spans: list[Span]) -> list[Span]:
    """Keep the longest of overlapping spans (ties: the kind with priority); in text order.

    Person patterns are greedy ("Pieter Bakker van de Landelijke Eenheid"): a person span is
    cut short where another mention starts, and dropped if nothing of a name remains."""
    ranked = sorted(
        (s for s in spans if s.kind != "person"),
        key=lambda s: (-(s.end - s.start), _PRIORITY[s.kind], s.start),
    )
    taken: list[Span] = []
    for s in ranked:
        if all(s.end <= t.start or s.start >= t.end for t in taken):
            taken.append(s)
    for s in sorted((s for s in spans if s.kind == "person"), key=lambda s: s.start - s.end):
        cut = _cut_person(s, taken)
        if cut is not None and all(cut.end <= t.start or cut.start >= t.end for t in taken):
            taken.append(cut)
    return sorted(taken, key=lambda s: (s.start, s.end))


_TRAILING_PARTICLES = re.compile(r"(?:\s+(?:van|de|den|der|het|ter|ten|te|'t|op|in))+\s*$", re.I)


def _cut_person(s: Span, taken: list[Span]) -> Span | None:
    later = [t.start for t in taken if s.start < t.start < s.end]
    if not later:
        return s
    text = _TRAILING_PARTICLES.sub("", s.text[: min(later) - s.start]).rstrip()
    words = text.split()
    if len(words) < 2 and "." not in text:
        return None
    return Span("person", s.start, s.start + len(text), text, _clean_person(text))
