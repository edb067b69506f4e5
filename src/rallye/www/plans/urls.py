from django.urls import path

from rallye.www.plans import views

app_name = "plans"

urlpatterns = [
    path("<int:pk>/planning/", views.PlanningView.as_view(), name="planning"),
    path("<int:pk>/planning/jour-j/", views.ReplanView.as_view(), name="replan"),
    path("<int:pk>/planning/versions/<int:number>/", views.VersionView.as_view(), name="version"),
    path("<int:pk>/planning/versions/<int:number>/etat.json", views.VersionStateView.as_view(), name="version_state"),
]
