"""URLs of the rally workspace, under ``/rallyes/``.

Every URL with ``<pk>`` goes through ``access.RallyMixin``: 404 for a rally of another
structure, 403 for a change by a read-only user.
"""

from django.urls import path

from rallye.www.rallies import (
    addresses,
    companies,
    creation,
    exports,
    history,
    imports,
    listing,
    overview,
    participants,
    programme,
    travel,
    vehicles,
)

app_name = "rallies"

urlpatterns = [
    path("", listing.RallyListView.as_view(), name="list"),
    path("nouveau/", creation.RallyCreateView.as_view(), name="create"),
    path("nouveau/charte/", programme.NewProgrammeCheckView.as_view(), name="check_new_programme"),
    path("adresses/", addresses.AddressSuggestionsView.as_view(), name="address_suggestions"),
    path("modele.xlsx", exports.TemplateDownloadView.as_view(), name="template"),
    path("importer/", imports.NewRallyUploadView.as_view(), name="import_new"),
    path("importer/<slug:token>/", imports.NewRallyPreviewView.as_view(), name="import_new_preview"),
    path("<int:pk>/", overview.RallyDetailView.as_view(), name="detail"),
    path("<int:pk>/modifier/", creation.RallyEditView.as_view(), name="edit"),
    path("<int:pk>/programme/", programme.ProgrammeView.as_view(), name="programme"),
    path("<int:pk>/programme/charte/", programme.ProgrammeCheckView.as_view(), name="check_programme"),
    path("<int:pk>/entreprises/", companies.CompanyListView.as_view(), name="companies"),
    path("<int:pk>/trajets/", travel.TravelTimeListView.as_view(), name="travel_times"),
    path("<int:pk>/trajets/ajouter/", travel.TravelTimeFormView.as_view(), name="travel_time_add"),
    path("<int:pk>/trajets/remplir/", travel.FillTravelTimesView.as_view(), name="travel_times_fill"),
    path("<int:pk>/trajets/<int:item>/", travel.TravelTimeFormView.as_view(), name="travel_time_edit"),
    path("<int:pk>/trajets/<int:item>/supprimer/", travel.TravelTimeDeleteView.as_view(), name="travel_time_delete"),
    path("<int:pk>/entreprises/conseils/", companies.AdviceView.as_view(), name="company_advice"),
    path("<int:pk>/entreprises/localiser/", companies.LocateCompaniesView.as_view(), name="locate_companies"),
    path("<int:pk>/entreprises/ajouter/", companies.CompanyFormView.as_view(), name="company_add"),
    path("<int:pk>/entreprises/<int:item>/", companies.CompanyFormView.as_view(), name="company_edit"),
    path("<int:pk>/entreprises/<int:item>/supprimer/", companies.CompanyDeleteView.as_view(), name="company_delete"),
    path("<int:pk>/participants/", participants.ParticipantListView.as_view(), name="participants"),
    path("<int:pk>/participants/pret/", participants.ReadinessView.as_view(), name="readiness"),
    path(
        "<int:pk>/participants/<int:item>/attestation/",
        participants.AttestationView.as_view(),
        name="participant_attestation",
    ),
    path("<int:pk>/participants/ajouter/", participants.ParticipantFormView.as_view(), name="participant_add"),
    path("<int:pk>/participants/<int:item>/", participants.ParticipantFormView.as_view(), name="participant_edit"),
    path(
        "<int:pk>/participants/<int:item>/supprimer/",
        participants.ParticipantDeleteView.as_view(),
        name="participant_delete",
    ),
    path("<int:pk>/vehicules/", vehicles.VehicleListView.as_view(), name="vehicles"),
    path("<int:pk>/vehicules/ajouter/", vehicles.VehicleFormView.as_view(), name="vehicle_add"),
    path("<int:pk>/vehicules/<int:item>/", vehicles.VehicleFormView.as_view(), name="vehicle_edit"),
    path("<int:pk>/vehicules/<int:item>/supprimer/", vehicles.VehicleDeleteView.as_view(), name="vehicle_delete"),
    path("<int:pk>/historique/", history.HistoryView.as_view(), name="history"),
    path("<int:pk>/importer/", imports.RallyUploadView.as_view(), name="import"),
    path("<int:pk>/importer/<slug:token>/", imports.RallyPreviewView.as_view(), name="import_preview"),
    path("<int:pk>/export/rallye.xlsx", exports.ExportXlsxView.as_view(), name="export_xlsx"),
    path("<int:pk>/export/rally.json", exports.ExportJsonView.as_view(), name="export_json"),
]
