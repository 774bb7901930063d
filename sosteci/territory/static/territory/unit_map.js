/* Map of an admin unit and its sub-units: outlines we hold, no tile server (works offline).
   Sub-units are shaded by the share of their localités covered by SOSTECI. */
(function () {
  "use strict";
  var box = document.getElementById("unit-map");
  if (!box || typeof L === "undefined") { return; }
  var map = L.map(box, { zoomControl: true, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(box.dataset.attribution || "");
  var labels = { covered: box.dataset.labelCovered, notCovered: box.dataset.labelNotCovered };
  var steps = ["#c8d3cc", "#b7e4c7", "#74c69d", "#40916c", "#1b6b45"];

  function colour(p) {
    if (p.level === "localite") { return p.covered ? "#009e60" : "#f77f00"; }
    if (!p.share) { return p.covered ? steps[1] : steps[0]; }
    if (p.share < 0.05) { return steps[1]; }
    if (p.share < 0.15) { return steps[2]; }
    if (p.share < 0.40) { return steps[3]; }
    return steps[4];
  }
  function style(feature) {
    var p = feature.properties;
    if (p.role === "self") {
      return { color: "#1f3b2d", weight: 2.5, fill: false, dashArray: "6 4" };
    }
    return { color: "#ffffff", weight: 1, fillOpacity: 0.85, fillColor: colour(p) };
  }
  function pointToLayer(feature, latlng) {
    var p = feature.properties;
    return L.circleMarker(latlng, {
      radius: p.role === "self" ? 8 : 5, weight: 1, color: "#1f3b2d", fillColor: colour(p), fillOpacity: 0.9
    });
  }
  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }
  function onEach(feature, layer) {
    var p = feature.properties;
    var status = p.localites ? (p.covered_localites + " / " + p.localites + " " + labels.covered)
      : (p.covered ? labels.covered : labels.notCovered);
    layer.bindTooltip("<strong>" + escape(p.name) + "</strong><br>" + escape(p.pcode) + "<br>" + escape(status),
      { sticky: true });
    if (p.role === "child") {
      layer.on("click", function () { window.location.href = box.dataset.unitUrl.replace("/0/", "/" + p.id + "/"); });
    }
  }
  fetch(box.dataset.geojson, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var ordered = data.features.filter(function (f) { return f.properties.role === "child"; })
        .concat(data.features.filter(function (f) { return f.properties.role === "self"; }));
      var layer = L.geoJSON({ type: "FeatureCollection", features: ordered }, {
        style: style, pointToLayer: pointToLayer, onEachFeature: onEach
      }).addTo(map);
      var bounds = layer.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12], maxZoom: 13 }); }
      else { map.setView([7.54, -5.55], 6); }
      box.dataset.features = String(ordered.length);
    })
    .catch(function () { box.dataset.features = "error"; box.classList.add("d-none"); });
})();
