"""Frequency-weighted Dutch name, street, place and code lists, written for this project.

Weights are rough relative frequencies from general knowledge, not copied from any data file;
they only need to give realistic skew (a few very common values, a long tail).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "COLOURS",
    "COVERT_TAGS",
    "GIVEN",
    "HEALTH",
    "INCIDENT_CODES",
    "MAKES",
    "PARTICLES",
    "PLACES",
    "ROEP",
    "STREETS",
    "SURNAMES",
    "THEMES",
    "Place",
    "weights",
]


def _parse(text: str) -> list[tuple[str, float]]:
    """'Jan 30|Piet 20' -> [("Jan", 30.0), ("Piet", 20.0)]; the weight is the last word."""
    out = []
    for item in text.replace("\n", "|").split("|"):
        item = item.strip()
        if item:
            name, _, w = item.rpartition(" ")
            out.append((name, float(w)))
    return out


def weights(items: list[tuple[str, float]]) -> np.ndarray:
    w = np.array([x[1] for x in items], dtype=np.float64)
    return w / w.sum()


# --- given names per sex and birth era (<=1960, 1961-1990, >=1991) -----------------------------
_MALE = [
    _parse("""Johannes 40|Jan 35|Hendrik 30|Cornelis 28|Willem 25|Gerrit 22|Pieter 22|Jacobus 20|
    Antonius 18|Adrianus 16|Theodorus 12|Petrus 15|Gerardus 14|Wilhelmus 12|Franciscus 10|Dirk 12|
    Albert 8|Klaas 10|Hermanus 9|Marinus 8|Arie 10|Leendert 7|Johan 10|Henk 12|Bernardus 8|
    Martinus 8|Josephus 7|Lambertus 6|Evert 5|Frederik 5|Gijsbert 4|Harm 4|Jacob 8|Nicolaas 6|
    Teunis 4|Hubertus 5|Anton 5|Hendrikus 6|Reinier 3|Abraham 3"""),
    _parse("""Peter 25|Marcel 20|Robert 18|Michel 14|Richard 14|Erik 18|Mark 20|Patrick 16|Martijn 15|
    Dennis 15|Jeroen 18|Bas 12|Sander 14|Arjan 10|Edwin 12|Ronald 12|Frank 14|Paul 14|René 10|
    Hans 10|Stefan 10|Vincent 10|Kevin 10|Mike 8|Niels 10|Wouter 10|Thomas 8|Remco 8|Marco 12|
    Johan 6|Jan 10|Johannes 8|Hendrik 5|Ruud 6|Roel 5|Tim 8|Bart 10|Joost 8|Jasper 8|Maarten 8|
    Jeffrey 5|Raymond 6|Mohamed 6|Ahmed 4|Cornelis 5|Wilhelmus 4|Gerardus 4|Petrus 4"""),
    _parse("""Daan 20|Sem 15|Lucas 15|Levi 14|Finn 14|Milan 12|Jesse 14|Thijs 14|Luuk 16|Bram 15|
    Noah 16|Liam 10|Lars 12|Ruben 12|Tim 12|Thomas 12|Stijn 12|Sven 10|Max 10|Julian 9|Gijs 10|
    Niels 8|Mees 8|Sam 10|Jayden 8|Mohammed 8|Ryan 6|Dean 5|Jens 8|Tom 10|Koen 10|Rick 6|Jelle 8|
    Teun 7|Hugo 7|Jan 4|Floris 6|Adam 6|Youssef 5|Tygo 3|Daniël 6|Johannes 3|Hendrik 2|Willem 4"""),
]
_FEMALE = [
    _parse("""Maria 45|Johanna 35|Cornelia 25|Anna 25|Wilhelmina 20|Hendrika 18|Elisabeth 18|
    Catharina 18|Geertruida 12|Petronella 14|Adriana 15|Jacoba 12|Aaltje 6|Grietje 6|Gerda 8|Ria 8|
    Annie 8|Dina 5|Alida 6|Margaretha 10|Helena 8|Theodora 5|Francisca 5|Antonia 8|Josephina 6|
    Neeltje 5|Jannetje 4|Bertha 4|Hilda 4|Ina 6|Tineke 5|Willy 5|Gerritje 3|Dirkje 3"""),
    _parse("""Linda 20|Sandra 20|Monique 18|Patricia 14|Marieke 14|Esther 16|Petra 16|Ingrid 14|
    Anja 12|Marjolein 10|Wendy 12|Kim 12|Saskia 12|Mirjam 10|Karin 14|Annemarie 10|Nicole 14|
    Ilse 10|Femke 10|Manon 10|Chantal 10|Daniëlle 9|Jolanda 10|Renate 8|Bianca 10|Astrid 8|
    Yvonne 10|Miranda 10|Angela 10|Marloes 8|Suzanne 10|Judith 8|Mariska 6|Anouk 6|Maria 8|
    Johanna 5|Fatima 5|Elisabeth 4|Wilhelmina 3"""),
    _parse("""Emma 20|Julia 18|Sophie 18|Lotte 15|Tess 12|Sara 14|Anna 14|Eva 14|Fleur 12|Lisa 14|
    Zoë 10|Noa 12|Milou 10|Lieke 10|Sanne 14|Iris 10|Isa 10|Evi 10|Nina 10|Roos 10|Femke 8|
    Maud 8|Mila 10|Yara 8|Fenna 6|Jasmijn 6|Lynn 8|Amber 10|Naomi 6|Nora 6|Esmee 6|Floor 6|
    Hanna 4|Sarah 6|Noor 10|Ilse 4|Zeynep 4|Maria 4|Johanna 2|Lijn 2"""),
]


@dataclass(frozen=True)
class _GivenTable:
    names: list[str]
    #: probability vectors over `names`, indexed [sex][era] (sex 0 = male, 1 = female)
    p: list[list[np.ndarray]]


def _given_table() -> _GivenTable:
    names: list[str] = []
    pos: dict[str, int] = {}
    for group in (_MALE, _FEMALE):
        for era in group:
            for name, _ in era:
                if name not in pos:
                    pos[name] = len(names)
                    names.append(name)
    p: list[list[np.ndarray]] = []
    for group in (_MALE, _FEMALE):
        row = []
        for era in group:
            v = np.zeros(len(names))
            for name, w in era:
                v[pos[name]] += w
            row.append(v / v.sum())
        p.append(row)
    return _GivenTable(names, p)


GIVEN = _given_table()

# Roepnamen (call names) commonly used for formal baptismal names.
_ROEP_OPTIONS = {
    "Johannes": "Jan Hans Joop Johan Jo",
    "Hendrik": "Henk Henny Rik",
    "Hendrikus": "Henk Rik",
    "Cornelis": "Kees Cor Niels",
    "Willem": "Wim Pim",
    "Gerrit": "Gert Gerard",
    "Pieter": "Piet Peter",
    "Jacobus": "Jaap Koos Co",
    "Antonius": "Toon Ton Anton Teun",
    "Adrianus": "Adrie Arie Ad Janus",
    "Theodorus": "Theo Dick Ruud",
    "Petrus": "Piet Peter",
    "Gerardus": "Gerard Gert Ger",
    "Wilhelmus": "Wim Willem Pim",
    "Franciscus": "Frans Frank",
    "Hermanus": "Herman Harm",
    "Marinus": "Rinus Rien",
    "Leendert": "Leen Leo",
    "Bernardus": "Ben Bernard Nard",
    "Martinus": "Martin Tinus",
    "Josephus": "Jos Joop Sjef",
    "Lambertus": "Bert",
    "Nicolaas": "Klaas Nico Niek",
    "Hubertus": "Huub Bert",
    "Frederik": "Frits Freek",
    "Gijsbert": "Gijs",
    "Jacob": "Jaap Koos",
    "Abraham": "Bram",
    "Maria": "Marja Mies Marie Ria",
    "Johanna": "Jo Anneke Joke Hanneke Annie",
    "Cornelia": "Corrie Cor Nelly Nel",
    "Anna": "Anja Annie Anneke",
    "Wilhelmina": "Willy Mien Wilma Mina",
    "Hendrika": "Riek Rika Henny",
    "Elisabeth": "Elly Els Lies Betty",
    "Catharina": "Toos Tineke Karin Ria",
    "Geertruida": "Truus Trudy Geertje",
    "Petronella": "Nel Nelly Ellen",
    "Adriana": "Jeanne Ria Jannie",
    "Jacoba": "Coby Co",
    "Margaretha": "Greet Margriet Marga",
    "Helena": "Lenie Helen",
    "Antonia": "Toos Toni Tonnie",
    "Josephina": "José Fien",
    "Alida": "Ali Lida",
    "Daniël": "Daan Danny",
    "Thomas": "Tom",
    "Robert": "Rob Bob",
    "Lucas": "Luuk",
    "Julia": "Juul",
    "Sophie": "Fie",
    "Nicole": "Niki",
}


@dataclass(frozen=True)
class _RoepTable:
    names: list[str]  # every roepnaam; the first len(GIVEN.names) are the given names themselves
    opt_start: np.ndarray  # per given name: start into opt_flat
    opt_count: np.ndarray  # per given name: number of diminutive options (0 = none)
    opt_flat: np.ndarray  # indices into names


def _roep_table() -> _RoepTable:
    names = list(GIVEN.names)
    pos = {n: i for i, n in enumerate(names)}
    start = np.zeros(len(GIVEN.names), dtype=np.int64)
    count = np.zeros(len(GIVEN.names), dtype=np.int64)
    flat: list[int] = []
    for gi, g in enumerate(GIVEN.names):
        opts = _ROEP_OPTIONS.get(g, "").split()
        start[gi] = len(flat)
        count[gi] = len(opts)
        for o in opts:
            if o not in pos:
                pos[o] = len(names)
                names.append(o)
            flat.append(pos[o])
    return _RoepTable(names, start, count, np.array(flat, dtype=np.int64))


ROEP = _roep_table()

# --- surnames ----------------------------------------------------------------------------------
_COMMON_SURNAMES = _parse("""de Jong 85|Jansen 84|de Vries 77|van den Berg 60|van Dijk 57|Bakker 56|
Janssen 55|Visser 52|Smit 47|Meijer 45|de Boer 43|Mulder 41|de Groot 40|Bos 39|Vos 37|Peters 37|
Hendriks 36|van Leeuwen 33|Dekker 33|Brouwer 31|de Wit 31|Dijkstra 30|Smits 29|de Graaf 29|
van der Meer 28|van der Linden 27|Kok 27|Jacobs 26|de Haan 26|Vermeulen 26|van den Heuvel 25|
van der Veen 25|van den Broek 24|de Bruijn 24|de Bruin 23|van der Heijden 23|Schouten 23|
van Beek 22|Willems 22|van Vliet 22|van de Ven 21|Hoekstra 21|Maas 21|Verhoeven 21|Koster 20|
van Dam 20|van der Wal 20|Prins 20|Blom 20|Huisman 19|Peeters 19|de Jonge 19|Kuipers 19|
van Veen 19|Post 19|Kuiper 19|Veenstra 18|Kramer 18|van den Brink 18|Scholten 18|van Wijk 18|
Postma 18|Martens 17|Vink 17|de Ruiter 17|Timmermans 17|Groen 16|Gerritsen 16|Jonker 16|
van Loon 16|Boer 16|van der Velde 16|Willemsen 15|Smeets 15|de Lange 15|de Vos 15|Bosch 15|
van Dongen 15|Schipper 15|de Koning 15|van der Laan 15|Koning 14|van der Velden 14|Driessen 14|
van Doorn 14|Hermans 14|Evers 14|van den Bosch 14|van der Meulen 14|Hofman 14|Bosman 13|
Wolters 13|Sanders 13|van der Horst 13|Mol 13|Kuijpers 13|Molenaar 13|van de Pol 13|de Leeuw 13|
Verbeek 13|ter Horst 6|ten Have 5|van 't Hof 4|in 't Veld 4|op de Beek 3|van het Hof 2|
Yilmaz 5|El Amrani 4|Bouzid 3|Ramdin 3|Nguyen 3|Wijnands 4|Rijkers 4|IJzerman 3|Heijnen 4|
van Wijngaarden 4|Kwakkel 3|van IJperen 2""")

#: Particles (tussenvoegsels) used for the long tail of surnames, with relative frequencies.
PARTICLES = _parse("""- 700|van 80|de 60|van der 40|van den 30|van de 30|ter 15|ten 10|te 5|den 5|
van 't 6|in 't 3|op den 2|van het 2|'t 2""")

