"""``rallye export pseudonymised|people`` and ``rallye purge``: personal data on the current
database, for the operator (``rallye.cli.main`` sets Django up before calling these)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from rallye.domain import french

EXIT_OK = 0
EXIT_INVALID = 2
KEY_REMINDER = (
    "Rappel : la clé des pseudonymes (RALLYE_PSEUDONYM_KEY, ou le fichier pseudonym.key du dossier de données) "
    "ne doit jamais être donnée aux évaluateurs : avec elle, un pseudonyme mène à la personne."
)
PEOPLE_REMINDER = (
    "Ce fichier contient les noms, coordonnées et réponses libres des personnes : gardez-le en lieu sûr, "
    "ne l'envoyez pas sans chiffrement et supprimez-le dès qu'il ne sert plus."
)


def export(kind: str, out: Path) -> int:
    if kind == "pseudonymised":
        return _export_pseudonymised(out)
    return _export_people(out)


def _export_pseudonymised(out: Path) -> int:
    from rallye.evaluation.data_log import log_action
    from rallye.evaluation.dataset import write_dataset
    from rallye.evaluation.models import DataAction
    from rallye.evaluation.records import rally_records
    from rallye.rallies.models import Rally

    if out.exists() and not out.is_dir():
        print(f"{out} est un fichier : donnez un dossier où écrire le jeu de données (--out DOSSIER).", file=sys.stderr)
        return EXIT_INVALID
    records = rally_records(Rally.objects.select_related("structure"))
    paths = write_dataset(records, out)
    people = sum(len(r.people) for r in records)
    log_action(DataAction.PSEUDONYMISED_EXPORT, people=people, detail=f"rallye export pseudonymised : {out.name}")
    print(
        f"Jeu de données pseudonymisé écrit dans {out} : {french.count(people, 'personne')}, "
        f"{french.count(len(records), 'rallye')} (sans nom, coordonnées ni réponses libres ; âges par tranches)."
    )
    for path in paths:
        print(f"  - {path}")
    print(KEY_REMINDER)
    return EXIT_OK


def _export_people(out: Path) -> int:
    from rallye.evaluation.personal_data import export_people

    if out.suffix.lower() != ".csv" or out.is_dir():
        print(f"{out} : l'export complet est un fichier CSV ; donnez un nom qui finit par .csv.", file=sys.stderr)
        return EXIT_INVALID
    people = export_people(out)
    print(f"Export complet écrit : {out} ({french.count(people, 'personne')}, toutes leurs données).")
    print(PEOPLE_REMINDER)
    return EXIT_OK


def purge(dry_run: bool) -> int:
    from rallye.evaluation import personal_data
    from rallye.evaluation.directory_data import directory_due

    today = dt.date.today()
    due = personal_data.due_for_purge(today)
    directory = directory_due(today)
    if not due and not directory:
        print("Aucune donnée à anonymiser aujourd'hui : aucune durée de conservation n'est passée.")
        return EXIT_OK
    people = sum(item.persons for item in due)
    if dry_run:
        print(f"Simulation, rien n'est modifié. À anonymiser : {french.count(people, 'personne')}.")
    else:
        personal_data.purge(today)
        print(f"Anonymisation faite (durée de conservation passée) : {french.count(people, 'personne')}.")
    for item in due:
        people_count = french.count(item.persons, "personne")
        companies = french.count(len(item.companies), "entreprise")
        print(
            f"  - {item.rally.structure.name} · {item.rally.name} (conservé jusqu'au {item.kept_until:%d/%m/%Y}) : "
            f"{people_count}, contacts de {companies}"
        )
    for entry in directory:
        kept = f"{entry.kept_until:%d/%m/%Y}" if entry.kept_until else ""
        print(
            f"  - {entry.company.structure.name} · annuaire, {entry.company.name} (contacts conservés jusqu'au "
            f"{kept}) : {french.count(entry.contacts, 'contact')}"
        )
    print(
        "Nom, prénom, téléphone, e-mail, réponses libres et commentaires de suivi sont effacés ; "
        "les statistiques (genre, âge, diplôme, statut, situation à 6 mois, réponses aux échelles) restent."
    )
    if dry_run:
        print("Relancez sans --dry-run pour anonymiser.")
    return EXIT_OK
