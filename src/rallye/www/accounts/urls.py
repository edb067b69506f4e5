"""URLs of accounts: a structure's members, invitations, a new structure, forgotten passwords.

``invitation/<token>/`` is open without an account: its token opens one invitation."""

from django.urls import path

from rallye.www.accounts import views

app_name = "accounts"

urlpatterns = [
    path("structures/<int:structure>/membres/", views.MembersView.as_view(), name="members"),
    path(
        "structures/<int:structure>/membres/<int:membership>/retirer/",
        views.DeactivateMemberView.as_view(),
        name="deactivate",
    ),
    path("reseau/structures/nouvelle/", views.NewStructureView.as_view(), name="new_structure"),
    path("invitation/<str:token>/", views.join_view, name="join"),
]
