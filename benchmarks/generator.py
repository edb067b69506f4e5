"""Synthetic rallies for tests, benchmarks and demo data.

``generate_rally(spec, seed)`` draws a plausible rally from an :class:`InstanceSpec`: real
French towns (an embedded table of territories with their coordinates), fictitious companies
of varied sectors, fictitious participants and accompaniers with obviously fake phone numbers
(``06 00 …``) and ``@example.fr`` e-mails. The same spec and seed always give the same rally.

The presets cover the cases the planner must handle: ``SMALL`` (one town, barely enough
companies), ``STANDARD`` (a typical rally, like the Annecy example), ``MULTI_SITE`` (companies
in two or three towns 30 to 50 km apart) and ``LARGE`` (a benchmark far above the charter's
30 participants).

Generated rallies are meant to be plannable, not merely valid: enough sectors for every team,
availability windows that leave room for several visits, caps on visits that leave enough
visits in all, vehicles whose seats cover the participants, and capacities that fit a team.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from rallye.domain.rally import (
    Accompanier,
    Company,
    Contact,
    Gender,
    Participant,
    Place,
    Rally,
    Session,
    SessionKind,
    Vehicle,
    VisitsPerTeam,
    Window,
)
from rallye.domain.travel import haversine_km

# -- places --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Town:
    name: str
    postcode: str
    lat: float
    lon: float

    @property
    def place(self) -> Place:
        return Place(self.name, self.lat, self.lon)


@dataclass(frozen=True)
class Territory:
    """A main town (the first one, where the base is) and the towns around it."""

    name: str
    of: str
    """The territory after « de » in a sentence: « du bassin annécien »."""
    towns: tuple[Town, ...]

    @property
    def main(self) -> Town:
        return self.towns[0]


def _towns(*rows: tuple[str, str, float, float]) -> tuple[Town, ...]:
    return tuple(Town(*row) for row in rows)


# Town-centre coordinates (WGS 84) of real communes.
ANNECY = Territory(
    "Bassin annécien",
    "du bassin annécien",
    _towns(
        ("Annecy", "74000", 45.8992, 6.1294),
        ("Seynod", "74600", 45.8856, 6.0886),
        ("Cran-Gevrier", "74960", 45.9003, 6.1036),
        ("Meythet", "74960", 45.9186, 6.0942),
        ("Annecy-le-Vieux", "74940", 45.9197, 6.1431),
        ("Épagny Metz-Tessy", "74330", 45.9400, 6.0890),
        ("Pringy", "74370", 45.9461, 6.1264),
        ("Argonay", "74370", 45.9489, 6.1419),
        ("Poisy", "74330", 45.9219, 6.0636),
        ("Sévrier", "74320", 45.8644, 6.1403),
        ("Chavanod", "74650", 45.8906, 6.0394),
        ("Rumilly", "74150", 45.8667, 5.9442),
    ),
)
VOIRON = Territory(
    "Pays voironnais",
    "du Pays voironnais",
    _towns(
        ("Voiron", "38500", 45.3644, 5.5894),
        ("Coublevie", "38500", 45.3583, 5.6125),
        ("Saint-Jean-de-Moirans", "38430", 45.3431, 5.5836),
        ("Moirans", "38430", 45.3253, 5.5656),
        ("La Buisse", "38500", 45.3336, 5.6194),
        ("Rives", "38140", 45.3528, 5.5008),
        ("Voreppe", "38340", 45.2944, 5.6361),
        ("Tullins", "38210", 45.3003, 5.4856),
        ("Saint-Égrève", "38120", 45.2333, 5.6833),
    ),
)
GRENOBLE = Territory(
    "Grenoble-Alpes",
    "de l'agglomération grenobloise",
    _towns(
        ("Grenoble", "38000", 45.1885, 5.7245),
        ("Échirolles", "38130", 45.1436, 5.7183),
        ("Saint-Martin-d'Hères", "38400", 45.1672, 5.7653),
        ("Fontaine", "38600", 45.1928, 5.6856),
        ("Meylan", "38240", 45.2097, 5.7797),
        ("Seyssinet-Pariset", "38170", 45.1794, 5.6878),
        ("Sassenage", "38360", 45.2047, 5.6633),
        ("Eybens", "38320", 45.1478, 5.7503),
        ("Saint-Égrève", "38120", 45.2333, 5.6833),
        ("Montbonnot-Saint-Martin", "38330", 45.2247, 5.8031),
        ("Le Pont-de-Claix", "38800", 45.1236, 5.6978),
        ("Saint-Martin-le-Vinoux", "38950", 45.2036, 5.7172),
        ("Domène", "38420", 45.2028, 5.8389),
    ),
)
RENNES = Territory(
    "Rennes Métropole",
    "de la métropole rennaise",
    _towns(
        ("Rennes", "35000", 48.1113, -1.6800),
        ("Cesson-Sévigné", "35510", 48.1211, -1.6033),
        ("Saint-Jacques-de-la-Lande", "35136", 48.0650, -1.7181),
        ("Bruz", "35170", 48.0247, -1.7458),
        ("Chantepie", "35135", 48.0889, -1.6158),
        ("Pacé", "35740", 48.1481, -1.7742),
        ("Betton", "35830", 48.1828, -1.6447),
        ("Vern-sur-Seiche", "35770", 48.0450, -1.6017),
        ("Saint-Grégoire", "35760", 48.1511, -1.6861),
        ("Vezin-le-Coquet", "35132", 48.1181, -1.7550),
        ("Thorigné-Fouillard", "35235", 48.1597, -1.5781),
        ("Chartres-de-Bretagne", "35131", 48.0394, -1.7056),
    ),
)
CLERMONT = Territory(
    "Clermont Auvergne Métropole",
    "de la métropole clermontoise",
    _towns(
        ("Clermont-Ferrand", "63000", 45.7772, 3.0870),
        ("Aubière", "63170", 45.7508, 3.1114),
        ("Chamalières", "63400", 45.7744, 3.0672),
        ("Cournon-d'Auvergne", "63800", 45.7358, 3.1964),
        ("Beaumont", "63110", 45.7517, 3.0839),
        ("Gerzat", "63360", 45.8253, 3.1450),
        ("Lempdes", "63370", 45.7711, 3.1936),
        ("Pont-du-Château", "63430", 45.7983, 3.2486),
        ("Romagnat", "63540", 45.7292, 3.1006),
        ("Royat", "63130", 45.7658, 3.0517),
        ("Ceyrat", "63122", 45.7333, 3.0633),
        ("Riom", "63200", 45.8936, 3.1128),
    ),
)
NANTES = Territory(
    "Nantes Métropole",
    "de la métropole nantaise",
    _towns(
        ("Nantes", "44000", 47.2184, -1.5536),
        ("Saint-Herblain", "44800", 47.2122, -1.6497),
        ("Rezé", "44400", 47.1833, -1.5500),
        ("Orvault", "44700", 47.2711, -1.6225),
        ("Carquefou", "44470", 47.2975, -1.4914),
        ("Saint-Sébastien-sur-Loire", "44230", 47.2078, -1.5014),
        ("Vertou", "44120", 47.1689, -1.4697),
        ("Bouguenais", "44340", 47.1775, -1.6236),
        ("La Chapelle-sur-Erdre", "44240", 47.2994, -1.5517),
        ("Couëron", "44220", 47.2156, -1.7228),
        ("Sainte-Luce-sur-Loire", "44980", 47.2506, -1.4856),
        ("Basse-Goulaine", "44115", 47.2114, -1.4664),
    ),
)
TERRITORIES: tuple[Territory, ...] = (ANNECY, VOIRON, GRENOBLE, RENNES, CLERMONT, NANTES)
"""Agglomerations for one-site rallies; the base is in each one's first town."""

