"""What users do with challenges, and the API other features read.

For the accompanier's phone and the live view (another feature records results):

- :func:`visit_challenges` ``(rally) -> {(team_code, company_code): Challenge}``: the challenge
  of every visit of the current plan (a frozen :class:`rallye.domain.challenges.Challenge`:
  ``title``, ``instructions``, ``check``, ``kind``/``kind_label``, ``minutes``, ``materials``,
  ``max_points``). Chosen automatically the first time a visit is seen, then kept (so a re-plan
  keeps the challenges of the visits that stay), editable by the organiser
  (:func:`set_visit_challenge`).
- :func:`record_result` ``(rally, team_code, company_code, score, result_text, source, …)``: writes
  the one :class:`~rallye.challenges.models.VisitResult` of a visit (a second call replaces
  it: a retry counts once); a score outside ``0..max_points`` raises :class:`Refused` and
  changes nothing.
- :func:`team_scores` ``(rally)``: the ranked scores (challenges plus bonus points).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone

from rallye.challenges.models import (
    BonusPoints,
    ChallengeFields,
    ChallengeRating,
    NetworkChallenge,
    NetworkChallengeChange,
    OwnChallenge,
    Prize,
    ResultSource,
    VisitChallenge,
    VisitResult,
)
from rallye.domain import french
from rallye.domain.challenges import (
    Challenge,
    Playful,
    TeamScore,
    VisitKey,
    choose_challenges,
    choose_icebreaker,
    ranked,
    starter_entries,
    starter_repertoire,
)
from rallye.domain.challenges import Prize as DomainPrize
from rallye.history.models import Action, ObjectKind
from rallye.history.services import record
from rallye.organisations.models import Federation, Structure
from rallye.organisations.scoping import structures_scope
from rallye.plans.reading import planned_rally
from rallye.rallies.models import Rally

ICEBREAKER: VisitKey = ("", "")
"""The codes of the row that holds the rally's ice-breaker activity."""


class Refused(ValueError):
    """Bad input: the message says what is wrong and what to do; nothing was written."""


# -- the repertoires -------------------------------------------------------------------------------


def load_starter(federation: Federation) -> int:
    """Put Rallye's starter repertoire into the federation's repertoire; only the challenges it
    does not hold yet (by their starter key), so running it again adds nothing. Returns how
    many were added."""
    have = set(NetworkChallenge.objects.filter(federation=federation).values_list("starter_key", flat=True))
    added = [
        NetworkChallenge(federation=federation, starter_key=entry["key"], **_fields(challenge))
        for entry, challenge in zip(starter_entries(), starter_repertoire(), strict=True)
        if entry["key"] not in have
    ]
    NetworkChallenge.objects.bulk_create(added)
    return len(added)


def _fields(challenge: Challenge) -> dict[str, Any]:
    return {
        "title": challenge.title,
        "instructions": challenge.instructions,
        "check_text": challenge.check,
        "kind": challenge.kind.value,
        "sectors": sorted(challenge.sectors),
        "minutes": challenge.minutes,
        "materials": challenge.materials,
        "max_points": challenge.max_points,
    }


def copy_fields(source: ChallengeFields) -> dict[str, Any]:
    return {name: getattr(source, name) for name in CHALLENGE_FIELDS}


CHALLENGE_FIELDS = ("title", "instructions", "check_text", "kind", "sectors", "minutes", "materials", "max_points")


def log_network_change(challenge: NetworkChallenge, user: Any, summary: str) -> None:
    """Write a change of the network's repertoire in its change log."""
    author = user if getattr(user, "is_authenticated", False) else None
    name = str(author.get_full_name() or author.email) if author is not None else ""
    NetworkChallengeChange.objects.create(challenge=challenge, author=author, author_name=name, summary=summary[:300])


def network_challenges(federation_id: int) -> list[NetworkChallenge]:
    return list(NetworkChallenge.objects.filter(federation_id=federation_id, withdrawn=False))


@dataclass(frozen=True)
class Source:
    challenge: Challenge
    network: NetworkChallenge | None = None
    own: OwnChallenge | None = None


def repertoire_of(structure: Structure) -> dict[str, Source]:
    """What a structure chooses from: the network's repertoire (less what the federation
    withdrew) and its own challenges (an own challenge it shared appears once, as its own);
    Rallye's starter repertoire while the federation's is empty."""
    own = list(OwnChallenge.objects.filter(structure=structure))
    shared = {o.shared_id for o in own if o.shared_id is not None}
    found: dict[str, Source] = {}
    for network in network_challenges(structure.federation_id):
        if network.pk not in shared:
            found[network.key] = Source(network.as_challenge(network.key), network=network)
    for mine in own:
        found[mine.key] = Source(mine.as_challenge(mine.key), own=mine)
    if not any(s.network for s in found.values()):
        for challenge in starter_repertoire():
            found[challenge.key] = Source(challenge)
    return found