_PREFIX = [
    "Hoog",
    "Laag",
    "Groot",
    "Klein",
    "Oost",
    "West",
    "Noord",
    "Zuid",
    "Wester",
    "Ooster",
    "Nieuw",
    "Oud",
    "Veen",
    "Berg",
    "Holt",
    "Dijk",
    "Brink",
    "Kamp",
    "Ven",
    "Hof",
    "Burg",
    "Mole",
    "Beek",
    "Ham",
    "Loo",
    "Zand",
    "Bloem",
    "Rijn",
    "Lin",
    "Ros",
    "Hee",
    "Walr",
    "Schoon",
    "Vel",
    "Breu",
    "Stap",
    "Bek",
    "Kers",
    "Hol",
    "Wijn",
]
_SUFFIX = [
    "veen",
    "berg",
    "hof",
    "man",
    "kamp",
    "dijk",
    "huis",
    "beek",
    "horst",
    "stra",
    "ema",
    "inga",
    "ing",
    "sma",
    "er",
    "ink",
    "hout",
    "broek",
    "veld",
    "donk",
    "meer",
    "heuvel",
    "wijk",
    "sen",
    "land",
    "hoven",
    "stein",
    "rooij",
    "brug",
    "haar",
]


@dataclass(frozen=True)
class _SurnameTable:
    particle: list[str]  # "" when none
    base: list[str]
    p: np.ndarray


