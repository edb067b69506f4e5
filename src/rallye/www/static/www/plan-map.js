// Draws each team's route per day on an OpenStreetMap map (Leaflet).
(function () {
  const element = document.getElementById("plan-map");
  const source = document.getElementById("plan-map-data");
  if (!element || !source || typeof L === "undefined") return;
  const data = JSON.parse(source.textContent);
  const map = L.map(element);
  // The tile server comes from the settings (RALLYE_TILES_URL), the same one the page's
  // Content-Security-Policy allows; without one, the routes are drawn on a blank background.
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, {
      maxZoom: 18,
      attribution: "&copy; les contributeurs d'OpenStreetMap",
    }).addTo(map);
  }
  const base = [data.base.lat, data.base.lon];
  const bounds = [base];
  L.marker(base).addTo(map).bindPopup(data.base.name);
  for (const [id, place] of Object.entries(data.places)) {
    const point = [place.lat, place.lon];
    bounds.push(point);
    L.circleMarker(point, { radius: 6 }).addTo(map).bindPopup(place.name + " (" + id + ")");
  }
  const colours = ["#1f5fa8", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#2c3e50"];
  data.routes.forEach(function (route, index) {
    const points = [base].concat(route.stops.map((id) => [data.places[id].lat, data.places[id].lon]), [base]);
    L.polyline(points, { color: colours[index % colours.length], weight: 3, opacity: 0.8 })
      .addTo(map)
      .bindPopup(route.team + " — " + route.day);
  });
  map.fitBounds(bounds, { padding: [20, 20] });
})();
