"""The sections every report shares, written from a season's figures: who took part, the
companies, the funders, the six-month outcomes, the questionnaires and the fidelity to the model,
each with its table (a workbook sheet), its chart and how it is counted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from rallye.domain import french
from rallye.domain.fidelity import PRINCIPLES, Heading, overall_mean
from rallye.domain.outcomes import RATE_METHOD, Outcome, solution_rate
from rallye.domain.questionnaires import QUESTIONS
from rallye.reporting import charts
from rallye.reporting.content import Cell, KeyFigure, Section, Share, Table, cell_text, share
from rallye.reporting.figures import (
    DIPLOMA_LABELS,
    GENDER_LABELS,
    SeasonFigures,
    counted_companies,
    figures_by,
)
from rallye.reporting.records import RallyRecord

QUESTIONS_BY_KEY = {q.key: q for q in QUESTIONS}
PEOPLE_NOTE = (
    "Les personnes comptées sont celles qui ont participé au rallye ; les personnes inscrites qui ne sont "
    "pas venues sont comptées à part. L'âge est celui atteint dans l'année du rallye."
)
DIPLOMA_NOTE = (
    "Niveaux de diplôme de la nomenclature nationale (3 : CAP, BEP ; 4 : baccalauréat ; 5 : bac+2…). "
    "La part sous le baccalauréat est calculée sur les personnes dont le niveau est connu."
)
COMPANY_NOTE = (
    "Les entreprises comptées sont celles que les équipes ont visitées d'après le planning ; pour un rallye "
    "sans planning, toutes les entreprises inscrites. Une visite groupée compte une fois par équipe."
)
SURVEY_NOTE = (
    "Moyennes des réponses sur une échelle de 1 (pas du tout d'accord) à 4 (tout à fait d'accord), "
    "calculées sur les personnes qui ont répondu avant et après le rallye. Pour le sentiment d'isolement, "
    "une baisse est une amélioration."
)
FIDELITY_NOTE = (
    "Chaque principe de la grille de fidélité est noté de 0 (la structure ne le fait pas) à 4 (comme dans "
    "le modèle), ou « non évaluable à ce stade ». La note d'un principe est la moyenne des rallyes où il a "
    "pu être évalué ; la note d'une rubrique et la note d'ensemble sont les moyennes des notes de chaque "
    "rallye, pour que chaque rallye compte autant."
)


def key_figures(figures: SeasonFigures, *, fidelity: bool = True) -> tuple[KeyFigure, ...]:
    """The figures of « L'essentiel » and of the workbook's « Synthèse »."""
    f = figures
    shown = (
        KeyFigure("Rallyes", f.rallies),
        KeyFigure("Structures organisatrices", f.structures),
        KeyFigure("Participants", f.participants),
        KeyFigure("Inscrits absents (non comptés)", f.absent),
        KeyFigure("Femmes", f.women),
        KeyFigure("Part des femmes", share(f.women, f.participants)),
        KeyFigure("Hommes", f.men),
        KeyFigure("Autre ou non précisé", f.other_gender),
        KeyFigure("Âge moyen", f.age_mean),
        KeyFigure("Âge le plus jeune", f.age_min),
        KeyFigure("Âge le plus élevé", f.age_max),
        KeyFigure("Niveau inférieur au baccalauréat", f.below_baccalaureate),
        KeyFigure("Part sous le baccalauréat (niveaux connus)", _share(f.below_baccalaureate_share)),
        KeyFigure("Niveau de diplôme non renseigné", f.diploma_unknown),
        KeyFigure("Bénéficiaires du RSA", f.rsa),
        KeyFigure("Part de bénéficiaires du RSA", share(f.rsa, f.participants)),
        KeyFigure("Entreprises visitées", f.companies),
        KeyFigure("dont entreprises qui recrutent", f.hiring_companies),
        KeyFigure("Secteurs d'activité", len(f.sectors)),
        KeyFigure("Équipes", f.teams),
        KeyFigure("Visites d'entreprises des équipes", f.visits),
        KeyFigure("Financeurs", len(f.funders)),
        KeyFigure("Situations à 6 mois renseignées", f.solution.counted),
        KeyFigure("dont solutions professionnelles", f.solution.solutions),
        KeyFigure("Solution professionnelle à 6 mois", _share(f.solution.rate)),
        KeyFigure("Suivis à 6 mois pas encore renseignés", f.solution.not_recorded),
        KeyFigure("Questionnaires avant et après (personnes)", f.survey_pairs),
    )
    return (*shown, KeyFigure("Note moyenne de fidélité au modèle (sur 4)", f.fidelity_overall)) if fidelity else shown


def people_section(figures: SeasonFigures) -> Section:
    f = figures
    genders = ((GENDER_LABELS["F"], f.women), (GENDER_LABELS["M"], f.men), (GENDER_LABELS["X"], f.other_gender))
    diplomas = [(DIPLOMA_LABELS.get(level, f"Niveau {level}"), n) for level, n in f.diploma_levels.items()]
    if f.diploma_unknown:
        diplomas.append(("Non renseigné", f.diploma_unknown))
    age = (
        f"Âge moyen : {french.number(f.age_mean)} ans (de {f.age_min} à {f.age_max} ans)."
        if f.age_mean is not None
        else "Âge : non disponible."
    )
    return Section(
        "Les participants",
        paragraphs=(
            f"{french.count(f.participants, 'personne')} {'ont' if f.participants > 1 else 'a'} participé "
            f"({french.count(f.absent, 'inscrit absent', 'inscrits absents')}), dont "
            f"{french.count(f.women, 'femme')} et {french.count(f.men, 'homme')}.",
            age,
            f"{french.count(f.below_baccalaureate, 'personne')} sous le niveau du baccalauréat "
            f"({cell_text(_share(f.below_baccalaureate_share))} des niveaux connus) ; "
            f"{french.count(f.rsa, 'bénéficiaire')} du RSA.",
        ),
        charts=(
            charts.stacked_share_chart("Genre des participants", genders),
            charts.bar_chart("Âge des participants", list(f.age_bands.items()), unit="pers."),
            charts.bar_chart("Niveau de diplôme", diplomas, unit="pers."),
            charts.bar_chart("Prescripteurs", list(f.prescribers.items()), unit="pers."),
        ),
        tables=(
            _counts("Genre", "Genre", genders, f.participants),
            _counts("Tranches d'âge", "Âge", list(f.age_bands.items()), f.participants),
            _counts("Niveaux de diplôme", "Diplômes", diplomas, f.participants),
            _counts("Statuts", "Statuts", list(f.statuses.items()), f.participants),
            _counts("Prescripteurs", "Prescripteurs", list(f.prescribers.items()), f.participants),
        ),
        notes=(PEOPLE_NOTE, DIPLOMA_NOTE),
    )


def companies_section(figures: SeasonFigures) -> Section:
    f = figures
    return Section(
        "Les entreprises, les équipes et les visites",
        paragraphs=(
            f"{french.count(f.companies, 'entreprise visitée', 'entreprises visitées')}, dont "
            f"{french.count(f.hiring_companies, 'entreprise qui recrute', 'entreprises qui recrutent')}, "
            f"dans {french.count(len(f.sectors), 'secteur')} d'activité.",
            f"{french.count(f.teams, 'équipe')} et {french.count(f.visits, 'visite')} d'entreprises.",
        ),
        charts=(charts.bar_chart("Entreprises visitées par secteur", list(f.sectors.items()), unit="entr."),),
        tables=(
            _counts(
                "Entreprises par secteur d'activité", "Secteurs", list(f.sectors.items()), f.companies, of="Entreprises"
            ),
        ),
        notes=(COMPANY_NOTE,),
    )


def funders_section(figures: SeasonFigures, heading: str = "Les financeurs") -> Section:
    rows = tuple((name, n) for name, n in figures.funders.items())
    return Section(
        heading,
        paragraphs=(f"{french.count(len(rows), 'financeur')} pour {french.count(figures.rallies, 'rallye')}.",),
        tables=(Table("Financeurs et nombre de rallyes financés", ("Financeur", "Rallyes"), rows, "Financeurs"),),
    )


def outcomes_section(figures: SeasonFigures) -> Section:
    f = figures
    parts = [(o.label, f.outcomes[o.value]) for o in Outcome]
    if f.solution.not_recorded:
        parts.append(("Pas encore renseigné", f.solution.not_recorded))
    rows: list[tuple[Cell, ...]] = [
        (o.label, f.outcomes[o.value], share(f.outcomes[o.value], f.solution.counted)) for o in Outcome
    ]
    rows.append(("Pas encore renseigné (non compté)", f.solution.not_recorded, None))
    return Section(
        "La situation six mois après le rallye",
        paragraphs=(
            f"Solution professionnelle à 6 mois : {f.solution.percent_fr()} "
            f"({f.solution.solutions} sur "
            f"{french.count(f.solution.counted, 'situation renseignée', 'situations renseignées')}"
            f", dont {french.count(f.solution.lost, 'personne perdue', 'personnes perdues')} de vue). "
            f"{french.count(f.solution.not_recorded, 'suivi', 'suivis')} pas encore "
            f"{'renseignés' if f.solution.not_recorded > 1 else 'renseigné'}.",
        ),
        charts=(charts.stacked_share_chart("Situation des participants à 6 mois", parts),),
        tables=(Table("Situation à 6 mois", ("Situation", "Personnes", "Part"), tuple(rows), "Situation à 6 mois"),),
        notes=(RATE_METHOD,),
    )


def survey_section(figures: SeasonFigures) -> Section:
    f = figures
    themes = [c.question.theme.capitalize() for c in f.survey]
    survey_rows = tuple(
        (c.question.theme.capitalize(), c.question.text, c.pairs, c.before_mean, c.after_mean, c.change)
        for c in f.survey
    )
    company_rows: list[tuple[Cell, ...]] = [(QUESTIONS_BY_KEY[key].text, mean) for key, mean in f.company_means.items()]
    choice_rows: list[tuple[Cell, ...]] = []
    for key, counts in f.company_choices.items():
        question = QUESTIONS_BY_KEY[key]
        choice_rows.extend((question.text, question.label_of(value), n) for value, n in counts.items())
    intention = QUESTIONS_BY_KEY["intention"]
    intention_rows = tuple(
        (intention.label_of(value), n, f.intentions_after.get(value, 0)) for value, n in f.intentions_before.items()
    )
    return Section(
        "Les questionnaires avant et après le rallye",
        paragraphs=(
            f"{french.count(f.survey_pairs, 'personne')} {'ont' if f.survey_pairs > 1 else 'a'} répondu avant et "
            f"après le rallye ; {french.count(f.company_feedback, 'entreprise')} "
            f"{'ont donné leur' if f.company_feedback > 1 else 'a donné son'} retour.",
        ),
        charts=(
            charts.grouped_bar_chart(
                "Réponses avant et après le rallye (moyenne sur 4)",
                themes,
                (("Avant", [c.before_mean for c in f.survey]), ("Après", [c.after_mean for c in f.survey])),
                maximum=4,
            ),
        ),
        tables=(
            Table(
                "Avant et après le rallye (moyennes sur 4)",
                ("Thème", "Question", "Personnes", "Avant", "Après", "Évolution"),
                survey_rows,
                "Questionnaires",
            ),
            Table(
                "Ce que les personnes comptent faire dans le mois",
                ("Projet", "Avant", "Après"),
                intention_rows,
                "Projets",
            ),
            Table(
                "Retours des entreprises (moyennes sur 4)",
                ("Question", "Moyenne"),
                tuple(company_rows),
                "Retours entreprises",
            ),
            Table(
                "Réponses des entreprises",
                ("Question", "Réponse", "Entreprises"),
                tuple(choice_rows),
                "Choix entreprises",
            ),
        ),
        notes=(SURVEY_NOTE,),
    )


def fidelity_section(figures: SeasonFigures) -> Section:
    f = figures
    headings = [(Heading(key).label, mean) for key, mean in f.fidelity_headings.items()]
    principle_rows = tuple((p.code, p.heading.label, p.text, f.fidelity_principles[p.code]) for p in PRINCIPLES)
    return Section(
        "La fidélité au modèle",
        paragraphs=(
            f"Note d'ensemble : {cell_text(f.fidelity_overall)} sur 4, sur "
            f"{french.count(f.fidelity_rallies, 'rallye')} {'évalués' if f.fidelity_rallies > 1 else 'évalué'}.",
        ),
        charts=(
            charts.bar_chart(
                "Note moyenne par rubrique de la grille (sur 4)",
                [(label, mean) for label, mean in headings if mean is not None],
                maximum=4,
            ),
            charts.bar_chart(
                "Note moyenne par principe (sur 4)",
                [
                    (f"{p.code} {p.text}", mean)
                    for p in PRINCIPLES
                    if (mean := f.fidelity_principles[p.code]) is not None
                ],
                maximum=4,
            ),
        ),
        tables=(
            Table("Note moyenne par rubrique", ("Rubrique", "Note sur 4"), tuple(headings), "Fidélité rubriques"),
            Table(
                "Note moyenne par principe",
                ("Code", "Rubrique", "Principe", "Note sur 4"),
                principle_rows,
                "Fidélité principes",
            ),
        ),
        notes=(FIDELITY_NOTE,),
    )


def breakdown_section(
    records: Sequence[RallyRecord], key: Literal["year", "structure"], heading: str, label: str, sheet: str
) -> Section:
    """The main figures side by side for each year or each structure."""
    groups = figures_by(records, key)
    rows = tuple(
        (
            name,
            g.rallies,
            g.participants,
            share(g.women, g.participants),
            g.age_mean,
            _share(g.below_baccalaureate_share),
            g.companies,
            _share(g.solution.rate),
            g.fidelity_overall,
        )
        for name, g in groups.items()
    )
    return Section(
        heading,
        charts=(
            charts.bar_chart(
                f"Participants par {label.lower()}",
                [(name, g.participants) for name, g in groups.items()],
                unit="pers.",
            ),
        ),
        tables=(
            Table(
                heading,
                (
                    label,
                    "Rallyes",
                    "Participants",
                    "Part des femmes",
                    "Âge moyen",
                    "Sous le baccalauréat",
                    "Entreprises",
                    "Solution à 6 mois",
                    "Fidélité (sur 4)",
                ),
                rows,
                sheet,
            ),
        ),
    )


def rallies_table(records: Sequence[RallyRecord], *, fidelity: bool = True) -> Table:
    headers = (
        "Rallye",
        "Structure",
        "Premier jour",
        "Dernier jour",
        "Participants",
        "Entreprises",
        "Solution à 6 mois",
    )
    rows: list[tuple[Cell, ...]] = []
    for record in records:
        solution = solution_rate(p.outcome for p in record.participants)
        row: tuple[Cell, ...] = (
            record.name,
            record.structure,
            record.first_day,
            record.last_day,
            len(record.participants),
            len(counted_companies(record)),
            _share(solution.rate),
        )
        rows.append((*row, overall_mean(record.fidelity)) if fidelity else row)
    return Table("Les rallyes", (*headers, "Fidélité (sur 4)") if fidelity else headers, tuple(rows), "Rallyes")


def _counts(title: str, sheet: str, counts: Sequence[tuple[str, int]], whole: int, *, of: str = "Personnes") -> Table:
    """Counts per category with their share of ``whole``; the sheet's name heads the first column."""
    return Table(title, (sheet, of, "Part"), tuple((label, n, share(n, whole)) for label, n in counts), sheet)


def _share(value: float | None) -> Share | None:
    return None if value is None else Share(value)
