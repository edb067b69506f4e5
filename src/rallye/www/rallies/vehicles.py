"""A rally's vehicles and their accompaniers."""

from __future__ import annotations

from rallye.rallies.models import Vehicle
from rallye.www.rallies.forms import VehicleForm
from rallye.www.rallies.items import ItemDeleteView, ItemFormView, ItemListView, ItemMixin


class VehicleMixin(ItemMixin[Vehicle]):
    model = Vehicle
    tab = "vehicles"
    list_url = "rallies:vehicles"
    edit_url = "rallies:vehicle_edit"


class VehicleListView(VehicleMixin, ItemListView[Vehicle]):
    template_name = "www/rallies/vehicles.html"


class VehicleFormView(VehicleMixin, ItemFormView[Vehicle]):
    form_class = VehicleForm
    add_title = "Ajouter un véhicule"
    saved_message = "Le véhicule « {item} » est enregistré."


class VehicleDeleteView(VehicleMixin, ItemDeleteView[Vehicle]):
    deleted_message = "Le véhicule « {item} » est supprimé."