@dataclass(frozen=True)
class Usage:
    rallies: int = 0
    ratings: int = 0
    average: float | None = None

    @property
    def text(self) -> str:
        """« utilisé dans 12 rallyes, 4,6/5 (5 avis) »"""
        used = f"utilisé dans {french.count(self.rallies, 'rallye')}" if self.rallies else "pas encore utilisé"
        if self.average is None:
            return used
        return f"{used}, {self.average:.1f}/5 ({french.count(self.ratings, 'avis', 'avis')})".replace(".", ",")


def network_usage(federation_id: int) -> dict[int, Usage]:
    """For each challenge of the network: in how many rallies of the network it was given to a
    visit, and its structures' ratings (count and average). Figures only: the rallies and
    structures stay unnamed."""
    structures = Structure.objects.filter(federation_id=federation_id).values("pk")
    with structures_scope(structures):
        used = dict(
            VisitChallenge.objects.filter(network__federation_id=federation_id)
            .values_list("network")
            .annotate(n=Count("rally", distinct=True))
            .values_list("network", "n")
        )
        rated = {
            row["challenge"]: (row["n"], row["average"])
            for row in ChallengeRating.objects.filter(challenge__federation_id=federation_id)
            .values("challenge")
            .annotate(n=Count("pk"), average=Avg("stars"))
        }
    return {
        pk: Usage(used.get(pk, 0), rated.get(pk, (0, None))[0], rated.get(pk, (0, None))[1])
        for pk in set(used) | set(rated)
    }


def own_usage(structure: Structure) -> dict[int, int]:
    """Own challenge pk → the number of the structure's rallies that gave it to a visit."""
    return dict(
        VisitChallenge.objects.filter(own__structure=structure)
        .values_list("own")
        .annotate(n=Count("rally", distinct=True))
        .values_list("own", "n")
    )


def share(own: OwnChallenge, user: Any = None) -> NetworkChallenge:
    """Share a structure's challenge with the network (again: its copy is brought up to date)."""
    with transaction.atomic():
        if own.shared is not None:
            for name in CHALLENGE_FIELDS:
                setattr(own.shared, name, getattr(own, name))
            own.shared.save()
            log_network_change(own.shared, user, f"mis à jour par {own.structure.name}")
            return own.shared
        copy = NetworkChallenge.objects.create(
            federation_id=own.structure.federation_id, shared_by=own.structure, **copy_fields(own)
        )
        own.shared = copy
        own.save(update_fields=["shared", "updated_at"])
        log_network_change(copy, user, f"partagé par {own.structure.name}")
        return copy


def has_used(structure: Structure, challenge: NetworkChallenge) -> bool:
    return VisitChallenge.objects.filter(rally__structure=structure, network=challenge).exists()


def rate(structure: Structure, challenge: NetworkChallenge, stars: int, comment: str, user: Any) -> ChallengeRating:
    """A structure's rating of a network challenge (one per structure: rating again replaces it),
    only after one of its rallies used it."""
    if not 1 <= stars <= 5:
        raise Refused("Choisissez une note de 1 à 5 étoiles.")
    if not has_used(structure, challenge):
        raise Refused(
            f"{structure.name} n'a encore donné le défi « {challenge.title} » à aucune visite : "
            "vous pourrez le noter après l'avoir utilisé dans un rallye."
        )
    rating, _ = ChallengeRating.objects.update_or_create(
        structure=structure,
        challenge=challenge,
        defaults={"stars": stars, "comment": comment.strip()[:300], "rated_by": user},
    )
    return rating


# -- the challenge of every visit --------------------------------------------------------------


def _row_key(row: VisitChallenge) -> str:
    return row.source_key if row.source_key and not row.edited else f"visit:{row.pk}"


def _new_row(rally: Rally, key: VisitKey, source: Source) -> VisitChallenge:
    return VisitChallenge(
        rally=rally,
        team_code=key[0],
        company_code=key[1],
        network=source.network,
        own=source.own,
        source_key=source.challenge.key,
        **_fields(source.challenge),
    )


