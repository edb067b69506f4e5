"""The history is written by the web workspace and the services: its tests use the web fixtures."""

from tests.web.conftest import coordinator, data_in_tmp, immediate_tasks, mife, reader  # noqa: F401
from tests.web.rallies.conftest import annecy  # noqa: F401
