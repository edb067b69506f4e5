"""The three reports of the charter and of the funders, built from plain records:

- the federation report (principle R1): the number and characteristics of the rallies run;
- the Ansa report (principle R2): the same report for a structure's first rally;
- a funder report: what one funder of one structure financed, written for the funder.

The records tell neither which fidelity scores were confirmed nor how much a funder gave: the
caller, who reads the database, passes them in (``confirmed``, ``amounts``).

Each is one :class:`Report` (sections of French text, tables, SVG charts and method notes),
written as a tagged PDF (:func:`report_pdf`) or a workbook (:func:`report_xlsx`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal

from rallye.domain import french
from rallye.domain.statuses import RSA_RULE
from rallye.reporting import sections
from rallye.reporting.content import Euros, KeyFigure, Report, Section
from rallye.reporting.figures import ScoreConfirmation, SeasonFigures, score_confirmation, season_figures
from rallye.reporting.grid import FidelityLine, fidelity_grid_pdf
from rallye.reporting.pdf import report_html, report_pdf
from rallye.reporting.records import RallyRecord
from rallye.reporting.xlsx import report_xlsx

__all__ = [
    "REPORT_YEARS",
    "FidelityLine",
    "Report",
    "ansa_report",
    "federation_report",
    "fidelity_grid_pdf",
    "funder_report",
    "report_filename",
    "report_html",
    "report_pdf",
    "report_xlsx",
    "slug",
]

ACTION = (
    "Un Rallye pour l'emploi fait se rencontrer des personnes en recherche d'emploi et les entreprises de "
    "leur territoire, hors du cadre d'un entretien d'embauche. En petites équipes, chacune dans un véhicule "
    "avec un accompagnateur, les participants visitent six à huit entreprises de secteurs différents en un "
    "jour et demi à deux jours, puis se retrouvent pour un temps de retours d'expérience et un temps de "
    "clôture avec les entreprises, les partenaires et les financeurs. Le rallye vise la remobilisation "
    "professionnelle des participants, la levée des préjugés de part et d'autre et la constitution d'un "
    "premier réseau."
)


Confirmed = Mapping[str, Collection[str]]
"""Rally key → codes of the principles whose score the federation or an evaluator confirmed."""


def federation_report(
    records: Sequence[RallyRecord],
    *,
    federation: str,
    year: int | None,
    today: dt.date | None = None,
    confirmed: Confirmed | None = None,
) -> Report:
    """The report to the federation on every rally given (of ``year`` when set). The caller passes
    the rallies that have taken place; with ``confirmed``, the report says how many fidelity scores
    nobody has confirmed yet."""
    day = today or dt.date.today()
    chosen = _of_year(records, year)
    figures = season_figures(chosen, day)
    confirmation = score_confirmation(chosen, confirmed) if confirmed is not None else None
    breakdowns: list[Section] = []
    if figures.structures > 1:
        breakdowns.append(
            sections.breakdown_section(chosen, "structure", "Par structure", "Structure", "Par structure")
        )
    if len({r.year for r in chosen}) > 1:
        breakdowns.append(sections.breakdown_section(chosen, "year", "Par année", "Année", "Par année"))
    return Report(
        kind="federation",
        title=f"Bilan des Rallyes pour l'emploi — {_period(chosen, year)}",
        subtitle=f"Bilan adressé à la fédération · {federation}",
        period=_period(chosen, year),
        subject=federation,
        structure="",
        years=_years(chosen, year),
        generated=day,
        introduction=(
            "Ce bilan rend compte à la fédération du nombre et des caractéristiques des rallyes menés "
            "(principe R1 de la charte des Rallyes pour l'emploi) : les participants, les entreprises visitées, "
            "les financeurs, la situation des participants six mois après et la fidélité au modèle.",
            f"{_rallies_by(figures.rallies, figures.structures).capitalize()}.",
        ),
        key_figures=sections.key_figures(figures, confirmation=confirmation),
        sections=(*_network_sections(figures, confirmation), *breakdowns),
        rallies=sections.rallies_table(chosen),
        figures=figures,
    )


def _network_sections(figures: SeasonFigures, confirmation: ScoreConfirmation | None) -> tuple[Section, ...]:
    """What the federation and the Ansa read, in this order."""
    return (
        sections.people_section(figures),
        sections.companies_section(figures),
        sections.funders_section(figures),
        sections.outcomes_section(figures),
        sections.survey_section(figures),
        sections.fidelity_section(figures, confirmation),
    )


def ansa_report(
    records: Sequence[RallyRecord],
    *,
    federation: str,
    structure: str,
    today: dt.date | None = None,
    confirmed: Confirmed | None = None,
) -> Report:
    """The same report for the Ansa, on the structure's first rally (once it has taken place)."""
    day = today or dt.date.today()
    chosen = [r for r in records if r.structure == structure and r.first_of_structure]
    figures = season_figures(chosen, day)
    confirmation = score_confirmation(chosen, confirmed) if confirmed is not None else None
    names = ", ".join(f"« {r.name} »" for r in chosen) or "aucun rallye enregistré"
    return Report(
        kind="ansa",
        title=f"Bilan du premier rallye — {structure}",
        subtitle=f"Bilan adressé à l'Ansa · {federation}",
        period=_dates(chosen),
        subject=structure,
        structure="",
        years=_years(chosen, None),
        generated=day,
        introduction=(
            f"Ce bilan du premier Rallye pour l'emploi de {structure} ({names}) est adressé à l'Ansa, comme le "
            "prévoit la charte des Rallyes pour l'emploi pour le premier rallye d'une structure (principe R2). "
            "Il reprend le bilan fait à la fédération.",
        ),
        key_figures=sections.key_figures(figures, confirmation=confirmation),
        sections=_network_sections(figures, confirmation),
        rallies=sections.rallies_table(chosen),
        figures=figures,
    )


