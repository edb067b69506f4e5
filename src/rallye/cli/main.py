"""The ``rallye`` command line.

Exit codes (part of the file contract, ``shared/spec/rally-files.md``):
0 success · 2 invalid input · 3 no plan can keep the hard rules · 4 the plan breaks a rule ·
5 no plan found within the time limit (not proven impossible).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from rallye.engine.params import Progress

if TYPE_CHECKING:
    from rallye.domain.rally import Rally
    from rallye.engine.params import SolveParams
    from rallye.engine.results import NoPlanFound, SolveResult

EXIT_OK = 0
EXIT_INVALID = 2
EXIT_NO_PLAN = 3
EXIT_RULE_BROKEN = 4
EXIT_NO_PLAN_IN_TIME = 5

REPORT_KINDS = ("federation", "ansa", "funders")
EXPORT_KINDS = ("pseudonymised", "people")
DOCUMENT_KINDS = ("roadbook", "company", "convocation", "overview", "diploma", "funder")
"""The kinds of ``rallye documents`` (``rallye.documents.KINDS``, kept here so that ``--help`` stays fast)."""


class _FrenchHelp(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


class _FrenchParser(argparse.ArgumentParser):
    """argparse with its headings and help option in French (its own error details stay English:
    Python ships no French catalogue for them)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _FrenchHelp)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="afficher cette aide")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"{self.prog} : erreur : {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _FrenchParser(
        prog="rallye",
        description="Préparer et planifier un Rallye pour l'emploi.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    plan = commands.add_parser(
        "plan", help="calculer le meilleur planning d'un rallye", description="Calcule le planning."
    )
    plan.add_argument("rally", type=Path, help="fichier du rallye (rally.json ou classeur .xlsx)")
    plan.add_argument("--out", type=Path, required=True, help="dossier où écrire le planning")
    _solver_options(plan)

    replan = commands.add_parser(
        "replan",
        help="refaire le planning le matin même (absents, entreprises retirées)",
        description="Le plus petit changement du planning qui respecte toutes les règles une fois ces "
        "personnes absentes et ces entreprises retirées. Les équipes et visites marquées "
        '"locked": true dans le planning sont gardées telles quelles.',
    )
    replan.add_argument("rally", type=Path, help="fichier du rallye (rally.json ou .xlsx)")
    replan.add_argument("plan", type=Path, help="le planning actuel (plan.json)")
    replan.add_argument("--absent", default="", metavar="P07,P12", help="identifiants des participants absents")
    replan.add_argument("--cancel", default="", metavar="C04", help="identifiants des entreprises qui se retirent")
    replan.add_argument("--out", type=Path, required=True, help="dossier où écrire le nouveau planning")
    _solver_options(replan, default_time_limit=10.0)

    check = commands.add_parser(
        "check",
        help="vérifier un planning contre la charte",
        description="Rapport de conformité d'un planning (fait par Rallye ou à la main).",
    )
    check.add_argument("rally", type=Path, help="fichier du rallye (rally.json ou .xlsx)")
    check.add_argument("plan", type=Path, help="fichier du planning (plan.json)")

    demo = commands.add_parser(
        "demo",
        help="ouvrir l'espace web de démonstration",
        description="Crée la base, charge les données de démonstration, lance le travailleur de fond et "
        "le serveur sur 127.0.0.1, puis affiche les comptes de démonstration.",
    )
    demo.add_argument("--port", type=int, default=8000, help="port du serveur (8000)")
    demo.add_argument("--no-browser", action="store_true", help="ne pas ouvrir le navigateur")
    demo.add_argument("--no-serve", action="store_true", help="préparer la base seulement, sans lancer le serveur")

    init = commands.add_parser(
        "init",
        help="créer la fédération et son premier administrateur (base vide)",
        description="Sur une base neuve : crée les tables, la fédération et le compte de son premier "
        "administrateur, qui ajoute ensuite les structures et invite leurs équipes depuis l'espace web. "
        "Le mot de passe est demandé (deux fois), ou lu sur l'entrée standard.",
    )
    init.add_argument("--federation", required=True, metavar="NOM", help="nom de la fédération")
    init.add_argument("--email", required=True, help="adresse e-mail de l'administrateur")
    init.add_argument("--first-name", default="", metavar="PRÉNOM", help="prénom de l'administrateur")
    init.add_argument("--last-name", default="", metavar="NOM", help="nom de l'administrateur")

    serve = commands.add_parser("serve", help="lancer le serveur web", description="Lance le serveur web.")
    serve.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (8000)")
    serve.add_argument(
        "--processes",
        type=int,
        default=1,
        metavar="N",
        help="processus du serveur (1) ; un par cœur du serveur pour servir beaucoup de monde à la fois",
    )
    worker = commands.add_parser(
        "worker", help="lancer le travailleur de fond (calculs de planning)", description="Exécute les tâches de fond."
    )
    worker.add_argument(
        "--queue",
        default="default",
        metavar="NOM",
        help="files de tâches à traiter, séparées par des virgules (default)",
    )
    worker.add_argument("--threads", type=int, default=1, metavar="N", help="tâches menées en même temps (1)")
    sweep = commands.add_parser(
        "sweep",
        help="remettre en ordre les tâches de fond (à lancer régulièrement)",
        description="Marque en échec les calculs interrompus, relance les calculs en attente sans tâche "
        "et supprime les résultats de tâches terminées anciens.",
    )
    sweep.add_argument(
        "--keep-days",
        type=int,
        metavar="N",
        help="jours de résultats de tâches gardés (un mois par défaut)",
    )
    backup = commands.add_parser(
        "backup",
        help="sauvegarder la base et le dossier de données dans une archive",
        description="Écrit une archive .tar.gz : toute la base de données, les logos, les fichiers déposés "
        "et la clé des pseudonymes.",
    )
    backup.add_argument("--out", type=Path, required=True, help="archive à écrire (.tar.gz)")
    restore = commands.add_parser(
        "restore",
        help="restaurer une sauvegarde dans une base vide",
        description="Recharge une archive de rallye backup dans une base de données vide et son dossier de données.",
    )
    restore.add_argument("file", type=Path, help="archive écrite par rallye backup")
    manage = commands.add_parser(
        "manage", help="commandes d'administration de Django", description="Commandes de Django (migrate…)."
    )
    manage.add_argument("arguments", nargs=argparse.REMAINDER)

    documents = commands.add_parser(
        "documents",
        help="imprimer les documents du rallye (PDF)",
        description="Écrit les documents du rallye en PDF : carnets de route des équipes, fiches entreprises, "
        "convocations, planning d'ensemble, diplômes et fiche action, plus documents.zip qui les réunit.",
    )
    documents.add_argument("rally", type=Path, help="fichier du rallye (rally.json ou .xlsx)")
    documents.add_argument("plan", type=Path, help="fichier du planning (plan.json)")
    documents.add_argument("--out", type=Path, required=True, help="dossier où écrire les documents")
    documents.add_argument(
        "--kind",
        action="append",
        choices=DOCUMENT_KINDS,
        metavar="TYPE",
        help=f"documents à écrire, option répétable ({', '.join(DOCUMENT_KINDS)} ; par défaut : tous)",
    )

    fidelity = commands.add_parser(
        "fidelity",
        help="pré-remplir la grille de fidélité au modèle",
        description="Affiche la grille de fidélité du rallye (19 principes, notés de 0 à 4 ou « non évaluable "
        "à ce stade »), pré-remplie à partir du rallye et de son planning, avec ce qui justifie chaque note.",
    )
    fidelity.add_argument("rally", type=Path, help="fichier du rallye (rally.json ou .xlsx)")
    fidelity.add_argument("plan", type=Path, help="fichier du planning (plan.json)")

    report = commands.add_parser(
        "report",
        help="écrire les bilans (fédération, Ansa, financeurs) depuis la base",
        description="Écrit les bilans en PDF et en classeur XLSX à partir de la base de données : "
        "« federation » le bilan de la fédération, « ansa » le bilan des premiers rallyes des structures, "
        "« funders » un bilan par financeur.",
    )
    report.add_argument("kind", choices=REPORT_KINDS, help="le bilan à écrire")
    report.add_argument("--year", type=int, metavar="AAAA", help="l'année des rallyes (par défaut : toutes)")
    report.add_argument("--out", type=Path, required=True, help="dossier où écrire le bilan")

    export = commands.add_parser(
        "export",
        help="exporter les données des personnes (pseudonymisées ou complètes)",
        description="« pseudonymised » écrit le jeu de données des évaluateurs (pseudonymes, tranches d'âge, "
        "sans nom ni coordonnées) ; « people » écrit toutes les données des personnes, pour l'exploitant "
        "(par exemple pour répondre à une demande d'accès). Chaque export est écrit dans le journal.",
    )
    export.add_argument("kind", choices=EXPORT_KINDS, help="le jeu de données à écrire")
    export.add_argument("--out", type=Path, required=True, help="dossier (pseudonymised) ou fichier .csv (people)")

    purge = commands.add_parser(
        "purge",
        help="anonymiser les données personnelles dont la durée de conservation est passée",
        description="Efface nom, coordonnées et commentaires des participants dont la durée de conservation "
        "de leur structure est passée (par défaut 24 mois après le suivi à 6 mois). Les statistiques restent.",
    )
    purge.add_argument("--dry-run", action="store_true", help="montrer ce qui serait anonymisé, sans rien changer")

    retroplanning = commands.add_parser(
        "retroplanning",
        help="écrire le rétroplanning de la préparation (ICS, XLSX) et les conseils",
        description="Écrit retroplanning.ics (à ouvrir dans un agenda) et retroplanning.xlsx : les tâches des "
        "huit phases de la préparation, datées à rebours du premier jour du rallye (modèle par défaut), puis "
        "affiche les conseils que déclenchent les données du rallye.",
    )
    retroplanning.add_argument("rally", type=Path, help="fichier du rallye (rally.json ou .xlsx)")
    retroplanning.add_argument("--out", type=Path, required=True, help="dossier où écrire les fichiers")
    retroplanning.add_argument(
        "--pathway",
        action="store_true",
        help="rallye inscrit dans un parcours (accompagnement avant, accompagnement intensif après)",
    )

    template = commands.add_parser(
        "template", help="écrire le classeur vide à remplir", description="Écrit le modèle de classeur."
    )
    template.add_argument("file", type=Path, help="classeur à créer (.xlsx)")
    return parser