def visit_rows(rally: Rally) -> dict[VisitKey, VisitChallenge]:
    """The challenge rows of the current plan's visits (and the ice-breaker's, key ``("", "")``),
    those still missing chosen and written first. Empty without a plan."""
    planned = planned_rally(rally)
    plan, domain = planned.plan, planned.rally
    if plan is None or domain is None:
        return {}
    cached = rally.__dict__.get("_visit_rows")
    if cached is not None and cached[0] is plan:
        return dict(cached[1])
    rows = {(r.team_code, r.company_code): r for r in VisitChallenge.objects.filter(rally=rally)}
    wanted = {(t.id, v.company) for t in plan.teams for v in t.visits}
    fixed = {key: rows[key].as_challenge(_row_key(rows[key])) for key in wanted if key in rows}
    missing = wanted - set(fixed)
    needs_icebreaker = ICEBREAKER not in rows and any(s.kind.value == "icebreaker" for s in domain.schedule)
    if missing or needs_icebreaker:
        sources = repertoire_of(rally.structure)
        repertoire = [s.challenge for s in sources.values()]
        chosen = choose_challenges(domain, plan, repertoire, fixed)
        new = [_new_row(rally, key, sources[chosen[key].key]) for key in sorted(missing) if key in chosen]
        game = choose_icebreaker(domain, repertoire) if needs_icebreaker else None
        if game is not None:
            new.append(_new_row(rally, ICEBREAKER, sources[game.key]))
        VisitChallenge.objects.bulk_create(new, ignore_conflicts=True)
        rows = {(r.team_code, r.company_code): r for r in VisitChallenge.objects.filter(rally=rally)}
    found = {key: row for key, row in rows.items() if key in wanted or key == ICEBREAKER}
    rally.__dict__["_visit_rows"] = (plan, found)
    return dict(found)


def visit_challenges(rally: Rally) -> dict[VisitKey, Challenge]:
    """The challenge of every visit of the current plan: ``{(team_code, company_code): Challenge}``
    (see the module's docstring)."""
    return {key: row.as_challenge(_row_key(row)) for key, row in visit_rows(rally).items() if key != ICEBREAKER}


def icebreaker(rally: Rally) -> Challenge | None:
    row = visit_rows(rally).get(ICEBREAKER)
    return row.as_challenge(_row_key(row)) if row is not None else None


def _names(rally: Rally) -> tuple[dict[str, str], dict[str, str]]:
    planned = planned_rally(rally)
    teams = {t.id: t.name for t in planned.plan.teams} if planned.plan else {}
    companies = {c.id: c.name for c in planned.rally.companies} if planned.rally else {}
    return teams, companies


def visit_label(rally: Rally, key: VisitKey) -> str:
    if key == ICEBREAKER:
        return "Brise-glace du premier jour"
    teams, companies = _names(rally)
    return f"Défi de {teams.get(key[0], key[0])} chez {companies.get(key[1], key[1])}"


def set_visit_challenge(
    rally: Rally, key: VisitKey, user: Any, *, source_key: str = "", fields: dict[str, Any] | None = None
) -> VisitChallenge:
    """Give a visit (or the ice-breaker) another challenge of the repertoire (``source_key``) or
    the organiser's own words (``fields``); written in the rally's history with what changed."""
    rows = visit_rows(rally)
    row = rows.get(key)
    if row is None:
        raise Refused("Cette visite n'est pas dans le planning actuel : rechargez la page des défis.")
    before = row.as_challenge(_row_key(row))
    if source_key:
        source = repertoire_of(rally.structure).get(source_key)
        if source is None:
            raise Refused("Ce défi n'est plus dans le répertoire : choisissez-en un autre dans la liste.")
        for name, value in _fields(source.challenge).items():
            setattr(row, name, value)
        row.network, row.own, row.source_key, row.edited = source.network, source.own, source_key, False
    elif fields:
        for name in CHALLENGE_FIELDS:
            if name in fields:
                setattr(row, name, fields[name])
        row.edited = True
    else:
        raise Refused("Choisissez un défi du répertoire ou écrivez le défi.")
    after = row.as_challenge(_row_key(row))
    changes = [
        {"field": name, "label": label, "before": str(getattr(before, attr)), "after": str(getattr(after, attr))}
        for name, attr, label in (
            ("title", "title", "Titre"),
            ("instructions", "instructions", "Ce que fait l'équipe"),
            ("check_text", "check", "Ce que vérifie l'hôte"),
            ("kind", "kind_label", "Type de défi"),
            ("max_points", "max_points", "Points au plus"),
            ("minutes", "minutes", "Durée (min)"),
            ("materials", "materials", "Matériel"),
        )
        if getattr(before, attr) != getattr(after, attr)
    ]
    if not changes:
        return row
    with transaction.atomic():
        row.save()
        record(rally, user, Action.CHANGED, kind=ObjectKind.RALLY, label=visit_label(rally, key), changes=changes)
    rally.__dict__.pop("_visit_rows", None)
    return row


# -- results, bonus points, prizes -----------------------------------------------------------


