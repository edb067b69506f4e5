"""URLs of the personal data pages.

The data set page answers 404 to anyone who is neither a federation administrator nor an
evaluator; a person's export and erasure go through ``RallyMixin``, a directory contact's through the
structure of its entry (``contacts.ContactMixin``) (404 for another structure,
evaluators included; 403 for read-only users); a structure's retention page answers 404 for a
structure the user cannot see.
"""

from django.urls import path

from rallye.www.middleware import network_scoped
from rallye.www.personal_data import contacts, dataset, people, retention

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
    path(
        "annuaire/<int:entry>/contacts/<int:contact>/donnees.json",
        contacts.ContactExportView.as_view(),
        name="contact_export",
    ),
    path(
        "annuaire/<int:entry>/contacts/<int:contact>/effacer/",
        contacts.ContactEraseView.as_view(),
        name="contact_erase",
    ),
    path("structures/<int:structure>/conservation/", retention.RetentionView.as_view(), name="retention"),
]