def funder_report(
    records: Sequence[RallyRecord],
    *,
    funder: str,
    structure: str,
    year: int | None,
    today: dt.date | None = None,
    amounts: Mapping[str, Decimal | None] | None = None,
    rsa_target: bool = False,
) -> Report:
    """What one funder of ``structure`` financed: the structure's rallies (of ``year`` when set)
    that name it among their funders, and their results. A funder is a structure's: two funders
    of the same name in two structures are two reports. ``amounts``: rally key → the amount this
    funder gave, when recorded. ``rsa_target`` (a département): the RSA beneficiaries counted by
    the département's rule, against the rallies' targets."""
    day = today or dt.date.today()
    chosen = [r for r in _of_year(records, year) if r.structure == structure and funder in r.funders]
    figures = season_figures(chosen, day)
    given = {r.key: amount for r in chosen if (amount := (amounts or {}).get(r.key)) is not None}
    key_figures = sections.key_figures(figures, fidelity=False)
    if given:
        key_figures = (KeyFigure("Montant du soutien", Euros(sum(given.values(), Decimal(0)))), *key_figures)
    rsa_words = ""
    if rsa_target:
        key_figures = (*key_figures, KeyFigure("Bénéficiaires du RSA comptés pour le département", figures.rsa_counted))
        rsa_words = f" {rsa_sentence(figures.rsa_counted, figures.rsa_target)}"
        if figures.rsa_target is not None:
            key_figures = (*key_figures, KeyFigure("Objectif de bénéficiaires du RSA", figures.rsa_target))
    return Report(
        kind="funder",
        title=f"Bilan pour {funder}",
        subtitle=f"{structure} · Les Rallyes pour l'emploi soutenus par {funder}",
        period=_period(chosen, year),
        subject=funder,
        structure=structure,
        years=_years(chosen, year),
        generated=day,
        introduction=(
            ACTION,
            f"{funder} a soutenu {_rallies_by(figures.rallies, figures.structures)}"
            f"{_support(given, len(chosen))}. "
            f"Participants : {french.count(figures.participants, 'personne')} en recherche d'emploi ; "
            f"entreprises visitées (chacune comptée une fois) : {figures.companies}.{rsa_words}",
            _funder_outcome(figures),
        ),
        key_figures=key_figures,
        sections=(
            sections.people_section(figures),
            sections.companies_section(figures),
            sections.outcomes_section(figures),
            sections.survey_section(figures),
            sections.funders_section(figures, heading="Les financeurs de ces rallyes"),
        ),
        rallies=sections.rallies_table(
            chosen, fidelity=False, amounts=amounts if given else None, amount_header=f"Soutien de {funder}"
        ),
        figures=figures,
    )


