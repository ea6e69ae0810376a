"""Dutch personal names: particles (tussenvoegsels), initials, roepnaam vs official given names.

A Dutch surname such as "van den Berg" sorts and matches on "Berg"; registrations write the
particle as "v.d.", "vd", "V/D" or after a comma ("Berg, van den"). We split it off and give it a
short canonical key ("vd") so the core surname and the particle can be compared separately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unidecode import unidecode

from raffinaderij.model.normalise._vector import vectorise
from raffinaderij.model.normalise.phonetic import dutch_phonetic

__all__ = [
    "PARTICLES",
    "GivenNames",
    "Surname",
    "canonical_given",
    "clean_name",
    "official_initials",
    "clean_name_many",
    "initials",
    "split_full_name",
    "split_given",
    "split_surname",
    "surname_core_many",
    "surname_parts",
]

# Particle words, with the written forms that abbreviate them.
PARTICLES: frozenset[str] = frozenset(
    {
        "van",
        "von",
        "vander",
        "de",
        "der",
        "den",
        "het",
        "t",
        "ter",
        "ten",
        "te",
        "in",
        "op",
        "aan",
        "bij",
        "uit",
        "la",
        "le",
        "du",
        "d",
        "di",
        "da",
        "del",
        "des",
        "l",
        "lo",
        "onder",
        "over",
        "voor",
        "vd",
        "v",
        "vden",
        "vder",
        "zu",
        "am",
        "dos",
        "das",
    }
)
_ABBREV = {"vd": "vd", "v/d": "vd", "vden": "vd", "vder": "vd", "vander": "vd", "v": "v", "d": "d"}

# Roepnaam (call name) -> official given name it usually abbreviates. Dutch practice: the
# official first name is often Latinised (Johannes) while the person is called Jan or Hans.
_CALL_NAMES: dict[str, str] = {
    "jan": "johannes",
    "hans": "johannes",
    "joop": "johannes",
    "johan": "johannes",
    "wim": "wilhelmus",
    "willem": "wilhelmus",
    "pim": "wilhelmus",
    "kees": "cornelis",
    "cor": "cornelis",
    "henk": "hendrik",
    "hendrikus": "hendrik",
    "piet": "petrus",
    "peter": "petrus",
    "koos": "jacobus",
    "jaap": "jacobus",
    "jacob": "jacobus",
    "gerard": "gerardus",
    "gert": "gerardus",
    "arie": "adrianus",
    "adrie": "adrianus",
    "ad": "adrianus",
    "toon": "antonius",
    "ton": "antonius",
    "anton": "antonius",
    "theo": "theodorus",
    "ruud": "rudolf",
    "frans": "franciscus",
    "frank": "franciscus",
    "klaas": "nicolaas",
    "nico": "nicolaas",
    "bert": "albertus",
    "albert": "albertus",
    "huub": "hubertus",
    "bart": "bartholomeus",
    "thijs": "mattheus",
    "matthijs": "mattheus",
    "sjaak": "jacobus",
    "harrie": "hendrik",
    "harry": "hendrik",
    "dirk": "theodorus",
    "mieke": "maria",
    "marie": "maria",
    "ria": "maria",
    "marja": "maria",
    "anneke": "johanna",
    "hanneke": "johanna",
    "jo": "johanna",
    "annie": "anna",
    "wilma": "wilhelmina",
    "mien": "wilhelmina",
    "willy": "wilhelmina",
    "toos": "catharina",
    "karin": "catharina",
    "rina": "catharina",
    "els": "elisabeth",
    "lies": "elisabeth",
    "bep": "elisabeth",
    "liesbeth": "elisabeth",
    "truus": "geertruida",
    "riek": "hendrika",
    "henny": "hendrika",
    "coby": "jacoba",
    "nel": "petronella",
    "ellie": "petronella",
    "corrie": "cornelia",
    "nelleke": "cornelia",
    "jeanne": "johanna",
    "greet": "margaretha",
    "grietje": "margaretha",
    "gerda": "gerarda",
    "dini": "geradina",
    "tineke": "christina",
    "stien": "christina",
}

# Roepnamen that stand for several official names, or for a name whose first letter differs
# ("Bert" is Albertus, Hubertus or Gijsbertus; "Mina" is Wilhelmina): the letters an official
# first name may start with. Only used to say an initial *fits*, never to merge names.
_DIMINUTIVE_OF: dict[str, str] = {
    "bert": "ahgl",
    "bertus": "ahgl",
    "mina": "w",
    "mien": "wh",
    "ria": "m",
    "rie": "m",
    "rina": "ck",
    "rini": "ch",
    "riet": "mh",
    "riek": "h",
    "nel": "pc",
    "nelly": "pc",
    "ellie": "pe",
    "lies": "e",
    "els": "e",
    "liesbeth": "e",
    "bep": "e",
    "betsy": "e",
    "ans": "jah",
    "annie": "aj",
    "anneke": "aj",
    "hanneke": "j",
    "jo": "j",
    "joke": "j",
    "tineke": "cm",
    "stien": "c",
    "dien": "g",
    "dini": "g",
    "toos": "c",
    "truus": "g",
    "trees": "t",
    "coby": "j",
    "cobi": "j",
    "jaap": "j",
    "koos": "j",
    "sjaak": "j",
    "kees": "c",
    "cees": "c",
    "cor": "c",
    "corrie": "c",
    "karin": "c",
    "klaas": "n",
    "nico": "n",
    "dirk": "td",
    "dick": "td",
    "ruud": "r",
    "huub": "h",
    "henk": "h",
    "harry": "h",
    "harrie": "h",
    "hans": "j",
    "jan": "j",
    "joop": "j",
    "johan": "j",
    "wim": "w",
    "pim": "w",
    "willy": "w",
    "wilma": "w",
    "piet": "p",
    "peter": "p",
    "gert": "g",
    "gerda": "g",
    "greet": "m",
    "grietje": "m",
    "arie": "a",
    "adrie": "a",
    "ad": "a",
    "toon": "a",
    "ton": "a",
    "teun": "a",
    "theo": "t",
    "frans": "f",
    "frank": "f",
    "thijs": "m",
    "tijs": "m",
    "bart": "b",
    "sjef": "j",
    "jos": "j",
    "guus": "a",
    "gijs": "g",
    "mieke": "m",
    "marie": "m",
    "marja": "m",
    "mies": "m",
    "door": "t",
    "dora": "t",
    "lena": "hm",
    "leen": "hm",
    "lenie": "hm",
    "tinus": "m",
    "rinus": "m",
    "bas": "s",
    "stijn": "c",
    "kitty": "c",
    "ineke": "h",
    "wies": "l",
}


def official_initials(first: str | None) -> str | None:
    """The letters an official first given name may start with when `first` is what was written:
    its own initial, its canonical official name's, and those of the names it is a roepnaam for."""
    if not first:
        return None
    letters = first[0] + canonical_given(first)[0] + _DIMINUTIVE_OF.get(first, "")
    return "".join(sorted(set(letters)))


