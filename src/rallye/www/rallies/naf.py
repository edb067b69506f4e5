"""The sections of the French activity nomenclature (NAF rév. 2), offered as sector names.

A company's sector is free text (organisers often use their own words, « BTP », « Propreté »);
the form suggests these labels so that two organisers naming the same activity write it alike.
"""

from __future__ import annotations

NAF_SECTIONS: tuple[tuple[str, str], ...] = (
    ("A", "Agriculture, sylviculture et pêche"),
    ("B", "Industries extractives"),
    ("C", "Industrie manufacturière"),
    ("D", "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné"),
    ("E", "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution"),
    ("F", "Construction"),
    ("G", "Commerce ; réparation d'automobiles et de motocycles"),
    ("H", "Transports et entreposage"),
    ("I", "Hébergement et restauration"),
    ("J", "Information et communication"),
    ("K", "Activités financières et d'assurance"),
    ("L", "Activités immobilières"),
    ("M", "Activités spécialisées, scientifiques et techniques"),
    ("N", "Activités de services administratifs et de soutien"),
    ("O", "Administration publique"),
    ("P", "Enseignement"),
    ("Q", "Santé humaine et action sociale"),
    ("R", "Arts, spectacles et activités récréatives"),
    ("S", "Autres activités de services"),
    ("T", "Activités des ménages en tant qu'employeurs"),
    ("U", "Activités extra-territoriales"),
)
"""(section letter, label) in the order of the nomenclature."""

SECTOR_SUGGESTIONS: tuple[str, ...] = tuple(label for _, label in NAF_SECTIONS)
