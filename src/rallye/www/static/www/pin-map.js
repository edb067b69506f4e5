/* A map on a place's form: a click (or a tap) pins the place there and fills its latitude and
   longitude; typed coordinates and a picked address suggestion move the pin. The tiles come from
   RALLYE_TILES_URL (data-tiles); without them the pin is placed on a blank background. */
(function () {
  var element = document.getElementById("pin-map");
  if (!element || typeof L === "undefined") { return; }
  var lat = document.getElementById(element.dataset.latField);
  var lon = document.getElementById(element.dataset.lonField);
  if (!lat || !lon) { return; }

  function number(input) {
    var value = parseFloat(String(input.value).replace(",", "."));
    return isFinite(value) ? value : null;
  }
  function decimal(value) { return value.toFixed(6).replace(/0+$/, "").replace(/\.$/, "").replace(".", ","); }

  var map = L.map(element);
  if (element.dataset.tiles) {
    var tiles = L.tileLayer(element.dataset.tiles, { maxZoom: 18, attribution: "&copy; les contributeurs d'OpenStreetMap" });
    var said = false;
    tiles.on("tileerror", function () {
      var status = document.getElementById("pin-map-status");
      if (said || !status) { return; }
      said = true;
      status.textContent = "Le fond de carte n'a pas pu être chargé : vous pouvez toujours cliquer pour placer " +
        "l'entreprise, ou taper son adresse ou sa latitude et sa longitude.";
    });
    tiles.addTo(map);
  }
  var marker = null;

  function pin(point, zoom) {
    if (marker) { marker.setLatLng(point); } else { marker = L.marker(point).addTo(map); }
    map.setView(point, zoom || Math.max(map.getZoom() || 0, 15));
  }

  function fromFields() {
    var la = number(lat), lo = number(lon);
    if (la !== null && lo !== null && Math.abs(la) <= 90 && Math.abs(lo) <= 180) { pin([la, lo]); }
  }

  var startLat = number(lat), startLon = number(lon);
  if (startLat !== null && startLon !== null) {
    pin([startLat, startLon], 15);
  } else {
    map.setView([parseFloat(element.dataset.centerLat), parseFloat(element.dataset.centerLon)], 12);
  }

  map.on("click", function (event) {
    lat.value = decimal(event.latlng.lat);
    lon.value = decimal(event.latlng.lng);
    pin([event.latlng.lat, event.latlng.lng]);
    var status = document.getElementById("pin-map-status");
    if (status) { status.textContent = "Position placée sur la carte : latitude et longitude remplies."; }
  });
  [lat, lon].forEach(function (input) { input.addEventListener("change", fromFields); });
})();