def clean_name(value: str | None) -> str | None:
    """Lower case, ASCII (diacritics folded), punctuation to spaces except inner hyphens/apostrophes."""
    if value is None:
        return None
    s = unidecode(str(value)).lower()
    s = re.sub(r"[^a-z0-9\-' ]+", " ", s)
    s = re.sub(r"\s*-\s*", "-", s)
    s = re.sub(r"\s+", " ", s).strip(" -'")
    return s or None


clean_name_many = vectorise(clean_name)


@dataclass(frozen=True)
class Surname:
    core: str  # the surname without particles: "berg"
    particles: str  # canonical particle key: "vd" for van de(n|r), v.d., vd, v/d
    phonetic: str  # Dutch sound key of the core


def _particle_key(words: list[str]) -> str:
    key = ""
    for w in words:
        w = w.replace("'", "")
        key += _ABBREV.get(w, w[:1])
    # "van de", "van den", "van der", "v.d." all become "vd"
    return key


def split_surname(value: str | None) -> Surname | None:
    """Split particles off a surname; accepts "van den Berg", "Berg, van den", "v.d. Berg", "Berg vd"."""
    if value is None:
        return None
    raw = unidecode(str(value)).lower()
    if "," in raw:  # "Berg, van den" (index order)
        head, _, tail = raw.partition(",")
        raw = f"{tail} {head}"
    raw = raw.replace("v/d", " vd ").replace("v.d.", " vd ").replace("'t", " t ")
    s = clean_name(raw.replace(".", " "))
    if not s:
        return None
    words = s.replace("'", " ").split()
    particles: list[str] = []
    core: list[str] = []
    for i, w in enumerate(words):
        # a word is a particle only while another (core) word still follows, or after the core
        is_last = i == len(words) - 1
        if w in PARTICLES and (not is_last or core):
            particles.append(w)
        else:
            core.append(w)
    if not core:
        core, particles = particles[-1:], particles[:-1]
    core_s = " ".join(core)
    return Surname(core_s, _particle_key(particles), dutch_phonetic(core_s) or "")


