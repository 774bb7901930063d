/* Map of an admin unit and its sub-units: outlines we hold, no tile server (works offline). */
(function () {
  "use strict";
  var box = document.getElementById("unit-map");
  if (!box || typeof L === "undefined") { return; }
  var map = L.map(box, { zoomControl: true, attributionControl: true, preferCanvas: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(box.dataset.attribution || "");
  var labels = { covered: box.dataset.labelCovered, notCovered: box.dataset.labelNotCovered };

  function style(feature) {
    var p = feature.properties;
    if (p.role === "self") {
      return { color: "#1f3b2d", weight: 2.5, fill: p.level === "localite", fillOpacity: 0.05, dashArray: "6 4" };
    }
    return {
      color: "#ffffff", weight: 1, fillOpacity: 0.75,
      fillColor: p.covered ? "#009e60" : "#c8d3cc"
    };
  }
  function pointToLayer(feature, latlng) {
    var p = feature.properties;
    return L.circleMarker(latlng, {
      radius: p.role === "self" ? 8 : 5, weight: 1, color: "#1f3b2d",
      fillColor: p.covered ? "#009e60" : "#f77f00", fillOpacity: 0.85
    });
  }
  function onEach(feature, layer) {
    var p = feature.properties;
    var status = p.covered ? labels.covered : labels.notCovered;
    layer.bindTooltip("<strong>" + p.name + "</strong><br><span>" + p.pcode + "</span><br>" + status, { sticky: true });
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
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12], maxZoom: 12 }); }
      else { map.setView([7.54, -5.55], 6); }
    })
    .catch(function () { box.classList.add("d-none"); });
})();
