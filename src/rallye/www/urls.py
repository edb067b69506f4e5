from django.contrib.auth import views as auth_views
from django.urls import include, path

from rallye.www import accessibility, health, home
from rallye.www.accounts import views as account_views

urlpatterns = [
    path("connexion/", auth_views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    # Named apart from the admin's registration/password_change_*.html, which would win.
    path(
        "mot-de-passe/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "mot-de-passe/change/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_changed.html"),
        name="password_change_done",
    ),
    path("mot-de-passe-oublie/", account_views.password_reset, name="password_reset"),
    path("mot-de-passe-oublie/envoye/", account_views.password_reset_done, name="password_reset_done"),
    path(
        "mot-de-passe-oublie/<uidb64>/<token>/",
        account_views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("mot-de-passe-oublie/fait/", account_views.password_reset_complete, name="password_reset_complete"),
    path("sante/", health.health, name="health"),
    path("accessibilite/", accessibility.statement, name="accessibility"),
    path("", home.HomeView.as_view(), name="home"),
    path("rallyes/", include("rallye.www.rallies.urls")),
    path("rallyes/", include("rallye.www.plans.urls")),
    path("rallyes/", include("rallye.www.documents.urls")),
    path("", include("rallye.www.network.urls")),
    path("", include("rallye.www.evaluation.urls")),
    path("", include("rallye.www.personal_data.urls")),
    path("", include("rallye.www.accounts.urls")),
    path("", include("rallye.www.messaging.urls")),
    path("", include("rallye.www.companies.urls")),
    path("", include("rallye.www.preparation.urls")),
    path("", include("rallye.www.challenges.urls")),
    path("", include("rallye.www.field.urls")),
    path("", include("rallye.www.recruitment.urls")),
]