MULTI_SITE_REGIONS: tuple[tuple[Territory, ...], ...] = (
    (
        Territory("Annecy", "du bassin annécien", ANNECY.towns[:5]),
        Territory(
            "Chambéry",
            "du bassin chambérien",
            _towns(
                ("Chambéry", "73000", 45.5646, 5.9178),
                ("La Motte-Servolex", "73290", 45.5958, 5.8778),
                ("Bassens", "73000", 45.5881, 5.9375),
            ),
        ),
        Territory(
            "Albertville",
            "du bassin albertvillois",
            _towns(
                ("Albertville", "73200", 45.6758, 6.3925),
                ("Gilly-sur-Isère", "73200", 45.6553, 6.3508),
                ("Ugine", "73400", 45.7511, 6.4150),
            ),
        ),
    ),
    (
        Territory(
            "Saint-Étienne",
            "du bassin stéphanois",
            _towns(
                ("Saint-Étienne", "42000", 45.4347, 4.3903),
                ("Saint-Chamond", "42400", 45.4775, 4.5153),
                ("Firminy", "42700", 45.3883, 4.2883),
            ),
        ),
        Territory(
            "Montbrison",
            "du Forez",
            _towns(
                ("Montbrison", "42600", 45.6075, 4.0656),
                ("Savigneux", "42600", 45.6153, 4.0825),
            ),
        ),
        Territory(
            "Annonay",
            "du bassin d'Annonay",
            _towns(
                ("Annonay", "07100", 45.2400, 4.6711),
                ("Davézieux", "07430", 45.2547, 4.7075),
            ),
        ),
    ),
    (
        Territory(
            "Valence",
            "du bassin valentinois",
            _towns(
                ("Valence", "26000", 44.9334, 4.8924),
                ("Bourg-lès-Valence", "26500", 44.9486, 4.8939),
                ("Portes-lès-Valence", "26800", 44.8747, 4.8758),
            ),
        ),
        Territory(
            "Montélimar",
            "du bassin montilien",
            _towns(
                ("Montélimar", "26200", 44.5581, 4.7509),
                ("Montboucher-sur-Jabron", "26740", 44.5508, 4.8044),
            ),
        ),
    ),
)
"""Groups of sites 30 to 45 km from the first one, which holds the base (about 1 h 15 by road)."""

