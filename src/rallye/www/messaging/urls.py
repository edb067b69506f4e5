"""``arret/<token>/``: the « ne plus recevoir de messages » link, open without an account."""

from django.urls import path

from rallye.www.messaging import views

app_name = "messaging"

urlpatterns = [path("arret/<str:token>/", views.stop, name="stop")]