def _solver_options(parser: argparse.ArgumentParser, default_time_limit: float = 45.0) -> None:
    parser.add_argument(
        "--time-limit",
        type=float,
        default=default_time_limit,
        metavar="S",
        help=f"temps de calcul maximum en secondes ({default_time_limit:g})",
    )
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="graine du solveur (0)")
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        metavar="N",
        help="processus de recherche (2 : les deux cœurs). Avec 1, le calcul est reproductible : "
        "même graine, même planning (la limite de temps est alors comptée en temps déterministe).",
    )
    parser.add_argument("--quiet", action="store_true", help="ne pas afficher la progression")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from rallye.formats.problems import InvalidInput

    try:
        if args.command == "plan":
            return _plan(args)
        if args.command == "replan":
            return _replan(args)
        if args.command == "check":
            return _check(args)
        if args.command == "template":
            return _template(args)
        if args.command == "documents":
            return _documents(args)
        if args.command == "fidelity":
            return _fidelity(args)
        if args.command == "retroplanning":
            return _retroplanning(args)
        if args.command in (
            "demo",
            "init",
            "serve",
            "worker",
            "manage",
            "report",
            "export",
            "purge",
            "sweep",
            "backup",
            "restore",
        ):
            return _web(args)
    except InvalidInput as invalid:
        _print_problems(invalid)
        return EXIT_INVALID
    raise AssertionError(args.command)