# -- sectors and company names -------------------------------------------------------------


@dataclass(frozen=True)
class SectorProfile:
    """A sector, how common it is among rally companies, and how its companies are named."""

    name: str
    weight: int
    names: tuple[str, ...]
    """Name patterns: ``{x}`` is a place-like word, ``{s}`` a family name."""
    hiring: float
    """Probability that a company of the sector is hiring."""
    big: bool = False
    """Its companies may host large groups (up to 14 visitors)."""


SECTORS: tuple[SectorProfile, ...] = (
    SectorProfile(
        "Industrie",
        6,
        ("Mécanique de précision {x}", "Décolletage {x}", "Plasturgie {x}", "{s} Usinage", "Ateliers {x}"),
        0.7,
        big=True,
    ),
    SectorProfile(
        "Commerce",
        5,
        ("Jardinerie {x}", "Bricolage {x}", "{s} Sports", "Supermarché {x}", "Maison {s}, ameublement"),
        0.5,
        big=True,
    ),
    SectorProfile(
        "Santé",
        3,
        ("EHPAD Les Tilleuls {x}", "Clinique {x}", "Centre de soins {x}", "Résidence Les Érables"),
        0.8,
    ),
    SectorProfile(
        "Hôtellerie-restauration",
        4,
        ("Hôtel {x}", "Restaurant {s}", "Brasserie {x}", "Restauration collective {x}"),
        0.8,
    ),
    SectorProfile(
        "Transport et logistique",
        4,
        ("Transports {s}", "Plateforme logistique {x}", "Messagerie {x}", "Logistique {s}"),
        0.6,
        big=True,
    ),
    SectorProfile("BTP", 4, ("{s} Bâtiment", "Travaux publics {x}", "Charpente {s}", "Maçonnerie {s}"), 0.7),
    SectorProfile(
        "Services aux entreprises",
        3,
        ("Centre de relation clients {x}", "Cabinet comptable {s}", "{s} Conseil", "Imprimerie {x}"),
        0.4,
        big=True,
    ),
    SectorProfile("Services à la personne", 3, ("Aide à domicile {x}", "{s} Services à domicile", "Crèche {x}"), 0.9),
    SectorProfile("Agriculture", 2, ("GAEC {s}", "Ferme {x}", "Maraîchage {x}", "Pépinières {s}"), 0.4),
    SectorProfile("Tourisme", 2, ("Camping {x}", "Village vacances {x}", "Base de loisirs {x}"), 0.7, big=True),
    SectorProfile("Administration", 2, ("Centre technique intercommunal {x}", "Service des espaces verts {x}"), 0.3),
    SectorProfile("Propreté", 2, ("{s} Propreté", "Nettoyage industriel {x}"), 0.8),
    SectorProfile("Agroalimentaire", 2, ("Fromagerie {x}", "Biscuiterie {x}", "Salaisons {s}"), 0.6),
    SectorProfile("Économie circulaire", 1, ("Recyclerie {x}", "Atelier de réemploi {x}"), 0.5),
    SectorProfile("Numérique", 1, ("{s} Informatique", "Studio web {x}"), 0.5),
)

_PLACE_WORDS = (
    "du Val", "des Prés", "du Moulin", "des Collines", "de la Vallée", "du Plateau", "Horizon",
    "des Sources", "du Pont", "des Cèdres", "de la Forêt", "du Parc", "des Vergers", "Belvédère",
    "des Quatre Vents", "du Levant", "de la Plaine", "des Rives",
)  # fmt: skip
_STREETS = (
    "rue de l'Industrie", "rue des Artisans", "avenue de la Gare", "chemin des Vignes",
    "ZA du Moulin", "route de la Plaine", "rue du Commerce", "allée des Érables",
    "impasse des Prés", "rue de la Fontaine", "boulevard de la Liberté", "rue du Stade",
    "ZI des Marais", "rue des Écoles",
)  # fmt: skip