def _surname_table() -> _SurnameTable:
    particle: list[str] = []
    base: list[str] = []
    w: list[float] = []
    known_particles = sorted((p for p, _ in PARTICLES if p != "-"), key=len, reverse=True)
    for full, weight in _COMMON_SURNAMES:
        part = next((p for p in known_particles if full.startswith(p + " ")), "")
        particle.append(part)
        base.append(full[len(part) + 1 :] if part else full)
        w.append(weight)
    common_total = sum(w)
    # Long tail: composed bases with Zipf-like weights, each with a particle by frequency.
    rng = np.random.default_rng(20260101)
    tail = [a + b for a in _PREFIX for b in _SUFFIX]
    order = rng.permutation(len(tail))
    zipf = 1.0 / (np.arange(len(tail)) + 3.0)
    zipf = zipf / zipf.sum() * common_total * 0.8  # the tail carries about 45% of people
    p_names = [p for p, _ in PARTICLES]
    p_w = weights(PARTICLES)
    choice = rng.choice(len(p_names), size=len(tail), p=p_w)
    for rank, ti in enumerate(order):
        pt = p_names[choice[rank]]
        particle.append("" if pt == "-" else pt)
        base.append(tail[ti])
        w.append(float(zipf[rank]))
    arr = np.array(w)
    return _SurnameTable(particle, base, arr / arr.sum())


