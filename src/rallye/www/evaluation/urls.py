"""URLs of the evaluation pages of structure staff, and of the questionnaires' private links.

Every URL with ``<pk>`` (a rally) goes through ``RallyMixin``: 404 for a rally of another
structure (evaluators included), 403 for a change by a read-only user. ``structure`` pages go
through ``funders.StructureMixin`` with the same rules. ``q/<token>/`` is the only page open
without an account: its token opens one questionnaire."""

from django.urls import path

from rallye.www.evaluation import follow_up, funders, public, questionnaires, results, sending, summary

app_name = "evaluation"

urlpatterns = [
    path("rallyes/<int:pk>/evaluation/", summary.EvaluationView.as_view(), name="rally"),
    path("rallyes/<int:pk>/evaluation/bilan/", summary.ReportingView.as_view(), name="reporting"),
    path("rallyes/<int:pk>/evaluation/financeurs/", summary.FundingView.as_view(), name="funding"),
    path("rallyes/<int:pk>/questionnaires/", questionnaires.QuestionnairesView.as_view(), name="questionnaires"),
    path("rallyes/<int:pk>/questionnaires/<int:qid>/saisir/", questionnaires.EntryView.as_view(), name="entry"),
    path(
        "rallyes/<int:pk>/questionnaires/<int:qid>/desactiver-le-lien/",
        questionnaires.RevokeLinkView.as_view(),
        name="revoke_link",
    ),
    path(
        "rallyes/<int:pk>/questionnaires/<int:qid>/nouveau-lien/",
        questionnaires.ReissueLinkView.as_view(),
        name="reissue_link",
    ),
    path("rallyes/<int:pk>/questionnaires/envoyer/<slug:phase>/", sending.SendLinksView.as_view(), name="send_links"),
    path("rallyes/<int:pk>/questionnaires/qr/<slug:phase>/", sending.QrSheetView.as_view(), name="qr_sheet"),
    path("rallyes/<int:pk>/questionnaires/qr/", sending.AllLinksSheetView.as_view(), name="qr_all"),
    path("rallyes/<int:pk>/messages/<int:message>/renvoyer/", sending.SendAgainView.as_view(), name="send_again"),
    path("rallyes/<int:pk>/questionnaires/resultats/", results.ResultsView.as_view(), name="results"),
    path("rallyes/<int:pk>/suivi/", follow_up.FollowUpView.as_view(), name="follow_up"),
    path("suivis/", follow_up.DueView.as_view(), name="due"),
    path("structures/<int:structure>/financeurs/", funders.FunderListView.as_view(), name="funders"),
    path("structures/<int:structure>/financeurs/<int:funder>/", funders.FunderEditView.as_view(), name="funder_edit"),
    path("q/<str:token>/", public.fill, name="fill"),
]
