"""URLs of the personal data pages.

The data set page answers 404 to anyone who is neither a federation administrator nor an
evaluator; a person's export and erasure go through ``RallyMixin`` (404 for another structure,
evaluators included; 403 for read-only users); a structure's retention page answers 404 for a
structure the user cannot see.
"""

from django.urls import path

from rallye.www.middleware import network_scoped
from rallye.www.personal_data import dataset, people, retention

app_name = "personal_data"

urlpatterns = [
    path("evaluation/donnees/", network_scoped(dataset.DatasetView.as_view()), name="dataset"),
    path(
        "evaluation/donnees/donnees-pseudonymisees.<str:fmt>",
        network_scoped(dataset.DatasetDownloadView.as_view()),
        name="dataset_download",
    ),
    path(
        "rallyes/<int:pk>/participants/<int:participant>/donnees.<slug:fmt>",
        people.PersonExportView.as_view(),
        name="person_export",
    ),
    path(
        "rallyes/<int:pk>/participants/<int:participant>/effacer/",
        people.PersonEraseView.as_view(),
        name="person_erase",
    ),
    path("structures/<int:structure>/conservation/", retention.RetentionView.as_view(), name="retention"),
]
