"""URLs of a rally's preparation (``/rallyes/<pk>/preparation/``), its calendar feed
(``/agenda/<token>/``) and the templates of the federation and of a structure."""

from django.urls import path

from rallye.www.preparation import feed, templates, views

app_name = "preparation"

urlpatterns = [
    path("rallyes/<int:pk>/preparation/", views.PreparationView.as_view(), name="tasks"),
    path("rallyes/<int:pk>/preparation/<int:item>/", views.TaskView.as_view(), name="task"),
    path("rallyes/<int:pk>/preparation/retroplanning.xlsx", views.WorkbookView.as_view(), name="xlsx"),
    path("rallyes/<int:pk>/preparation/agenda/", feed.CalendarLinkView.as_view(), name="calendar"),
    path("agenda/<str:token>/", feed.feed, name="feed"),
    path("retroplanning/", templates.TemplatesView.as_view(), name="templates"),
    path("retroplanning/federation/<int:federation>/", templates.FederationTemplateView.as_view(), name="federation"),
    path("retroplanning/structure/<int:structure>/", templates.StructureTemplateView.as_view(), name="structure"),
]