SURNAMES = _surname_table()


# --- places: (name, relative population, lat, lon, first postcode digits, last, area code) -----
@dataclass(frozen=True)
class Place:
    name: str
    weight: float
    lat: float
    lon: float
    pc_from: int
    pc_to: int
    area: str


_PLACES_RAW = """Amsterdam 870 52.370 4.895 1011 1109 020|Rotterdam 650 51.922 4.479 3011 3089 010|
Den Haag 550 52.078 4.288 2491 2599 070|Utrecht 360 52.091 5.122 3511 3585 030|
Eindhoven 235 51.441 5.478 5611 5658 040|Groningen 235 53.219 6.567 9711 9747 050|
Tilburg 220 51.560 5.091 5011 5049 013|Almere 215 52.371 5.222 1311 1364 036|
Breda 185 51.589 4.776 4811 4839 076|Nijmegen 180 51.842 5.852 6511 6546 024|
Apeldoorn 165 52.211 5.970 7311 7339 055|Arnhem 165 51.985 5.899 6811 6846 026|
Haarlem 162 52.387 4.646 2011 2037 023|Enschede 160 52.221 6.894 7511 7548 053|
Amersfoort 158 52.156 5.388 3811 3829 033|Zaandam 157 52.439 4.826 1501 1509 075|
'S-Hertogenbosch 157 51.697 5.304 5211 5237 073|Hoofddorp 160 52.303 4.690 2131 2136 023|
Zwolle 130 52.516 6.083 8011 8043 038|Zoetermeer 125 52.057 4.493 2711 2729 079|
Leiden 125 52.160 4.497 2311 2334 071|Maastricht 122 50.851 5.691 6211 6229 043|
Dordrecht 120 51.813 4.690 3311 3319 078|Ede 118 52.040 5.665 6711 6718 0318|
Alphen aan den Rijn 112 52.129 4.656 2401 2409 0172|Leeuwarden 125 53.201 5.800 8911 8941 058|
Alkmaar 110 52.632 4.750 1811 1827 072|Emmen 107 52.779 6.906 7811 7833 0591|
Delft 104 52.012 4.357 2611 2629 015|Venlo 102 51.370 6.172 5911 5928 077|
Deventer 101 52.255 6.163 7411 7429 0570|Geleen 92 51.000 5.869 6161 6167 046|
Helmond 93 51.482 5.661 5701 5709 0492|Oss 93 51.765 5.519 5341 5351 0412|
Amstelveen 92 52.301 4.864 1181 1189 020|Hilversum 92 52.223 5.176 1211 1223 035|
Heerlen 87 50.888 5.979 6411 6419 045|Spijkenisse 85 51.846 4.330 3201 3209 0181|
Purmerend 93 52.505 4.959 1441 1448 0299|Hengelo 81 52.266 6.793 7551 7559 074|
Roosendaal 77 51.531 4.465 4701 4709 0165|Schiedam 80 51.919 4.400 3111 3125 010|
Lelystad 80 52.518 5.471 8211 8245 0320|Almelo 73 52.357 6.663 7601 7609 0546|
Gouda 74 52.017 4.708 2801 2809 0182|Hoorn 73 52.642 5.060 1621 1628 0229|
Vlaardingen 75 51.912 4.342 3131 3138 010|Assen 69 52.993 6.562 9401 9409 0592|
Bergen op Zoom 68 51.495 4.292 4611 4625 0164|Capelle aan den IJssel 67 51.929 4.578 2901 2909 010|
Veenendaal 67 52.028 5.556 3901 3907 0318|Katwijk 66 52.200 4.417 2221 2225 071|
Zeist 65 52.089 5.234 3701 3709 030|Nieuwegein 63 52.029 5.081 3431 3439 030|
Den Helder 56 52.959 4.759 1781 1789 0223|Middelburg 49 51.499 3.611 4331 4339 0118|
Vlissingen 45 51.443 3.573 4381 4389 0118|Terneuzen 54 51.336 3.828 4531 4539 0115|
Harderwijk 48 52.342 5.620 3841 3849 0341|IJmuiden 68 52.459 4.620 1971 1976 0255|
Kampen 54 52.555 5.911 8261 8267 038|Tiel 42 51.887 5.430 4001 4007 0344|
Winterswijk 29 51.972 6.720 7101 7109 0543|Sneek 34 53.033 5.659 8601 8608 0515|
Drachten 45 53.107 6.099 9201 9206 0512|Meppel 34 52.696 6.194 7941 7946 0522|
Hardenberg 61 52.575 6.619 7771 7773 0523|Doetinchem 58 51.965 6.289 7001 7009 0314|
Weert 50 51.251 5.706 6001 6006 0495|Roermond 58 51.194 5.987 6041 6046 0475|
Goes 38 51.504 3.889 4461 4465 0113|IJsselstein 34 52.020 5.043 3401 3404 030|
Wijchen 41 51.809 5.725 6601 6605 024|Rijswijk 55 52.036 4.325 2281 2289 070"""