# -- people --------------------------------------------------------------------------------

FIRST_NAMES_F = (
    "Nadia", "Sophie", "Martine", "Fatima", "Julie", "Sandrine", "Aurélie", "Leïla", "Chantal",
    "Émilie", "Khadija", "Céline", "Valérie", "Inès", "Laura", "Nathalie", "Amandine", "Samia",
    "Isabelle", "Manon", "Christine", "Yasmina", "Océane", "Sylvie", "Camille", "Aïcha", "Léa",
    "Patricia", "Mélanie", "Djamila", "Chloé", "Karine", "Sarah", "Brigitte", "Élodie", "Nora",
)  # fmt: skip
FIRST_NAMES_M = (
    "Karim", "Julien", "Mehdi", "Thierry", "Kevin", "Patrick", "Mamadou", "Nicolas", "Rachid",
    "Dylan", "Stéphane", "Yannick", "Bruno", "Sofiane", "Anthony", "Pascal", "Hugo", "Moussa",
    "Laurent", "Enzo", "Franck", "Ibrahim", "Jérôme", "Lucas", "Olivier", "Youssef", "Damien",
)  # fmt: skip
LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
    "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller",
    "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont",
    "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Benali", "Diallo", "Haddad",
    "Mansouri", "Traoré", "Ferreira", "Pereira", "Nguyen", "Da Silva", "Bouvier", "Favre", "Rey",
    "Pollet", "Jacquier", "Dufour", "Collomb", "Perroud", "Ducret", "Cattin", "Le Goff", "Le Gall",
)  # fmt: skip
BACKGROUND_SECTORS = (
    "Commerce", "Industrie", "BTP", "Services à la personne", "Hôtellerie-restauration",
    "Transport-logistique", "Propreté", "Administration", "Agriculture", "Santé",
)  # fmt: skip
PRESCRIBERS = ("France Travail", "Cap emploi", "Mission locale", "Département", "PLIE", "SIAE")
DIPLOMA_LEVELS: tuple[tuple[int | None, int], ...] = (
    (None, 8), (3, 38), (4, 32), (5, 11), (6, 7), (7, 2), (2, 2),
)  # fmt: skip
"""(level, weight): mostly CAP/BEP and baccalauréat, as in the report's rallies."""

_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


# -- the specification of an instance ------------------------------------------------------


class Programme(StrEnum):
    """Shapes of the rally's programme (all start on a Tuesday; feedback and closing on Friday)."""

    DAY_AND_A_HALF = "day_and_a_half"
    """Visits all day 1 (lunch 12:15-13:30) and the morning of day 2, as in the Annecy example."""
    HALF_AND_FULL = "half_and_full"
    """Visits the afternoon of day 1 and all day 2, as in the Voiron example."""
    TWO_DAYS = "two_days"
    """Two full days of visits, each with a lunch break."""


_ICE, _VISITS, _FEEDBACK, _CLOSING = (
    SessionKind.ICEBREAKER,
    SessionKind.VISITS,
    SessionKind.FEEDBACK,
    SessionKind.CLOSING,
)
_PROGRAMMES: dict[Programme, tuple[tuple[SessionKind, int, str, str, tuple[str, str] | None], ...]] = {
    # (kind, days after the first day, start, end, lunch break)
    Programme.DAY_AND_A_HALF: (
        (_ICE, 0, "08:30", "09:00", None),
        (_VISITS, 0, "09:00", "17:30", ("12:15", "13:30")),
        (_VISITS, 1, "08:30", "12:30", None),
        (_FEEDBACK, 3, "09:00", "12:00", None),
        (_CLOSING, 3, "14:00", "16:00", None),
    ),
    Programme.HALF_AND_FULL: (
        (_ICE, 0, "13:00", "13:30", None),
        (_VISITS, 0, "13:30", "17:30", None),
        (_VISITS, 1, "08:30", "17:00", ("12:00", "13:30")),
        (_FEEDBACK, 3, "09:00", "12:00", None),
        (_CLOSING, 3, "12:00", "14:00", None),
    ),
    Programme.TWO_DAYS: (
        (_ICE, 0, "08:30", "09:00", None),
        (_VISITS, 0, "09:00", "17:00", ("12:00", "13:30")),
        (_VISITS, 1, "08:30", "17:00", ("12:00", "13:30")),
        (_FEEDBACK, 3, "09:00", "12:00", None),
        (_CLOSING, 3, "14:00", "16:00", None),
    ),
}


