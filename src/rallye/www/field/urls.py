"""``equipe/<token>/``: a team's page on its accompanier's phone (private link, no account);
``rallyes/<pk>/terrain/``: the organiser's day (``RallyMixin``: 404 out of reach, 403 to change
for read-only users)."""

from django.urls import path

from rallye.www.field import live, phone

app_name = "field"

urlpatterns = [
    path("equipe/sw.js", phone.service_worker, name="worker"),
    path("equipe/<str:token>/", phone.team, name="team"),
    path("equipe/<str:token>/saisie/", phone.entry, name="entry"),
    path("equipe/<str:token>/photo/", phone.photo, name="photo"),
    path("rallyes/<int:pk>/terrain/", live.LiveView.as_view(), name="live"),
    path("rallyes/<int:pk>/terrain/direct/", live.LiveStateView.as_view(), name="live_state"),
    path("rallyes/<int:pk>/terrain/liens/", live.SendLinksView.as_view(), name="send_links"),
    path(
        "rallyes/<int:pk>/terrain/liens/<int:vehicle>/remplacer/", live.ReplaceLinkView.as_view(), name="replace_link"
    ),
]