def _places() -> list[Place]:
    out = []
    for item in _PLACES_RAW.replace("\n", "|").split("|"):
        parts = item.strip().split(" ")
        if len(parts) < 7:
            continue
        name = " ".join(parts[:-6])
        w, lat, lon, a, b, area = parts[-6:]
        out.append(Place(name, float(w), float(lat), float(lon), int(a), int(b), area))
    return out


PLACES = _places()

# --- streets -----------------------------------------------------------------------------------
_STREET_ROOTS = _parse("""Kerk 30|Molen 25|School 22|Dorps 18|Stations 18|Hoofd 15|Nieuwe 12|
Oude 10|Beatrix 14|Juliana 16|Wilhelmina 14|Oranje 12|Prins Hendrik 8|Emma 8|Willem-Alexander 5|
Rembrandt 8|Vondel 7|Van Gogh 6|Mozart 4|Bach 3|Beethoven 3|Eiken 8|Beuken 7|Linden 8|
Esdoorn 5|Berken 6|Kastanje 5|Populieren 4|Iepen 4|Merel 6|Lijster 5|Spreeuw 4|Zwaluw 4|
Meeuwen 3|Rozen 5|Tulp 5|Narcis 4|Lelie 4|Anjer 3|Zonnebloem 3|Akker 6|Veld 5|Weide 4|Dijk 8|
Polder 5|Sluis 4|Brug 5|Haven 7|Markt 6|Kanaal 5|Rijn 4|Maas 4|IJssel 3|Waal 3|Amstel 3|
Vecht 2|Leeuwerik 3|Koekoek 2|Regenboog 2|Zon 3|Ster 2|Jan Steen 4|Frans Hals 4|Vermeer 3|
Thorbecke 4|Churchill 3|Kennedy 2|Erasmus 4|Spinoza 2|Huygens 3|Van der Valk 2|De Ruyter 4|
Tromp 3|Piet Hein 3|Heuvel 3|Bosch 4|Burgemeester Smeets 2|Dokter Kuyper 1""")
_STREET_TYPES = _parse(
    "straat 40|laan 20|weg 15|plein 4|singel 3|gracht 2|kade 3|dreef 2|hof 3|pad 2|park 2|erf 1"
)