def rsa_sentence(counted: int, target: int | None) -> str:
    """« 5 bénéficiaires du RSA comptés, pour un objectif de 6. Comptés : … »"""
    counted_words = f"{french.count(counted, 'bénéficiaire')} du RSA {'comptés' if counted > 1 else 'compté'}"
    goal = f", pour un objectif de {target}" if target is not None else ""
    return f"{counted_words}{goal}. {RSA_RULE}"


def _support(given: Mapping[str, Decimal], rallies: int) -> str:
    """«, pour un montant de 6 000 € » (« renseigné pour 1 rallye sur 2 » when some are missing)."""
    if not given:
        return ""
    total = Euros(sum(given.values(), Decimal(0))).text
    if len(given) == rallies:
        return f", pour un montant de {total}"
    return f", pour un montant de {total} (montant renseigné pour {french.count(len(given), 'rallye')} sur {rallies})"


def _funder_outcome(figures: SeasonFigures) -> str:
    solution = figures.solution
    if solution.rate is None:
        return (
            "La situation des participants six mois après le rallye n'est pas encore renseignée : le taux de "
            "solution professionnelle sera donné dans un prochain bilan."
        )
    return (
        f"Solution professionnelle six mois après : {solution.percent_fr()} des personnes dont la situation à "
        "6 mois a été recherchée (emploi, alternance, formation qualifiante, contrat d'insertion ou création "
        "d'entreprise ; les personnes perdues de vue comptent sans solution)."
    )


REPORT_YEARS = range(2000, 2101)
"""The years a report may be asked for (``rallye report --year``, the web's year filter)."""


def report_filename(report: Report, extension: str) -> str:
    """``bilan-federation-2026.pdf``, ``bilan-ansa-mife-de-haute-savoie-2026.xlsx``,
    ``bilan-financeur-reseau-tie-departement-de-l-isere-2025-2026.pdf`` (the structure, then the
    funder): ASCII only."""
    years = f"{report.years[0]}-{report.years[-1]}" if len(report.years) > 1 else "".join(map(str, report.years))
    parts = {
        "federation": ["bilan-federation"],
        "ansa": ["bilan-ansa", slug(report.subject)],
        "funder": ["bilan-financeur", slug(report.structure), slug(report.subject)],
    }[report.kind]
    return "-".join(part for part in (*parts, years) if part) + "." + extension.lstrip(".")


def slug(text: str) -> str:
    """« Département de l'Isère » → ``departement-de-l-isere``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "sans-nom"


def _of_year(records: Sequence[RallyRecord], year: int | None) -> list[RallyRecord]:
    return [r for r in records if year is None or r.year == year]


def _years(records: Sequence[RallyRecord], year: int | None) -> tuple[int, ...]:
    if year is not None:
        return (year,)
    return tuple(sorted({r.year for r in records}))


def _period(records: Sequence[RallyRecord], year: int | None) -> str:
    years = _years(records, year)
    if not years:
        return "aucun rallye"
    if len(years) == 1:
        return f"année {years[0]}"
    return f"années {years[0]} à {years[-1]}"


def _dates(records: Sequence[RallyRecord]) -> str:
    if not records:
        return "aucun rallye"
    return french.period(min(r.first_day for r in records), max(r.last_day for r in records))


def _rallies_by(rallies: int, structures: int) -> str:
    """« 3 rallyes menés par 2 structures », « 1 rallye mené par une structure »."""
    done = "mené" if rallies < 2 else "menés"
    by = "une structure" if structures <= 1 else f"{structures} structures"
    return f"{french.count(rallies, 'rallye')} {done} par {by}"
