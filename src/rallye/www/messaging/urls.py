"""``arret/<token>/``: the « ne plus recevoir de messages » link, open without an account; the
convocations of a rally (``RallyMixin``: 404 out of reach, 403 to send for read-only users)."""

from django.urls import path

from rallye.www.messaging import convocations, texts, views

app_name = "messaging"

urlpatterns = [
    path("arret/<str:token>/", views.stop, name="stop"),
    path("rallyes/<int:pk>/convocations/", convocations.ConvocationsView.as_view(), name="convocations"),
    path("structures/<int:structure>/messages/", texts.TextsView.as_view(), name="texts"),
    path("structures/<int:structure>/messages/<slug:kind>/", texts.TextView.as_view(), name="text"),
]
