"""The sections every report shares, written from a season's figures: who took part, the
companies, the funders, the six-month outcomes, the questionnaires and the fidelity to the model,
each with its table (a workbook sheet), its chart and how it is counted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Literal

from rallye.domain import french
from rallye.domain.fidelity import PRINCIPLES, Heading, overall_mean
from rallye.domain.outcomes import RATE_METHOD, Outcome, solution_rate
from rallye.domain.questionnaires import QUESTIONS
from rallye.reporting import charts
from rallye.reporting.content import Cell, Euros, KeyFigure, Section, Share, Table, cell_text, share
from rallye.reporting.figures import (
    DIPLOMA_LABELS,
    GENDER_LABELS,
    ScoreConfirmation,
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
COMPANIES_VISITED = "Entreprises visitées (comptées une fois par rallye)"
"""The label of the companies counted, wherever they are shown: a company visited in two rallies
counts twice."""
COMPANY_NOTE = (
    "Les entreprises comptées sont celles que les équipes ont visitées d'après le planning ; pour un rallye "
    "sans planning, toutes les entreprises inscrites. Chaque entreprise compte une fois par rallye : une "
    "entreprise visitée lors de deux rallyes compte deux fois. Une visite groupée compte une fois par équipe."
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


def key_figures(
    figures: SeasonFigures, *, fidelity: bool = True, confirmation: ScoreConfirmation | None = None
) -> tuple[KeyFigure, ...]:
    """The figures of « L'essentiel » and of the workbook's « Synthèse »; with ``fidelity``, the
    mean fidelity score and, when ``confirmation`` is known, how many scores nobody confirmed."""
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
        KeyFigure(COMPANIES_VISITED, f.companies),
        KeyFigure("dont entreprises qui recrutent", f.hiring_companies),
        KeyFigure("Secteurs d'activité", len(f.sectors)),
        KeyFigure("Équipes", f.teams),
        KeyFigure("Visites d'entreprises des équipes", f.visits),
        KeyFigure("Financeurs", len(f.funders)),
        KeyFigure("Situations à 6 mois renseignées", f.solution.counted),
        KeyFigure("dont solutions professionnelles", f.solution.solutions),
        KeyFigure("Solution professionnelle à 6 mois", _share(f.solution.rate)),
        KeyFigure("Suivis à 6 mois en retard (date passée, non renseignés)", f.follow_ups_late),
        KeyFigure("Suivis à 6 mois pas encore dus", f.follow_ups_not_due),
        KeyFigure("Questionnaires avant et après (personnes)", f.survey_pairs),
    )
    if not fidelity:
        return shown
    mean = KeyFigure("Note moyenne de fidélité au modèle (sur 4)", f.fidelity_overall)
    if confirmation is None:
        return (*shown, mean)
    proposed = KeyFigure("Notes de fidélité proposées par les données, non confirmées", confirmation.proposed)
    return (*shown, mean, proposed)


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
            f"{french.count(f.companies, 'entreprise visitée', 'entreprises visitées')} "
            f"({'comptée' if f.companies < 2 else 'comptées'} une fois par rallye), dont "
            f"{french.count(f.hiring_companies, 'entreprise qui recrute', 'entreprises qui recrutent')}, "
            f"dans {french.count(len(f.sectors), 'secteur')} d'activité.",
            f"{french.count(f.teams, 'équipe')} et {french.count(f.visits, 'visite')} d'entreprises.",
            *(
                (
                    f"{french.count(f.rallies_with_visits_made, 'rallye compte', 'rallyes comptent')} les visites "
                    "pointées sur place le jour J (les autres, celles de leur planning).",
                )
                if f.rallies_with_visits_made
                else ()
            ),
        ),
        charts=(
            charts.bar_chart(
                "Entreprises visitées par secteur (comptées une fois par rallye)",
                list(f.sectors.items()),
                unit="entr.",
            ),
        ),
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
    """The outcomes' chart and table both give shares of the situations recorded; the follow-ups
    not recorded (late, or not due yet) are said in a sentence, counted nowhere else."""
    f = figures
    parts = [(o.label, f.outcomes[o.value]) for o in Outcome]
    rows = tuple((label, n, share(n, f.solution.counted)) for label, n in parts)
    return Section(
        "La situation six mois après le rallye",
        paragraphs=tuple(p for p in (_rate_sentence(f), not_recorded_sentence(f)) if p),
        charts=(
            charts.stacked_share_chart(
                "Situation des participants à 6 mois",
                parts,
                description="Parts calculées sur les situations renseignées.",
            ),
        ),
        tables=(
            Table(
                "Situation à 6 mois (parts des situations renseignées)",
                ("Situation", "Personnes", "Part"),
                rows,
                "Situation à 6 mois",
            ),
        ),
        notes=(RATE_METHOD,),
    )


def _rate_sentence(figures: SeasonFigures) -> str:
    solution = figures.solution
    if solution.rate is None:
        return (
            "Aucune situation à 6 mois n'est encore renseignée : le taux de solution professionnelle n'est pas "
            "disponible."
        )
    return (
        f"Solution professionnelle à 6 mois : {solution.percent_fr()} ({solution.solutions} sur "
        f"{french.count(solution.counted, 'situation renseignée', 'situations renseignées')}, dont "
        f"{french.count(solution.lost, 'personne perdue', 'personnes perdues')} de vue)."
    )


def not_recorded_sentence(figures: SeasonFigures) -> str:
    """« 1 suivi en retard (date passée, situation pas encore renseignée) et 2 suivis pas encore dus ne
    sont pas comptés. », or « » when every situation is recorded."""
    late, not_due = figures.follow_ups_late, figures.follow_ups_not_due
    parts = []
    if late:
        parts.append(f"{french.count(late, 'suivi')} en retard (date passée, situation pas encore renseignée)")
    if not_due:
        parts.append(f"{french.count(not_due, 'suivi')} pas encore {'dû' if not_due < 2 else 'dus'}")
    if not parts:
        return ""
    verb = "n'est pas compté" if late + not_due < 2 else "ne sont pas comptés"
    return f"{' et '.join(parts)} {verb}."


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
    pairs = french.count(f.survey_pairs, "personne ayant répondu", "personnes ayant répondu")
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
                f"Ce que les personnes comptent faire dans le mois ({pairs} avant et après)",
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


def confirmation_sentence(confirmation: ScoreConfirmation) -> str:
    """How many of the scores the fidelity means are made of nobody has confirmed yet."""
    c = confirmation
    if not c.scores:
        return ""
    if not c.proposed:
        return "Toutes ces notes ont été confirmées par la fédération ou un évaluateur."
    if c.proposed == 1:
        return (
            f"1 note sur {c.scores} est proposée par les données du rallye et pas encore confirmée par la "
            "fédération ou un évaluateur."
        )
    return (
        f"{c.proposed} notes sur {c.scores} sont proposées par les données des rallyes et pas encore confirmées "
        "par la fédération ou un évaluateur."
    )


def fidelity_section(figures: SeasonFigures, confirmation: ScoreConfirmation | None = None) -> Section:
    """With ``confirmation``, the section says how many scores are the data's proposal only."""
    f = figures
    headings = [(Heading(key).label, mean) for key, mean in f.fidelity_headings.items()]
    principle_rows = tuple((p.code, p.heading.label, p.text, f.fidelity_principles[p.code]) for p in PRINCIPLES)
    overall = (
        f"Note d'ensemble : {cell_text(f.fidelity_overall)} sur 4, sur "
        f"{french.count(f.fidelity_rallies, 'rallye')} {'évalués' if f.fidelity_rallies > 1 else 'évalué'}."
    )
    confirmed = confirmation_sentence(confirmation) if confirmation is not None else ""
    return Section(
        "La fidélité au modèle",
        paragraphs=(f"{overall} {confirmed}".strip(),),
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


def rallies_table(
    records: Sequence[RallyRecord],
    *,
    fidelity: bool = True,
    amounts: Mapping[str, Decimal | None] | None = None,
    amount_header: str = "Montant",
) -> Table:
    """One row per rally; with ``amounts`` (rally key → amount), a column of the amounts."""
    headers: tuple[str, ...] = (
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
        if amounts is not None:
            amount = amounts.get(record.key)
            row = (*row, None if amount is None else Euros(amount))
        rows.append((*row, overall_mean(record.fidelity)) if fidelity else row)
    if amounts is not None:
        headers = (*headers, amount_header)
    return Table("Les rallyes", (*headers, "Fidélité (sur 4)") if fidelity else headers, tuple(rows), "Rallyes")


def _counts(title: str, sheet: str, counts: Sequence[tuple[str, int]], whole: int, *, of: str = "Personnes") -> Table:
    """Counts per category with their share of ``whole``; the sheet's name heads the first column."""
    return Table(title, (sheet, of, "Part"), tuple((label, n, share(n, whole)) for label, n in counts), sheet)


def _share(value: float | None) -> Share | None:
    return None if value is None else Share(value)
