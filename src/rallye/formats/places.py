"""Places of a rally file given by their address, without coordinates: located by the geocoder.

A rally's places are its meeting place (``rally.base``) and its companies. One with an address
and neither latitude nor longitude is *to locate*: :class:`AddressBook` asks the geocoder once
per distinct address (:meth:`AddressBook.prepare`), then the validator takes the best answer
(:meth:`AddressBook.lookup`) and records what it placed where (:attr:`AddressBook.located`), for
the web's preview and the command line's summary. An address the service does not know is
never placed (the validator lists the closest answers); one found with a low score is placed
and flagged for confirmation. Without a geocoder, or when the service does not answer, every
place to locate is a problem of the file: nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from rallye.formats.problems import Path
from rallye.geocoding import Candidate, Geocoder, GeocoderError, GeocoderOff

SUGGESTIONS = 5
"""How many answers are asked for each address (the best is taken, the others suggested)."""


@dataclass(frozen=True)
class Located:
    """A place of the file set at the position the geocoder found for its address."""

    where: str
    """The place in the user's words (file, sheet, row), from the reader's locator."""
    path: Path
    address: str
    found: Candidate

    @property
    def low(self) -> bool:
        return self.found.low


def _key(address: str) -> str:
    return " ".join(address.split()).casefold()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def to_locate(content: Any) -> Iterator[tuple[Path, str]]:
    """Each place of ``content`` with an address and no coordinates, and its address."""
    if not isinstance(content, dict):
        return
    header = content.get("rally")
    places: list[tuple[Path, Any]] = []
    if isinstance(header, dict):
        places.append((("rally", "base"), header.get("base")))
    companies = content.get("companies")
    if isinstance(companies, list):
        places += [(("companies", index), item) for index, item in enumerate(companies)]
    for path, place in places:
        if isinstance(place, dict) and needs_location(place):
            yield path, str(place["address"]).strip()


def needs_location(place: Mapping[str, Any]) -> bool:
    address = place.get("address")
    return isinstance(address, str) and bool(address.strip()) and _blank(place.get("lat")) and _blank(place.get("lon"))


@dataclass
class AddressBook:
    """The geocoder's answers for the addresses of one rally content.

    ``known`` answers (a preview's, kept until its confirmation) are not asked again, so what is
    confirmed is what was shown."""

    geocoder: Geocoder | None
    answers: dict[str, tuple[Candidate, ...]] = field(default_factory=dict)
    failure: GeocoderError | None = None
    located: list[Located] = field(default_factory=list)
    asked: int = 0
    """How many requests the service received."""

    def prepare(self, content: Any) -> None:
        """Ask the service once for each distinct address to locate (stop at its first failure)."""
        for _path, address in to_locate(content):
            key = _key(address)
            if key in self.answers or self.failure is not None:
                continue
            if self.geocoder is None:
                self.failure = GeocoderOff()
                continue
            try:
                self.asked += 1
                self.answers[key] = self.geocoder.search(address, limit=SUGGESTIONS)
            except GeocoderError as error:
                self.failure = error

    def lookup(self, address: str) -> tuple[Candidate, ...] | GeocoderError:
        """The service's answers for ``address`` (best first), or why there are none."""
        found = self.answers.get(_key(address))
        if found is not None:
            return found
        return self.failure or GeocoderOff()

    def record(self, where: str, path: Path, address: str, found: Candidate) -> None:
        self.located.append(Located(where, path, address, found))

    # -- what a preview keeps until its confirmation ----------------------------------------------
    def saved_answers(self) -> dict[str, list[dict[str, Any]]]:
        return {key: [c.as_dict() for c in found] for key, found in self.answers.items()}

    @classmethod
    def with_saved_answers(cls, geocoder: Geocoder | None, saved: Any) -> AddressBook:
        """A book that starts from :meth:`saved_answers` (anything unreadable is asked again)."""
        book = cls(geocoder)
        if isinstance(saved, dict):
            for key, found in saved.items():
                try:
                    book.answers[str(key)] = tuple(Candidate.from_dict(c) for c in found)
                except (KeyError, TypeError, ValueError):
                    continue
        return book