def _streets() -> tuple[list[str], np.ndarray]:
    names, w = [], []
    for root, rw in _STREET_ROOTS:
        for typ, tw in _STREET_TYPES:
            names.append(root + typ)
            w.append(rw * tw)
    arr = np.array(w)
    return names, arr / arr.sum()


STREETS = _streets()

# --- vehicles ----------------------------------------------------------------------------------
MAKES: list[tuple[str, list[str], float]] = [
    ("VOLKSWAGEN", ["GOLF", "POLO", "PASSAT", "UP!", "TIGUAN", "TRANSPORTER"], 14),
    ("OPEL", ["CORSA", "ASTRA", "ZAFIRA"], 8),
    ("RENAULT", ["CLIO", "MEGANE", "KANGOO"], 8),
    ("PEUGEOT", ["208", "308", "2008", "PARTNER"], 9),
    ("TOYOTA", ["YARIS", "AYGO", "COROLLA"], 9),
    ("KIA", ["PICANTO", "NIRO", "CEED"], 7),
    ("FORD", ["FIESTA", "FOCUS", "TRANSIT"], 6),
    ("BMW", ["3-SERIE", "1-SERIE", "X5"], 5),
    ("MERCEDES-BENZ", ["A-KLASSE", "C-KLASSE", "SPRINTER"], 5),
    ("AUDI", ["A3", "A4", "Q5"], 5),
    ("VOLVO", ["V40", "XC60", "V70"], 4),
    ("SKODA", ["OCTAVIA", "FABIA"], 5),
    ("TESLA", ["MODEL 3", "MODEL Y"], 2),
    ("FIAT", ["PANDA", "500"], 4),
    ("CITROEN", ["C3", "BERLINGO"], 4),
    ("HYUNDAI", ["I10", "I20", "KONA"], 5),
]
COLOURS = _parse("GRIJS 30|ZWART 22|WIT 15|BLAUW 12|ROOD 8|GROEN 3|BRUIN 3|BEIGE 2|GEEL 2|ORANJE 1")