def _print_problems(invalid: object) -> None:
    from rallye.formats.problems import listed

    problems = getattr(invalid, "problems", [])
    count = len(problems)
    print(
        f"Fichier invalide : {count} problème{'s' if count > 1 else ''} à corriger "
        "(rien n'a été calculé ni enregistré).",
        file=sys.stderr,
    )
    shown, more = listed(problems)
    for problem in shown:
        print(f"  - {problem}", file=sys.stderr)
    if more:
        print(f"  {more}", file=sys.stderr)


class _ProgressPrinter:
    """Shows the solve's progress on stderr, at most once a second."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.last = 0.0

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        milestone = progress.stage == "first_plan"
        if self.quiet or (now - self.last < 1.0 and not milestone):
            return
        self.last = now
        from rallye.domain import french
        from rallye.wording import term_label

        if progress.stage == "first_plan":
            print(f"  {french.number(progress.elapsed)} s · premier planning complet trouvé", file=sys.stderr)
            return
        terms = ", ".join(f"{term_label(name)} {value}" for name, value in progress.terms.items())
        gap = french.number(progress.gap * 100)
        print(f"  {french.number(progress.elapsed)} s · {terms} · écart à la borne {gap} %", file=sys.stderr)


def _params(args: argparse.Namespace) -> SolveParams:
    from rallye.engine.params import SolveParams

    return SolveParams(
        time_limit=args.time_limit,
        seed=args.seed,
        workers=args.workers,
        on_progress=_ProgressPrinter(args.quiet),
    )


def _no_plan(no_plan: NoPlanFound) -> int:
    from rallye.wording import no_plan_reasons, no_plan_title

    print(f"{no_plan_title(no_plan)} :", file=sys.stderr)
    for reason in no_plan_reasons(no_plan, "Relancez avec plus de temps (--time-limit)"):
        print(f"  - {reason}", file=sys.stderr)
    return EXIT_NO_PLAN if no_plan.proven else EXIT_NO_PLAN_IN_TIME


def _write_outputs(rally: Rally, result: SolveResult, out: Path, before: list[str]) -> None:
    """Write plan.json, planning.xlsx and resume.txt, and print the summary."""
    from rallye.cli.summary import plan_summary
    from rallye.domain.compliance import check_plan
    from rallye.domain.travel import TravelTimes
    from rallye.formats.plan_json import dump_plan
    from rallye.formats.plan_xlsx import write_plan_xlsx

    travel = TravelTimes(rally)
    out.mkdir(parents=True, exist_ok=True)
    (out / "plan.json").write_text(dump_plan(result.plan), encoding="utf-8")
    write_plan_xlsx(rally, result.plan, travel, out / "planning.xlsx")
    report = check_plan(rally, result.plan)
    lines = [
        *plan_summary(rally, result.plan, result.metrics, travel),
        *before,
        "",
        "Conformité à la charte :",
        *report.lines(),
        "",
        f"Fichiers écrits : {out / 'plan.json'}, {out / 'planning.xlsx'}, {out / 'resume.txt'}",
    ]
    text = "\n".join(lines) + "\n"
    (out / "resume.txt").write_text(text, encoding="utf-8")
    print(text, end="")


def _plan(args: argparse.Namespace) -> int:
    from rallye.engine.results import NoPlanFound
    from rallye.engine.solve import solve

    rally = _load_rally(args.rally)
    if not args.quiet:
        print(f"Calcul du planning de « {rally.name} » (au plus {args.time_limit:g} s)…", file=sys.stderr)
    try:
        result = solve(rally, _params(args))
    except NoPlanFound as no_plan:
        return _no_plan(no_plan)
    _write_outputs(rally, result, args.out, [])
    return EXIT_OK


def _load_rally(path: Path) -> Rally:
    """The rally file, its places given by address only located by ``RALLYE_GEOCODER_URL``'s service.

    What was located is told on stderr, addresses found with a low score flagged for checking."""
    from rallye.domain import french
    from rallye.formats.load import load_rally
    from rallye.formats.places import AddressBook
    from rallye.geocoding import geocoder_from_env

    book = AddressBook(geocoder_from_env())
    rally = load_rally(path, places=book)
    if book.located:
        count = french.count(len(book.located), "lieu localisé", "lieux localisés")
        print(f"{count} d'après l'adresse (Base adresse nationale) :", file=sys.stderr)
        for located in book.located:
            score = french.number(located.found.score, 2)
            check = " — à vérifier (score faible)" if located.low else ""
            print(
                f"  - {located.where} : « {located.address} » → « {located.found.label} » (score {score}){check}",
                file=sys.stderr,
            )
    return rally


def _ids(text: str) -> frozenset[str]:
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def _replan(args: argparse.Namespace) -> int:
    from rallye.cli.summary import changes_summary
    from rallye.engine.replan import replan
    from rallye.engine.results import NoPlanFound, UnknownIds
    from rallye.formats.load import load_plan
    from rallye.formats.problems import InvalidInput, Problem

    rally = _load_rally(args.rally)
    previous = load_plan(args.plan)
    if not args.quiet:
        print(f"Nouveau calcul du planning de « {rally.name} » (au plus {args.time_limit:g} s)…", file=sys.stderr)
    try:
        result = replan(rally, previous, absent=_ids(args.absent), cancelled=_ids(args.cancel), params=_params(args))
    except NoPlanFound as no_plan:
        return _no_plan(no_plan)
    except UnknownIds as unknown:
        raise InvalidInput(
            [
                Problem("--absent", f"« {pid} » n'est pas l'identifiant d'un participant du rallye")
                for pid in unknown.absent
            ]
            + [
                Problem("--cancel", f"« {cid} » n'est pas l'identifiant d'une entreprise du rallye")
                for cid in unknown.cancelled
            ]
            + [Problem(str(args.plan), mismatch) for mismatch in unknown.plan]
        ) from None
    assert result.changes is not None
    names = {t.id: t.name for t in (*previous.teams, *result.plan.teams)}
    changed_rally = rally.with_changes(absent=frozenset(result.plan.absent), cancelled=_ids(args.cancel))
    _write_outputs(changed_rally, result, args.out, ["", *changes_summary(rally, result.changes, names)])
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from rallye.domain.compliance import check_plan
    from rallye.formats.load import load_plan

    rally = _load_rally(args.rally)
    plan = load_plan(args.plan)
    report = check_plan(rally, plan)
    print(f"Conformité du planning de « {rally.name} » :")
    for line in report.lines():
        print(line)
    if report.ok:
        print("Toutes les règles sont respectées.")
        return EXIT_OK
    print("Au moins une règle n'est pas respectée : corrigez le planning ou les données.")
    return EXIT_RULE_BROKEN


def _fidelity(args: argparse.Namespace) -> int:
    from rallye.domain.fidelity import lines, prefill
    from rallye.formats.load import load_plan

    rally = _load_rally(args.rally)
    plan = load_plan(args.plan)
    print(f"Grille de fidélité au modèle de « {rally.name} », pré-remplie à partir des fichiers :")
    for line in lines(prefill(rally, plan)):
        print(line)
    print(
        "Les principes « non évaluable à ce stade » se notent dans l'espace web "
        "(questionnaires, bilan) ou par l'évaluateur."
    )
    return EXIT_OK


def _retroplanning(args: argparse.Namespace) -> int:
    import datetime as dt

    from rallye.domain import french
    from rallye.retroplanning.files import calendar_ics, relative_day, write_xlsx
    from rallye.retroplanning.schedule import tasks_for
    from rallye.retroplanning.tips import facts_of, triggered

    rally = _load_rally(args.rally)
    first_day = min(s.date for s in rally.schedule)
    tasks = tasks_for(first_day, pathway=args.pathway)
    tips = triggered(facts_of(rally))
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.combine(first_day, dt.time(0, 0), tzinfo=dt.UTC)
    ics = calendar_ics(tasks, name=rally.name, rally_uid=f"rallye-{first_day:%Y%m%d}", stamp=stamp, triggered=tips)
    (out / "retroplanning.ics").write_bytes(ics)
    write_xlsx(tasks, out / "retroplanning.xlsx", name=rally.name, first_day=first_day, triggered=tips)
    print(f"Rétroplanning de « {rally.name} » (premier jour : {french.day_long(first_day)}) :")
    for task in tasks:
        mark = " (jalon)" if task.milestone else ""
        print(f"  {relative_day(task.due, first_day):>6}  {french.date(task.due)} — {task.title}{mark}")
    print()
    if tips:
        print(f"Conseils déclenchés par les données du rallye ({len(tips)}) :")
        for tip in tips:
            print(f"  - {tip.tip.title} : {tip.detail}.")
            print(f"    Pourquoi : {tip.tip.why}")
            print(f"    Que faire : {tip.tip.todo}")
    else:
        print("Aucun conseil déclenché par les données du rallye.")
    print()
    print(f"Fichiers écrits : {out / 'retroplanning.ics'}, {out / 'retroplanning.xlsx'}")
    return EXIT_OK


def _documents(args: argparse.Namespace) -> int:
    from rallye.documents import KINDS, logo_of, write_documents
    from rallye.formats.load import load_plan

    rally = _load_rally(args.rally)
    plan = load_plan(args.plan)
    # A relative logo path in the rally file is read from the rally file's folder.
    logo = logo_of(rally, args.rally.parent)
    if logo is not None and not logo.is_file():
        print(f"Logo introuvable ({logo}) : les documents sont écrits sans logo.", file=sys.stderr)
    paths = write_documents(rally, plan, args.out, args.kind, logo_path=logo, workers=2)
    print(f"Documents de « {rally.name} » écrits :")
    titles = {kind.file: kind.title for kind in KINDS.values()}
    for path in paths:
        print(f"  - {path} ({titles.get(path.name, 'tous les documents réunis')})")
    return EXIT_OK


def _web(args: argparse.Namespace) -> int:
    from rallye.cli import web

    if args.command == "demo":
        return web.demo(args.port, open_browser=not args.no_browser, serve_after=not args.no_serve)
    if args.command == "serve":
        return web.serve(args.host, args.port, args.processes)
    if args.command == "init":
        web.setup_django()
        web.prepare_database()
        from rallye.cli.init import init

        return init(args.federation, args.email, args.first_name, args.last_name)
    if args.command == "worker":
        return web.worker(args.queue, args.threads)
    if args.command in ("sweep", "backup", "restore"):
        return web.operate(args)
    if args.command == "report":
        web.setup_django()
        from rallye.cli.reports import write_reports

        return write_reports(args.kind, args.year, args.out)
    if args.command in ("export", "purge"):
        web.setup_django()
        from rallye.cli import personal_data

        return (
            personal_data.export(args.kind, args.out) if args.command == "export" else personal_data.purge(args.dry_run)
        )
    return web.manage(args.arguments)


def _template(args: argparse.Namespace) -> int:
    from rallye.formats.rally_xlsx import write_rally_xlsx

    path: Path = args.file
    if path.suffix.lower() != ".xlsx":
        print(f"{path} : le modèle est un classeur ; donnez un nom qui finit par .xlsx", file=sys.stderr)
        return EXIT_INVALID
    path.parent.mkdir(parents=True, exist_ok=True)
    write_rally_xlsx(None, path)
    print(f"Modèle écrit : {path} (lisez la feuille « Mode d'emploi »)")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
