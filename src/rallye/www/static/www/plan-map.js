// Draws each team's route per day on a map (Leaflet): one colour per team, the same as the
// legend above the map (.team-colour-N of the stylesheet); says so when tiles cannot be loaded.
(function () {
  const element = document.getElementById("plan-map");
  const source = document.getElementById("plan-map-data");
  if (!element || !source || typeof L === "undefined") return;
  const status = document.getElementById(element.dataset.status || "");
  const data = JSON.parse(source.textContent);
  const map = L.map(element);
  // The tile server comes from the settings (RALLYE_TILES_URL), the same one the page's
  // Content-Security-Policy allows; without one, the routes are drawn on a blank background.
  if (element.dataset.tiles) {
    let failed = 0;
    const tiles = L.tileLayer(element.dataset.tiles, {
      maxZoom: 18,
      attribution: "&copy; les contributeurs d'OpenStreetMap",
    });
    tiles.on("tileerror", function () {
      failed += 1;
      if (failed === 1 && status) {
        status.textContent =
          "Le fond de carte n'a pas pu être chargé (serveur de cartes injoignable ou qui refuse la demande) : " +
          "les trajets restent tracés, et les visites de chaque équipe sont écrites plus haut.";
        status.classList.add("warning-text");
      }
    });
    tiles.addTo(map);
  }
  const base = [data.base.lat, data.base.lon];
  const bounds = [base];
  L.marker(base, { keyboard: false, title: data.base.name }).addTo(map).bindPopup(data.base.name);
  for (const place of Object.values(data.places)) {
    const point = [place.lat, place.lon];
    bounds.push(point);
    L.circleMarker(point, { radius: 6, color: "#1b2433", weight: 2, fillColor: "#ffffff", fillOpacity: 1 })
      .addTo(map)
      .bindPopup(place.name);
  }
  // Okabe-Ito, safe for colour-blind readers; the legend names each team.
  const colours = ["#e69f00", "#0072b2", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#b8a800", "#000000"];
  data.routes.forEach(function (route) {
    const points = [base].concat(route.stops.map((id) => [data.places[id].lat, data.places[id].lon]), [base]);
    L.polyline(points, { color: colours[(route.colour - 1) % colours.length], weight: 4, opacity: 0.85 })
      .addTo(map)
      .bindPopup(route.team + " — " + route.day);
  });
  map.fitBounds(bounds, { padding: [20, 20] });
})();
