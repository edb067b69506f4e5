"""URLs of the company directory (``/annuaire/``) and of a rally's mobilisation log."""

from django.urls import path

from rallye.www.companies import availability, directory, mobilisation

app_name = "companies"

urlpatterns = [
    path("disponibilites/<str:token>/", availability.availability, name="availability"),
    path("annuaire/", directory.DirectoryListView.as_view(), name="list"),
    path("annuaire/ajouter/", directory.DirectoryFormView.as_view(), name="add"),
    path("annuaire/importer/", directory.SheetUploadView.as_view(), name="import"),
    path("annuaire/importer/<slug:token>/", directory.SheetPreviewView.as_view(), name="import_preview"),
    path("annuaire/<int:entry>/", directory.DirectoryDetailView.as_view(), name="detail"),
    path("annuaire/<int:entry>/modifier/", directory.DirectoryFormView.as_view(), name="edit"),
    path("rallyes/<int:pk>/mobilisation/", mobilisation.MobilisationListView.as_view(), name="mobilisation"),
    path(
        "rallyes/<int:pk>/mobilisation/<int:mobilisation>/",
        mobilisation.MobilisationDetailView.as_view(),
        name="mobilisation_detail",
    ),
]
