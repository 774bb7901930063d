/* Map of the structures of the repertoire: markers on the country's outline, no tile server (works offline).
   Green: free places; grey: places not tracked; red: full. A popup gives the name, type, services and places. */
(function () {
  "use strict";
  var box = document.getElementById("structure-map");
  if (!box || typeof L === "undefined") { return; }
  var map = L.map(box, { zoomControl: true, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(box.dataset.attribution || "");
  var counter = document.getElementById("structure-map-count");

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text === null || text === undefined ? "" : String(text);
    return div.innerHTML;
  }
  function colour(p) {
    if (p.places_free === null || p.places_free === undefined) { return "#6c757d"; }
    return p.places_free > 0 ? "#009e60" : "#d62828";
  }
  function places(p) {
    if (p.places_free === null || p.places_free === undefined) { return box.dataset.labelUntracked; }
    if (p.places_free === 0) { return box.dataset.labelFull + (p.capacity ? " (" + p.capacity + ")" : ""); }
    return p.places_free + (p.capacity ? " / " + p.capacity : "");
  }
  function popup(p) {
    var url = box.dataset.detailUrl.replace("/0/", "/" + p.id + "/");
    return "<strong>" + escape(p.name) + "</strong>" + (p.acronym ? " (" + escape(p.acronym) + ")" : "") +
      "<br>" + escape(p.kind_label) + " · " + escape(p.unit) +
      "<br>" + escape(box.dataset.labelServices) + " : " + escape(p.services.join(", ") || "—") +
      "<br>" + escape(box.dataset.labelPlaces) + " : " + escape(places(p)) +
      "<br><a href=\"" + escape(url) + "\">" + escape(box.dataset.labelOpen) + "</a>";
  }
  fetch(box.dataset.geojson, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var outline = data.features.filter(function (f) { return f.properties.role === "outline"; });
      var points = data.features.filter(function (f) { return f.properties.role !== "outline"; });
      var background = L.geoJSON({ type: "FeatureCollection", features: outline }, {
        style: function () { return { color: "#1f3b2d", weight: 1.5, fillColor: "#ffffff", fillOpacity: 0.6 }; }
      }).addTo(map);
      var markers = L.geoJSON({ type: "FeatureCollection", features: points }, {
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, {
            radius: 7, weight: 1, color: "#1f3b2d", fillColor: colour(feature.properties), fillOpacity: 0.9
          });
        },
        onEachFeature: function (feature, layer) { layer.bindPopup(popup(feature.properties)); }
      }).addTo(map);
      var bounds = markers.getBounds();
      if (!bounds.isValid()) { bounds = background.getBounds(); }
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [16, 16], maxZoom: 12 }); }
      else { map.setView([7.54, -5.55], 6); }
      if (counter) { counter.textContent = points.length ? points.length + " " + box.dataset.labelCount : box.dataset.labelNone; }
      box.dataset.features = String(points.length);
    })
    .catch(function () { box.dataset.features = "error"; box.classList.add("d-none"); });
})();