def record_result(
    rally: Rally,
    team_code: str,
    company_code: str,
    score: int,
    result_text: str = "",
    source: str = ResultSource.ORGANISER,
    user: Any = None,
    recorded_at: dt.datetime | None = None,
) -> VisitResult:
    """Write the result of a visit (replacing an earlier one: a retry counts once). Refused
    (:class:`Refused`, nothing written) for a visit not in the current plan or a score outside
    ``0..max_points`` of the visit's challenge."""
    key = (team_code, company_code)
    row = visit_rows(rally).get(key) if key != ICEBREAKER else None
    if row is None:
        raise Refused("Cette équipe n'a pas de visite dans cette entreprise dans le planning actuel.")
    if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= row.max_points:
        raise Refused(
            f"{score} points pour le défi « {row.title} » : ce défi donne de 0 à {row.max_points} points. "
            f"Saisissez un nombre entier de 0 à {row.max_points}."
        )
    with transaction.atomic():
        result, created = VisitResult.objects.update_or_create(
            rally=rally,
            team_code=team_code,
            company_code=company_code,
            defaults={
                "score": score,
                "result_text": result_text.strip(),
                "source": source,
                "recorded_by": user if getattr(user, "is_authenticated", False) else None,
                "recorded_at": recorded_at or timezone.now(),
            },
        )
        record(
            rally,
            user,
            Action.CREATED if created else Action.CHANGED,
            kind=ObjectKind.RALLY,
            label=f"Résultat : {visit_label(rally, key).removeprefix('Défi de ')}",
            summary=f"{french.count(score, 'point')} sur {row.max_points}",
        )
    return result


def add_bonus(rally: Rally, team_code: str, points: int, reason: str, user: Any) -> BonusPoints:
    teams, _ = _names(rally)
    if team_code not in teams:
        raise Refused("Cette équipe n'est pas dans le planning actuel : choisissez une équipe de la liste.")
    if not reason.strip():
        raise Refused("Dites pourquoi ces points sont donnés (par exemple « esprit d'équipe »).")
    with transaction.atomic():
        bonus = BonusPoints.objects.create(
            rally=rally, team_code=team_code, points=points, reason=reason.strip()[:200], given_by=user
        )
        record(
            rally,
            user,
            Action.CREATED,
            kind=ObjectKind.RALLY,
            label=f"Points en plus pour {teams[team_code]}",
            summary=f"{french.count(points, 'point')} : {bonus.reason}",
        )
    return bonus


def team_scores(rally: Rally) -> list[TeamScore]:
    """Every team of the current plan with its points (the results of its visits, each at most
    what the visit's challenge allows, plus the organisers' bonus points), best first."""
    planned = planned_rally(rally)
    if planned.plan is None:
        return []
    rows = visit_rows(rally)
    results: dict[str, list[tuple[VisitChallenge, int]]] = defaultdict(list)
    for result in VisitResult.objects.filter(rally=rally):
        row = rows.get((result.team_code, result.company_code))
        if row is not None:
            results[result.team_code].append((row, min(result.score, row.max_points)))
    bonus: dict[str, int] = defaultdict(int)
    for extra in BonusPoints.objects.filter(rally=rally):
        bonus[extra.team_code] += extra.points
    scores = []
    for team in planned.plan.teams:
        earned = sum(points for _, points in results[team.id])
        achieved = tuple(row.title for row, _ in results[team.id])
        scores.append(TeamScore(team.id, team.name, earned + bonus[team.id], earned, bonus[team.id], achieved))
    return ranked(scores)


def playful(rally: Rally) -> Playful:
    """What the documents print of the rally's playful side (empty without a plan)."""
    scores = team_scores(rally)
    has_scores = any(s.points for s in scores)
    return Playful(
        challenges=visit_challenges(rally),
        icebreaker=icebreaker(rally),
        scores=scores if has_scores else (),
        prizes=[DomainPrize(p.name, p.donor, p.team_code) for p in Prize.objects.filter(rally=rally)],
    )


def fingerprint_of(rally: Rally) -> list[Any]:
    """What of the playful side the documents depend on (for the archive's fingerprint)."""
    made = playful(rally)
    return [
        sorted((f"{k[0]}/{k[1]}", c.title, c.instructions, c.check, c.max_points) for k, c in made.challenges.items()),
        made.icebreaker.title if made.icebreaker else "",
        [(s.team, s.points) for s in made.scores],
        [(p.name, p.donor, p.team) for p in made.prizes],
    ]


def first_names(rally: Rally, members: Iterable[str]) -> list[str]:
    """The first names of a team's members (all the closing page shows of them)."""
    planned = planned_rally(rally)
    if planned.rally is None:
        return []
    people = {p.id: p.first_name for p in planned.rally.participants}
    return [people[m] for m in members if m in people]