def _surname_core(value: str | None) -> str | None:
    s = split_surname(value)
    return s.core if s else None


surname_core_many = vectorise(_surname_core)


def surname_parts(value: str | None) -> tuple[str, ...]:
    """The cores of the parts of a double surname ("de Bruin-de Vries" -> ("bruin", "vries")).

    A married name is written partner's name + own name (naamgebruik V) or own + partner's (N);
    which part is the birth name is unknown, so callers compare on every part.
    """
    if value is None:
        return ()
    raw = unidecode(str(value)).lower()
    if "," in raw:
        head, _, tail = raw.partition(",")
        raw = f"{tail} {head}"
    parts = []
    for piece in re.split(r"\s*-\s*", raw):
        s = split_surname(piece)
        if s and s.core:
            parts.append(s.core)
    return tuple(parts)


@dataclass(frozen=True)
class GivenNames:
    names: tuple[str, ...]  # full given names, in order ("johannes", "petrus")
    initials: str  # "jp"
    first: str | None  # first full name, canonical official form ("johannes" for "jan")


def canonical_given(name: str) -> str:
    """Map a roepnaam to the official name it usually stands for; others unchanged."""
    return _CALL_NAMES.get(name, name)


def split_given(value: str | None) -> GivenNames | None:
    """Given names as written: "Johannes Petrus", "J.P.", "Jan", "J. Petrus", "Johannes (Jan)"."""
    if value is None:
        return None
    raw = unidecode(str(value)).lower()
    raw = re.sub(r"\(([^)]*)\)", " ", raw)  # drop "(Jan)" roepnaam annotation; initials stay
    raw = re.sub(r"([a-z])\.", r"\1 . ", raw)
    tokens = [t for t in re.split(r"[^a-z\-.]+", raw) if t]
    names: list[str] = []
    letters = ""
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t == ".":
            i += 1
            continue
        is_initial = len(t) == 1 or (i + 1 < len(tokens) and tokens[i + 1] == ".")
        if is_initial:
            letters += t[0]
        else:
            for part in t.split("-"):
                if part:
                    names.append(part)
                    letters += part[0]
        i += 1
    if not letters:
        return None
    first = canonical_given(names[0]) if names and letters[0] == names[0][0] else None
    return GivenNames(tuple(names), letters, first)


def initials(value: str | None) -> str | None:
    g = split_given(value)
    return g.initials if g else None


def split_full_name(value: str | None) -> tuple[str | None, str | None]:
    """'J. v.d. Berg' -> ('j', 'vd berg'); 'Berg, Jan van den' -> ('jan', 'van den berg').

    The surname starts at the first particle after the given names, else it is the last word.
    """
    if value is None:
        return None, None
    raw = unidecode(str(value)).lower().strip()
    if "," in raw:
        surname, _, rest = raw.partition(",")
        words = rest.replace(".", ". ").split()
        given = [
            w for w in words if w.strip(".") not in PARTICLES or w.endswith(".") and len(w) == 2
        ]
        parts = [w for w in words if w not in given]
        return clean_name(" ".join(given)), clean_name(" ".join([*parts, surname]))
    raw = raw.replace("v.d.", " vd ").replace("v/d", " vd ")
    words = raw.replace(".", ". ").split()
    if len(words) < 2:
        return None, clean_name(raw)
    for i in range(1, len(words)):
        if words[i].strip(".'") in PARTICLES and i < len(words) - 1 and not words[i].endswith("."):
            return clean_name(" ".join(words[:i])), clean_name(" ".join(words[i:]))
        # "Saskia Laagveen-van Heijden": a married double name, the hyphen joins two surnames
        if "-" in words[i] and words[i].rsplit("-", 1)[1].strip(".'") in PARTICLES:
            return clean_name(" ".join(words[:i])), clean_name(" ".join(words[i:]))
    return clean_name(" ".join(words[:-1])), clean_name(words[-1])