@dataclass(frozen=True)
class InstanceSpec:
    """What kind of rally to generate; counts are inclusive (min, max) ranges drawn per seed."""

    name: str
    participants: tuple[int, int]
    companies: tuple[int, int]
    vehicles: int | None = None
    """Number of vehicles; ``None``: one per 4.5 participants, rounded up (teams of 4 or 5)."""
    sites: tuple[int, int] = (1, 1)
    """How many sites the companies are spread over: the base's, and others 30 to 45 km away."""
    spread_km: float = 12.0
    """With one site: how far from the base the companies' towns may be (0: the base's town)."""
    programme: Programme = Programme.DAY_AND_A_HALF
    territories: tuple[Territory, ...] = TERRITORIES
    availability_share: float = 0.4
    """Share of companies that host only in some windows (mornings, one day, …)."""
    max_visits_share: float = 0.25
    """Share of companies that cap their number of visits (2 to 4)."""
    custom_length_share: float = 0.2
    """Share of companies whose visits last 45, 75 or 90 minutes instead of 60."""
    absent_share: float = 0.0
    """Share of participants already known to be absent."""
    year: int = 2027

    def __post_init__(self) -> None:
        for label, (lo, hi) in (("participants", self.participants), ("companies", self.companies)):
            if not 1 <= lo <= hi:
                raise ValueError(f"{label}: expected 1 <= min <= max, got {lo}, {hi}")
        if self.companies[0] < 6:
            raise ValueError("companies: at least 6 are needed (each team visits 6 sectors)")
        if self.vehicles is not None and not 1 <= self.vehicles <= self.participants[0] // 3:
            raise ValueError("vehicles: each team needs at least 3 participants")
        if self.vehicles is not None and self.vehicles * 8 < self.participants[1]:
            raise ValueError("vehicles: too few for the participants, even in 9-seat minivans")
        if not 1 <= self.sites[0] <= self.sites[1] <= 3:
            raise ValueError("sites: from 1 to 3")


SMALL = InstanceSpec(
    "small",
    participants=(15, 15),
    companies=(6, 7),
    spread_km=0.0,
    availability_share=0.3,
    max_visits_share=0.0,
    custom_length_share=0.15,
)
STANDARD = InstanceSpec("standard", participants=(24, 30), companies=(12, 18), spread_km=15.0)
MULTI_SITE = InstanceSpec(
    "multi_site",
    participants=(24, 30),
    companies=(14, 18),
    sites=(2, 3),
    programme=Programme.TWO_DAYS,
    availability_share=0.3,
    max_visits_share=0.15,
)
LARGE = InstanceSpec(
    "large",
    participants=(120, 120),
    companies=(60, 60),
    vehicles=20,
    spread_km=12.0,
    programme=Programme.TWO_DAYS,
    territories=(GRENOBLE, RENNES, NANTES, CLERMONT),
)
PRESETS: dict[str, InstanceSpec] = {spec.name: spec for spec in (SMALL, STANDARD, MULTI_SITE, LARGE)}


# -- generation ----------------------------------------------------------------------------


def generate_rally(spec: InstanceSpec, seed: int) -> Rally:
    """A plausible rally drawn from ``spec``; the same ``(spec, seed)`` always gives the same one."""
    return _Generator(spec, random.Random(seed)).rally()


@dataclass(frozen=True)
class _Site:
    territory: Territory
    towns: tuple[Town, ...]