# --- registrations -----------------------------------------------------------------------------
#: Fictional incident codes in the style of "maatschappelijke klassen": (code, text, weight, family).
INCIDENT_CODES: list[tuple[str, str, float, str]] = [
    ("F110", "Inbraak woning", 10, "diefstal"),
    ("F120", "Inbraak bedrijf", 4, "diefstal"),
    ("F200", "Diefstal motorvoertuig", 4, "voertuig"),
    ("F210", "Diefstal uit/vanaf motorvoertuig", 6, "voertuig"),
    ("F300", "Fietsdiefstal", 10, "diefstal"),
    ("F400", "Zakkenrollerij", 4, "diefstal"),
    ("E330", "Mishandeling", 8, "geweld"),
    ("E340", "Bedreiging", 6, "geweld"),
    ("E100", "Huiselijk geweld", 5, "geweld"),
    ("B700", "Verkeersongeval met letsel", 5, "verkeer"),
    ("B710", "Verkeersongeval materiele schade", 9, "verkeer"),
    ("B500", "Rijden onder invloed", 4, "verkeer"),
    ("D100", "Handel in harddrugs", 2, "drugs"),
    ("D200", "Hennepteelt", 2, "drugs"),
    ("C300", "Vernieling", 7, "overlast"),
    ("G100", "Oplichting", 5, "fraude"),
    ("G200", "Witwassen", 1, "fraude"),
    ("A100", "Overlast jeugd", 6, "overlast"),
    ("A200", "Burenruzie", 4, "overlast"),
    ("W100", "Wapenbezit", 1, "geweld"),
]
NETWORK_CODES = ["D100", "D200", "G200", "W100", "F200"]

#: Art. 10 themes: (id, title, opened, closed or None, purpose).
THEMES: list[tuple[str, str, str, str | None, str]] = [
    (
        "THEMA-2016-MENSENHANDEL",
        "Mensenhandel regio Zuid",
        "2016-03-01",
        "2021-06-30",
        "Zicht op netwerken achter mensenhandel en uitbuiting",
    ),
    (
        "THEMA-2018-OMG",
        "Outlaw motorcycle gangs",
        "2018-09-01",
        None,
        "Beeld van criminele activiteiten binnen en rond motorclubs",
    ),
    (
        "THEMA-2020-CYBERFRAUDE",
        "Cyberfraude en helpdeskfraude",
        "2020-05-01",
        None,
        "Herkennen van daders en geldezels bij online fraude",
    ),
    (
        "THEMA-2021-ONDERMIJNING",
        "Ondermijning woonwijken",
        "2021-01-15",
        None,
        "Signalen van drugsproductie en witwassen in woonwijken",
    ),
    (
        "THEMA-2023-WONINGINBRAAK",
        "Mobiel banditisme woninginbraken",
        "2023-02-01",
        None,
        "Verbanden tussen reeksen woninginbraken",
    ),
    (
        "THEMA-2024-DRUGSAFVAL",
        "Drugsafvaldumpingen",
        "2024-04-01",
        None,
        "Herkomst van gedumpt drugsafval",
    ),
]
COVERT_TAGS = ["observation", "interception", "undercover"]
HEALTH = [
    "diabetes",
    "epilepsie",
    "verslaving",
    "psychiatrische problematiek",
    "hartklachten",
    "astma",
]
