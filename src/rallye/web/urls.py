from django.contrib import admin
from django.urls import include, path

from rallye.www.admin_site import federation_admin_only

admin.site.has_permission = federation_admin_only  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("rallye.www.urls")),
]