class _Generator:
    def __init__(self, spec: InstanceSpec, rng: random.Random) -> None:
        self.spec = spec
        self.rng = rng
        self.used_names: set[str] = set()
        self.used_people: set[tuple[str, str]] = set()

    def rally(self) -> Rally:
        spec, rng = self.spec, self.rng
        n_participants = rng.randint(*spec.participants)
        n_companies = rng.randint(*spec.companies)
        n_vehicles = spec.vehicles or max(1, min(n_participants // 3, math.ceil(n_participants / 4.5)))
        sites = self.sites()
        first_day = self.first_day()
        schedule = _schedule(spec.programme, first_day)
        vehicles = self.vehicles(n_vehicles, n_participants)
        largest_team = math.ceil(n_participants / n_vehicles)
        teams = min(n_vehicles, n_participants // 3)
        companies = self.companies(n_companies, sites, schedule, largest_team, teams)
        participants = self.participants(n_participants, first_day.year)
        main = sites[0].territory.main
        base = Place(
            f"Salle municipale {_of(main.name)}",
            main.lat,
            main.lon,
            f"Centre-ville, {main.postcode} {main.name}",
        )
        organiser = rng.choice(("MIFE", "Réseau des SIAE", "Club d'entreprises", "Maison de l'emploi"))
        return Rally(
            name=f"Rallye pour l'emploi — {main.name}, {_MONTHS[first_day.month - 1]} {first_day.year}",
            organiser=f"{organiser} {sites[0].territory.of}",
            base=base,
            schedule=schedule,
            companies=companies,
            participants=participants,
            vehicles=vehicles,
        )

    # -- where --------------------------------------------------------------------------------
    def sites(self) -> list[_Site]:
        spec, rng = self.spec, self.rng
        count = rng.randint(*spec.sites)
        if count == 1:
            territory = rng.choice(spec.territories)
            towns = tuple(t for t in territory.towns if haversine_km(t.place, territory.main.place) <= spec.spread_km)
            return [_Site(territory, towns or (territory.main,))]
        regions = [r for r in MULTI_SITE_REGIONS if len(r) >= count]
        region = rng.choice(regions)
        chosen = [region[0], *rng.sample(region[1:], count - 1)]
        return [_Site(t, t.towns) for t in chosen]

    def spot(self, site: _Site) -> tuple[Town, float, float]:
        """A town of the site (its main town more often) and a point inside it."""
        rng = self.rng
        towns = site.towns
        town = towns[0] if len(towns) == 1 or rng.random() < 0.35 else rng.choice(towns[1:])
        radius_km = 1.8 if town == site.territory.main else 1.0
        distance = radius_km * math.sqrt(rng.random())
        angle = rng.uniform(0, 2 * math.pi)
        lat = town.lat + distance * math.cos(angle) / 111.2
        lon = town.lon + distance * math.sin(angle) / (111.2 * math.cos(math.radians(town.lat)))
        return town, round(lat, 4), round(lon, 4)

    # -- when ---------------------------------------------------------------------------------
    def first_day(self) -> dt.date:
        month = self.rng.choice((3, 4, 5, 6, 9, 10, 11))
        first = dt.date(self.spec.year, month, 1)
        first_tuesday = first + dt.timedelta(days=(1 - first.weekday()) % 7)
        return first_tuesday + dt.timedelta(weeks=self.rng.randint(0, 2))

    # -- who ----------------------------------------------------------------------------------
    def vehicles(self, count: int, participants: int) -> tuple[Vehicle, ...]:
        rng = self.rng
        seats = [5] * count
        # A little room beyond the participants lets the organiser rebalance teams.
        needed = participants + (1 if participants < 60 else 4)
        while sum(s - 1 for s in seats) < needed:
            upgradable = [i for i, s in enumerate(seats) if s < 9]
            if not upgradable:
                break
            seats[rng.choice(upgradable)] += 2
        if count >= 5 and max(seats) == 5:
            seats[rng.randrange(count)] = 7  # the report's advice: a minivan helps rebalance teams
        vehicles = []
        for index, n_seats in enumerate(seats, start=1):
            label = {5: "Voiture 5 places", 7: "Monospace 7 places", 9: "Minibus 9 places"}[n_seats]
            first, last = self.person_name(rng.choice((Gender.F, Gender.M)))
            vehicles.append(Vehicle(f"V{index}", n_seats, Accompanier(f"{first} {last}", self.phone()), label))
        return tuple(vehicles)

    def participants(self, count: int, year: int) -> tuple[Participant, ...]:
        rng = self.rng
        people = []
        width = max(2, len(str(count)))
        absent = set(rng.sample(range(count), round(count * self.spec.absent_share)))
        for index in range(count):
            gender = rng.choices((Gender.F, Gender.M, Gender.X), weights=(60, 38, 2))[0]
            first, last = self.person_name(gender)
            age = min(61, max(19, round(rng.triangular(19, 61, 38))))
            young = age < 26
            if young:
                status = rng.choices(("jeune NEET", "DE", "DELD"), weights=(5, 4, 1))[0]
                prescriber = rng.choices(PRESCRIBERS, weights=(2, 1, 8, 0, 0, 1))[0]
            else:
                status = rng.choices(
                    ("DE", "DELD", "BRSA", "salarié en insertion", "reconversion"), weights=(4, 4, 3, 2, 1)
                )[0]
                prescriber = {
                    "BRSA": rng.choice(("Département", "PLIE", "France Travail")),
                    "salarié en insertion": "SIAE",
                }.get(status) or rng.choices(PRESCRIBERS, weights=(10, 2, 0, 0, 2, 0))[0]
            levels, weights = zip(*DIPLOMA_LEVELS, strict=True)
            diploma = rng.choices(levels, weights=weights)[0]
            background = None if young and rng.random() < 0.4 else rng.choice(BACKGROUND_SECTORS)
            people.append(
                Participant(
                    id=f"P{index + 1:0{width}d}",
                    first_name=first,
                    last_name=last,
                    gender=gender,
                    birth_year=year - age,
                    diploma_level=diploma,
                    background_sector=background,
                    status=status,
                    prescriber=prescriber,
                    present=index not in absent,
                )
            )
        return tuple(people)

    def person_name(self, gender: Gender) -> tuple[str, str]:
        """A first and last name not given yet in this rally (participants, accompaniers, contacts)."""
        rng = self.rng
        names = {Gender.F: FIRST_NAMES_F, Gender.M: FIRST_NAMES_M}.get(gender, FIRST_NAMES_F + FIRST_NAMES_M)
        person = (rng.choice(names), rng.choice(LAST_NAMES))
        while person in self.used_people:
            person = (rng.choice(names), rng.choice(LAST_NAMES))
        self.used_people.add(person)
        return person

    def phone(self) -> str:
        return "06 00 " + " ".join(f"{self.rng.randrange(100):02d}" for _ in range(3))

    # -- what ---------------------------------------------------------------------------------
    def companies(
        self,
        count: int,
        sites: Sequence[_Site],
        schedule: Sequence[Session],
        largest_team: int,
        teams: int,
    ) -> tuple[Company, ...]:
        spec, rng = self.spec, self.rng
        sectors = self.sectors(count, sites)
        visit_sessions = [s for s in schedule if s.kind is SessionKind.VISITS]
        min_capacity = min(14, max(6, largest_team + 2))  # a team and its accompanier, with room
        width = max(2, len(str(count)))
        companies: list[Company] = []
        for index, (profile, site) in enumerate(sectors):
            town, lat, lon = self.spot(site)
            capacity = rng.randint(min_capacity, 14 if profile.big else max(min_capacity, 10))
            minutes = rng.choice((45, 75, 75, 90)) if rng.random() < spec.custom_length_share else None
            contact_first, contact_last = self.person_name(rng.choice((Gender.F, Gender.M)))
            companies.append(
                Company(
                    id=f"C{index + 1:0{width}d}",
                    name=self.company_name(profile, town),
                    sector=profile.name,
                    lat=lat,
                    lon=lon,
                    capacity=capacity,
                    address=f"{self.street()}, {town.postcode} {town.name}",
                    hiring=rng.random() < profile.hiring,
                    visit_minutes=minutes,
                    contact=Contact(
                        f"{contact_first} {contact_last}",
                        self.phone(),
                        f"{_slug(contact_first)}.{_slug(contact_last)}@example.fr",
                    ),
                )
            )
        return tuple(self.restrict(companies, visit_sessions, teams))

    def sectors(self, count: int, sites: Sequence[_Site]) -> list[tuple[SectorProfile, _Site]]:
        """Each company's sector and site: many distinct sectors, the base's site the richest.

        The base's site gets at least half the companies, of distinct sectors as far as
        possible, so that teams need not always drive to a distant site.
        """
        rng = self.rng
        distinct = min(count, len(SECTORS), max(8, math.ceil(count * 0.75)))
        chosen = _weighted_sample(rng, SECTORS, [p.weight for p in SECTORS], distinct)
        extra = rng.choices(chosen, weights=[p.weight for p in chosen], k=count - distinct)
        profiles = [*chosen, *extra]
        home = count if len(sites) == 1 else math.ceil(count / 2)
        placed = [(profile, sites[0] if i < home else rng.choice(sites[1:])) for i, profile in enumerate(profiles)]
        rng.shuffle(placed)
        return placed

    def availability(self, sessions: Sequence[Session], length: int) -> tuple[Window, ...]:
        """Windows of one of the usual kinds, each long enough for two visits back to back."""
        kind = self.rng.choice(("mornings", "afternoons", "one_day", "late_start", "early_end"))
        day = self.rng.choice(sessions).date
        windows = []
        for session in sessions:
            lunch_start, lunch_end = session.lunch or (12 * 60 + 15, 13 * 60 + 30)
            start, end = {
                "mornings": (max(session.start, 8 * 60 + 30), min(session.end, lunch_start)),
                "afternoons": (max(session.start, lunch_end), session.end),
                "one_day": (session.start, session.end if session.date == day else session.start),
                "late_start": (session.start + 60, session.end),
                "early_end": (session.start, session.end - 90),
            }[kind]
            if end - start >= 2 * length + 30:
                windows.append(Window(session.date, start, end))
        return tuple(windows)

    def restrict(self, companies: list[Company], sessions: Sequence[Session], teams: int) -> list[Company]:
        """Give some companies availability windows, cap some companies' visits.

        A restriction is kept only while the teams can still find enough visits of distinct
        sectors, with a margin (or, when there was none to begin with, without losing any).
        """
        rng, spec = self.rng, self.spec
        needed = teams * VisitsPerTeam().min
        result = list(companies)

        def keep(trial: list[Company]) -> bool:
            before = _sector_supply(result, sessions, teams)
            return _sector_supply(trial, sessions, teams) >= min(before, needed * 1.3)

        for index in rng.sample(range(len(result)), round(len(result) * spec.availability_share)):
            company = result[index]
            windows = self.availability(sessions, company.visit_minutes or 60)
            trial = [*result[:index], replace(company, availability=windows), *result[index + 1 :]]
            if windows and keep(trial):
                result = trial
        for index in rng.sample(range(len(result)), round(len(result) * spec.max_visits_share)):
            trial = [
                *result[:index],
                replace(result[index], max_visits=rng.randint(2, 4)),
                *result[index + 1 :],
            ]
            if keep(trial):
                result = trial
        return result

    def street(self) -> str:
        street = self.rng.choice(_STREETS)
        return street if street.startswith("Z") else f"{self.rng.randint(1, 120)} {street}"

    def company_name(self, profile: SectorProfile, town: Town) -> str:
        rng = self.rng
        for attempt in range(50):
            pattern = rng.choice(profile.names)
            word = rng.choice(_PLACE_WORDS) if attempt < 25 else town.name
            name = pattern.format(x=word, s=rng.choice(LAST_NAMES))
            if name not in self.used_names:
                break
        else:
            name = f"{name} ({town.name})"
        self.used_names.add(name)
        return name


def _schedule(programme: Programme, day: dt.date) -> tuple[Session, ...]:
    def minutes(text: str) -> int:
        hours, mins = text.split(":")
        return int(hours) * 60 + int(mins)

    sessions = []
    for kind, offset, start, end, lunch in _PROGRAMMES[programme]:
        lunch_window = None if lunch is None else (minutes(lunch[0]), minutes(lunch[1]))
        sessions.append(Session(kind, day + dt.timedelta(days=offset), minutes(start), minutes(end), lunch_window))
    return tuple(sessions)


def _sector_supply(companies: Sequence[Company], sessions: Sequence[Session], teams: int) -> int:
    """About how many sector-distinct visits the companies can give ``teams`` teams.

    Each company hosts one team at a time, back to back, inside its windows; a team visits a
    sector once, so a sector gives at most ``teams`` visits.
    """
    per_sector: dict[str, int] = {}
    for company in companies:
        slots = _slots(company, sessions)
        if company.max_visits is not None:
            slots = min(slots, company.max_visits)
        per_sector[company.sector] = per_sector.get(company.sector, 0) + slots
    return sum(min(teams, slots) for slots in per_sector.values())


def _slots(company: Company, sessions: Sequence[Session]) -> int:
    """How many visits of ``company`` fit one after the other in the visits sessions."""
    length = company.visit_minutes or 60
    slots = 0
    for session in sessions:
        for part in session.visit_windows():
            windows = [w for w in company.availability if w.date == part.date] if company.availability else [part]
            for window in windows:
                usable = min(part.end, window.end) - max(part.start, window.start) - 10
                slots += max(0, usable // length)
    return slots


def _weighted_sample(
    rng: random.Random, items: Sequence[SectorProfile], weights: Sequence[int], k: int
) -> list[SectorProfile]:
    pool, pool_weights, chosen = list(items), list(weights), []
    for _ in range(k):
        index = rng.choices(range(len(pool)), weights=pool_weights)[0]
        chosen.append(pool.pop(index))
        pool_weights.pop(index)
    return chosen


def _of(name: str) -> str:
    """« de Voiron », « d'Annecy »."""
    initial = unicodedata.normalize("NFKD", name[:1])[:1].lower()
    return f"d'{name}" if initial in "aeiouy" else f"de {name}"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(ascii_text.lower().replace("'", " ").split())
