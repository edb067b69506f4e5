"""Recruitment: the rally's page (``RallyMixin``: 404 out of reach, 403 to change for read-only
users) and the prescribers' page by private link (no account)."""

from django.urls import path

from rallye.www.recruitment import public, views

app_name = "recruitment"
urlpatterns = [
    path("rallyes/<int:pk>/recrutement/", views.RecruitmentView.as_view(), name="recruitment"),
    path("prescripteur/<str:token>/", public.proposals, name="proposals"),
]
