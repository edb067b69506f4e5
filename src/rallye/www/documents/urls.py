from django.urls import path

from rallye.www.documents import links, views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/documents/", views.DocumentsView.as_view(), name="documents"),
    path("<int:pk>/documents/documents.zip", views.ArchiveView.as_view(), name="archive"),
    path("<int:pk>/documents/logo/", views.LogoView.as_view(), name="logo"),
    path("<int:pk>/documents/<slug:kind>.pdf", views.DocumentView.as_view(), name="document"),
    path(
        "<int:pk>/documents/equipes/<slug:team>/<slug:kind>.pdf",
        views.TeamDocumentView.as_view(),
        name="team_document",
    ),
    path("<int:pk>/documents/liens-prives/", links.PrivateLinksSheetView.as_view(), name="links_sheet"),
]
