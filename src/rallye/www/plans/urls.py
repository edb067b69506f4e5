from django.urls import path

from rallye.www.plans import views

app_name = "plans"

urlpatterns = [
    path("<int:pk>/planning/", views.PlanningView.as_view(), name="planning"),
    path("<int:pk>/planning/jour-j/", views.ReplanView.as_view(), name="replan"),
    path("<int:pk>/planning/deplacer/", views.MoveView.as_view(), name="move"),
    path("<int:pk>/planning/verrou/", views.LockView.as_view(), name="lock"),
    path("<int:pk>/planning/reoptimiser/", views.ReoptimiseView.as_view(), name="reoptimise"),
    path("<int:pk>/planning/versions/<int:number>/", views.VersionView.as_view(), name="version"),
    path("<int:pk>/planning/versions/<int:number>/etat.json", views.VersionStateView.as_view(), name="version_state"),
]
