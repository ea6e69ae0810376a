// The map (issue 10). Leaflet with no tiles: the basemap is the country outline vendored at build
// time (world-atlas, Natural Earth), so the page loads nothing from elsewhere. Markers are
// clustered by a small grid clustering of our own: places closer than CELL pixels at the current
// zoom share one marker with their count; a click on it zooms in.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("map-data").textContent);
  const box = document.getElementById("map");
  const CELL = 48;
  const NETHERLANDS = [[50.75, 3.35], [53.55, 7.25]];
  const map = L.map(box, { zoomSnap: 0.5, minZoom: 5, maxZoom: 18 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth · world-atlas");
  const markers = L.layerGroup().addTo(map);

  function escape(text) {
    const span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function popup(place) {
    return '<a href="/entity/' + encodeURIComponent(place.entity_id) + '">' + escape(place.caption) + "</a>";
  }

  function cluster() {
    markers.clearLayers();
    const cells = new Map();
    for (const place of data.places) {
      const pt = map.latLngToLayerPoint([place.lat, place.lon]);
      const key = Math.floor(pt.x / CELL) + ":" + Math.floor(pt.y / CELL);
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(place);
    }
    for (const group of cells.values()) {
      if (group.length === 1) {
        const p = group[0];
        L.circleMarker([p.lat, p.lon], {
          radius: 7, weight: 2, color: "#fff", fillOpacity: 0.9,
          fillColor: p.schema === "Incident" ? "#444444" : "#7a4f9a",
        }).bindPopup(popup(p)).addTo(markers);
        continue;
      }
      const bounds = L.latLngBounds(group.map((p) => [p.lat, p.lon]));
      const size = 24 + Math.min(16, Math.round(Math.log2(group.length) * 4));
      const icon = L.divIcon({
        className: "map-cluster", html: '<span style="line-height:' + (size - 4) + 'px">' + group.length + "</span>",
        iconSize: [size, size],
      });
      const m = L.marker(bounds.getCenter(), { icon: icon, title: group.length + " " + box.dataset.cluster });
      m.on("click", () => {
        if (bounds.getNorthEast().equals(bounds.getSouthWest())) {
          m.bindPopup(group.map(popup).join("<br>")).openPopup();
        } else {
          map.fitBounds(bounds.pad(0.3));
        }
      });
      m.addTo(markers);
    }
    box.dataset.markers = String(markers.getLayers().length);
  }

  if (data.places.length) {
    map.fitBounds(L.latLngBounds(data.places.map((p) => [p.lat, p.lon])).pad(0.2), { maxZoom: 9 });
  } else {
    map.fitBounds(NETHERLANDS);
  }
  map.on("zoomend", cluster);
  cluster();
  fetch("/static/vendor/outline.geojson", { credentials: "same-origin" })
    .then((r) => r.json())
    .then((outline) => {
      L.geoJSON(outline, {
        style: (f) => ({
          color: "#8a93a6", weight: 1, fillColor: f.id === "NL" ? "#f4f1e8" : "#e6e8ec", fillOpacity: 1,
        }),
        interactive: false,
      }).addTo(map).bringToBack();
      box.dataset.outline = "loaded";
    });
  window.raffMap = map; // for the browser test and the console
})();
