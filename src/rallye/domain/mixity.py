"""Team mixity (charter rule P2): how close each team's composition is to the whole group's.

Participants are described along four attributes (gender, age band, diploma level, background
sector). For a team of ``n`` people in a group of ``N``, the ideal count of a category holding
``N_c`` people is ``n × N_c / N``; a team's gap on an attribute is half the sum of the absolute
differences between real and ideal counts: the number of people that would have to swap for the
team to mirror the group. The planner minimises the same quantity (scaled by ``N``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rallye.domain.rally import Participant

AGE_BANDS = ((0, 25, "moins de 26 ans"), (26, 49, "26 à 49 ans"), (50, 200, "50 ans et plus"))
"""The bands the public employment service reports on (young people, seniors)."""


def age_band(participant: Participant, year: int) -> str:
    age = year - participant.birth_year
    return next(label for lo, hi, label in AGE_BANDS if lo <= age <= hi)


def diploma_band(participant: Participant) -> str:
    level = participant.diploma_level
    if level is None:
        return "non renseigné"
    if level <= 3:
        return "CAP/BEP ou moins"
    if level == 4:
        return "baccalauréat"
    return "études supérieures"


@dataclass(frozen=True)
class Attribute:
    key: str
    label: str
    category: Callable[[Participant, int], str]


ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute("gender", "genre", lambda p, _year: {"F": "femmes", "M": "hommes"}.get(p.gender.value, "autre")),
    Attribute("age", "âge", age_band),
    Attribute("diploma", "diplôme", lambda p, _year: diploma_band(p)),
    Attribute("background", "parcours", lambda p, _year: p.background_sector or "non renseigné"),
)


def categories(people: Iterable[Participant], year: int) -> dict[str, Counter[str]]:
    """For each attribute, how many people fall in each category."""
    group = list(people)
    return {a.key: Counter(a.category(p, year) for p in group) for a in ATTRIBUTES}


def attribute_gap(team: Counter[str], team_size: int, group: Counter[str], group_size: int) -> float:
    if team_size == 0 or group_size == 0:
        return 0.0
    keys = set(team) | set(group)
    return sum(abs(team[k] - team_size * group[k] / group_size) for k in keys) / 2


@dataclass(frozen=True)
class TeamMixity:
    team_size: int
    gaps: dict[str, float]

    @property
    def total(self) -> float:
        return sum(self.gaps.values())


def team_mixity(team: Sequence[Participant], group: Sequence[Participant], year: int) -> TeamMixity:
    team_counts, group_counts = categories(team, year), categories(group, year)
    return TeamMixity(
        len(team),
        {a.key: attribute_gap(team_counts[a.key], len(team), group_counts[a.key], len(group)) for a in ATTRIBUTES},
    )
