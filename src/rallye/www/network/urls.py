"""URLs of the network space (``/reseau/``) and of the funders' reports.

Network-wide pages answer 403 to users who are neither federation admins nor evaluators; a page
about one rally, structure or funder answers 404 when it is out of the user's reach. Every page
reads inside the network scope (``with_network_scope``)."""

from django.urls import path

from rallye.www.middleware import with_network_scope
from rallye.www.network import compare, dashboard, fidelity, reports

app_name = "network"

urlpatterns = with_network_scope(
    [
        path("reseau/", dashboard.DashboardView.as_view(), name="dashboard"),
        path("reseau/bilans/", reports.ReportsView.as_view(), name="reports"),
        path("reseau/bilans/federation.<slug:fmt>", reports.FederationReportView.as_view(), name="federation_report"),
        path("reseau/bilans/ansa/<int:structure>.<slug:fmt>", reports.AnsaReportView.as_view(), name="ansa_report"),
        path("rallyes/financeurs/<int:pk>/bilan.<slug:fmt>", reports.FunderReportView.as_view(), name="funder_report"),
        path("reseau/fidelite/", compare.CompareView.as_view(), name="fidelity_compare"),
        path("reseau/rallyes/<int:pk>/fidelite/", fidelity.FidelityView.as_view(), name="fidelity"),
        path("reseau/rallyes/<int:pk>/fidelite.pdf", fidelity.FidelityPdfView.as_view(), name="fidelity_pdf"),
    ]
)
