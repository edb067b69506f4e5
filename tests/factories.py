"""Test factories: a small, valid rally content that tests change field by field."""

from __future__ import annotations

import copy
from typing import Any

from rallye.domain.rally import Rally
from rallye.formats.problems import json_locator
from rallye.formats.rally_input import validate_rally

# Twelve companies around Annecy, of ten sectors, all within a few kilometres of the base.
_COMPANIES = [
    ("C01", "Atelier Mécanique du Fier", "Industrie", 45.9100, 6.1000, 8, True),
    ("C02", "Épicerie des Marquisats", "Commerce", 45.8950, 6.1350, 8, False),
    ("C03", "Clinique du Lac", "Santé", 45.9050, 6.1300, 10, True),
    ("C04", "Brasserie du Pâquier", "Hôtellerie-restauration", 45.9020, 6.1280, 6, True),
    ("C05", "Transports Alpins", "Transport et logistique", 45.9300, 6.0950, 12, True),
    ("C06", "Bâti Savoie", "BTP", 45.8850, 6.1000, 8, False),
    ("C07", "Conseil & Compta", "Services aux entreprises", 45.9150, 6.1400, 6, False),
    ("C08", "Aide à Domicile 74", "Services à la personne", 45.8900, 6.1150, 8, True),
    ("C09", "Camping des Cygnes", "Tourisme", 45.8700, 6.1500, 12, True),
    ("C10", "Mairie annexe", "Administration", 45.9200, 6.1200, 8, False),
    ("C11", "Fromagerie du Semnoz", "Agriculture", 45.8600, 6.1000, 8, True),
    ("C12", "Plasturgie d'Argonay", "Industrie", 45.9400, 6.1300, 10, False),
]
_PEOPLE = [
    ("Amina", "Benali", "F", 1988, 3, "Commerce"),
    ("Julien", "Morel", "M", 1975, 4, "Industrie"),
    ("Sophie", "Girard", "F", 1999, 3, "Services à la personne"),
    ("Karim", "Haddad", "M", 1968, 3, "BTP"),
    ("Laura", "Petit", "F", 2002, 4, "Hôtellerie-restauration"),
    ("Nadia", "Roux", "F", 1981, 5, "Commerce"),
    ("Thomas", "Blanc", "M", 1993, 3, "Transport-logistique"),
    ("Chantal", "Faure", "F", 1966, 3, "Services à la personne"),
    ("Yanis", "Garnier", "M", 2004, 3, "Commerce"),
    ("Inès", "Chevalier", "F", 1990, 4, "Industrie"),
    ("Marc", "Lambert", "M", 1972, 5, "BTP"),
    ("Fatou", "Diallo", "F", 1985, 3, "Hôtellerie-restauration"),
    ("Claire", "Robin", "F", 1979, 6, "Services aux entreprises"),
    ("Hugo", "Mercier", "M", 1997, 4, "Transport-logistique"),
    ("Zoé", "Fontaine", "F", 2001, 3, "Commerce"),
    ("Pascal", "Rousseau", "M", 1964, 3, "Industrie"),
]


def rally_content(people: int = 16, companies: int = 12, vehicles: tuple[int, ...] = (5, 5, 5, 7)) -> dict[str, Any]:
    """A small rally (two visits sessions, Annecy) as ``rally.json`` content."""
    return copy.deepcopy(
        {
            "format": "rallye/1",
            "rally": {
                "name": "Rallye pour l'emploi — test",
                "organiser": "MIFE de Haute-Savoie",
                "base": {"name": "MIFE", "address": "Annecy", "lat": 45.9006, "lon": 6.1196},
                "schedule": [
                    {"kind": "icebreaker", "date": "2027-03-16", "start": "08:30", "end": "09:00"},
                    {
                        "kind": "visits",
                        "date": "2027-03-16",
                        "start": "09:00",
                        "end": "17:30",
                        "lunch": {"start": "12:15", "end": "13:30"},
                    },
                    {"kind": "visits", "date": "2027-03-17", "start": "08:30", "end": "12:30"},
                    {"kind": "feedback", "date": "2027-03-19", "start": "09:00", "end": "12:00"},
                    {"kind": "closing", "date": "2027-03-19", "start": "14:00", "end": "16:00"},
                ],
            },
            "companies": [
                {"id": i, "name": n, "sector": s, "lat": la, "lon": lo, "capacity": cap, "hiring": h}
                for i, n, s, la, lo, cap, h in _COMPANIES[:companies]
            ],
            "participants": [
                {
                    "id": f"P{k + 1:02d}",
                    "first_name": f,
                    "last_name": last,
                    "gender": g,
                    "birth_year": y,
                    "diploma_level": d,
                    "background_sector": b,
                }
                for k, (f, last, g, y, d, b) in enumerate(_PEOPLE[:people])
            ],
            "vehicles": [
                {"id": f"V{k + 1}", "seats": seats, "accompanier": {"name": f"Accompagnateur {k + 1}"}}
                for k, seats in enumerate(vehicles)
            ],
        }
    )


def build(content: dict[str, Any]) -> Rally:
    return validate_rally(content, json_locator("rally.json"))
