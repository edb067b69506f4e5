"""URLs of the challenges: the repertoire (``/defis/``) and a rally's challenges and closing."""

from django.urls import path

from rallye.www.challenges import rally, repertoire

app_name = "challenges"

urlpatterns = [
    path("defis/", repertoire.RepertoireView.as_view(), name="repertoire"),
    path("defis/reseau/ajouter/", repertoire.NetworkChallengeFormView.as_view(), name="network_add"),
    path("defis/reseau/<int:challenge>/modifier/", repertoire.NetworkChallengeFormView.as_view(), name="network_edit"),
    path("defis/reseau/<int:challenge>/retirer/", repertoire.WithdrawView.as_view(), name="withdraw"),
    path("defis/reseau/<int:challenge>/noter/", repertoire.RateView.as_view(), name="rate"),
    path("defis/structure/ajouter/", repertoire.OwnChallengeFormView.as_view(), name="own_add"),
    path("defis/structure/<int:challenge>/modifier/", repertoire.OwnChallengeFormView.as_view(), name="own_edit"),
    path("defis/structure/<int:challenge>/partager/", repertoire.ShareView.as_view(), name="share"),
    path("rallyes/<int:pk>/defis/", rally.RallyChallengesView.as_view(), name="rally"),
    path("rallyes/<int:pk>/defis/brise-glace/", rally.VisitChallengeView.as_view(), name="icebreaker"),
    path("rallyes/<int:pk>/defis/visite/<str:team>/<str:company>/", rally.VisitChallengeView.as_view(), name="visit"),
    path("rallyes/<int:pk>/defis/resultat/", rally.ResultView.as_view(), name="result"),
    path("rallyes/<int:pk>/defis/bonus/", rally.BonusView.as_view(), name="bonus"),
    path("rallyes/<int:pk>/defis/lots/", rally.PrizeView.as_view(), name="prize"),
    path("rallyes/<int:pk>/defis/lots/<int:prize>/retirer/", rally.PrizeDeleteView.as_view(), name="prize_delete"),
    path("rallyes/<int:pk>/cloture/", rally.ClosingView.as_view(), name="closing"),
]
