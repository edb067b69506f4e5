"""``arret/<token>/``: the « ne plus recevoir de messages » link, open without an account; the
convocations of a rally (``RallyMixin``: 404 out of reach, 403 to send for read-only users)."""

from django.urls import path

from rallye.www.messaging import convocations, views

app_name = "messaging"

urlpatterns = [
    path("arret/<str:token>/", views.stop, name="stop"),
    path("rallyes/<int:pk>/convocations/", convocations.ConvocationsView.as_view(), name="convocations"),
]
