"""Long lists shown 50 rows a page (``?page=2``), with « Page 2 sur 40 » and links to the
previous and next pages that keep the page's other filters (``?annee=2026&page=3``). A page
number that is not one, or past the end, shows the first or the last page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 50
PAGE_PARAMETER = "page"
T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    number: int
    pages: int
    previous_query: str
    """The query string of the previous page (« » on the first page)."""
    next_query: str
    """The query string of the next page (« » on the last page)."""

    @property
    def label(self) -> str:
        return f"Page {self.number} sur {self.pages}"

    @property
    def several(self) -> bool:
        return self.pages > 1

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def paginate(
    request: HttpRequest,
    items: Sequence[T] | QuerySet[Any, T],
    per_page: int = PER_PAGE,
    parameter: str = PAGE_PARAMETER,
) -> Page[T]:
    """The requested page of ``items`` (a list or a query set: only the page's rows are read);
    ``parameter`` tells two lists of one page apart."""
    page = Paginator(items, per_page).get_page(request.GET.get(parameter))

    def query(number: int) -> str:
        parameters = request.GET.copy()
        parameters[parameter] = str(number)
        return parameters.urlencode()

    return Page(
        items=list(page.object_list),
        number=page.number,
        pages=page.paginator.num_pages,
        previous_query=query(page.number - 1) if page.has_previous() else "",
        next_query=query(page.number + 1) if page.has_next() else "",
    )


def paginated(page: Page[Any], items: Sequence[T]) -> Page[T]:
    """``page`` showing ``items`` instead: what was drawn from its rows."""
    return Page(items, page.number, page.pages, page.previous_query, page.next_query)
