/* Map of an indicator over the boundaries held (areas down to the département, bubbles below), with the structures
   of the directory and the cases per sous-préfecture as layers. No tile server: a plain background, works offline.
   Figures come from the server already suppressed; a suppressed area is grey and dashed, its figure never shown. */
(function () {
  "use strict";
  var box = document.getElementById("indicator-map");
  if (!box || typeof L === "undefined") { return; }
  var d = box.dataset;
  var map = L.map(box, { zoomControl: true, attributionControl: true, zoomSnap: 0.25 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(d.attribution || "");
  /* Points above the areas, whichever layer arrives first. */
  map.createPane("cases").style.zIndex = 440;
  map.createPane("structures").style.zIndex = 450;
  var palette = ["#fff3b0", "#fdd49e", "#fc8d59", "#e34a33", "#a50f15"];
  var groupColours = { state: "#1d4e89", care: "#009e60", education: "#7b2cbf", civil: "#f77f00", value_chain: "#6b4226" };
  var overlays = {};
  var control = L.control.layers(null, overlays, { collapsed: false }).addTo(map);
  var pending = 0;

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text === null || text === undefined ? "" : String(text);
    return div.innerHTML;
  }
  function number(value, percent) {
    if (value === null || value === undefined) { return "—"; }
    var text = Number(value).toLocaleString(document.documentElement.lang || "fr", { maximumFractionDigits: 1 });
    return percent ? text + " %" : text;
  }
  function classOf(value, breaks) {
    for (var i = 0; i < breaks.length; i++) { if (value <= breaks[i]) { return i; } }
    return breaks.length - 1;
  }
  function colour(p, meta) {
    if (p.suppressed) { return "#adb5bd"; }
    if (p.value === null || p.value === undefined) { return "#ffffff"; }
    return palette[shade(classOf(p.value, meta.breaks), meta.breaks.length)];
  }
  function shade(index, count) {
    /* Classes spread over the whole palette, the lowest the lightest. */
    if (count <= 1) { return 0; }
    return Math.round(index * (palette.length - 1) / (count - 1));
  }
  function figure(p, meta) {
    if (p.suppressed) { return d.labelSuppressed; }
    if (p.value === null || p.value === undefined) { return "—"; }
    var text = number(p.value, meta.percent);
    if (meta.percent && p.denominator !== null && p.denominator !== undefined) {
      text += " (" + number(p.numerator) + " / " + number(p.denominator) + ")";
    }
    return text;
  }
  function done() {
    pending -= 1;
    if (pending <= 0) { box.dataset.state = "ready"; }
  }
  function load(url, then) {
    pending += 1;
    return fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
      .then(function (result) {
        if (!result.ok) { throw result.data; }
        then(result.data);
      })
      .catch(function (error) {
        var message = document.getElementById("map-error");
        if (message) {
          var errors = (error && error.errors) || {};
          var texts = [];
          Object.keys(errors).forEach(function (k) { texts = texts.concat(errors[k]); });
          message.textContent = texts.join(" ") || d.labelError;
          message.classList.remove("d-none");
        }
        box.dataset.error = "1";
      })
      .then(done);
  }

  var background = null, fallback = null;
  function fit() {
    var shown = background || fallback;
    var bounds = shown ? shown.getBounds() : null;
    if (bounds && bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12], maxZoom: 12 }); }
    else { map.setView([7.54, -5.55], 6); }
  }

  load(d.backgroundUrl, function (data) {
    background = L.geoJSON(data, {
      style: function (f) {
        return f.properties.role === "scope"
          ? { color: "#1f3b2d", weight: 2, fill: false }
          : { color: "#8d9c93", weight: 0.8, fillColor: "#f8f9fa", fillOpacity: 1 };
      },
      pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 3, color: "#1f3b2d" }); },
      interactive: false
    }).addTo(map);
    background.bringToBack();
    fit();
  });

  function legend(meta) {
    var el = document.getElementById("map-legend");
    if (!el) { return; }
    var html = "<div class=\"fw-semibold\">" + escape(meta.indicator_name) + " — " + escape(meta.period) + "</div>";
    var breaks = meta.breaks, low = null;
    breaks.forEach(function (b, i) {
      var from = low === null ? (b === 0 ? "" : d.labelUpTo + " ") : "> " + number(low, meta.percent) + " – ";
      html += "<span class=\"me-2 text-nowrap\"><span class=\"legend-swatch\" style=\"background:" +
        palette[shade(i, breaks.length)] +
        "\"></span> " + from + number(b, meta.percent) + "</span>";
      low = b;
    });
    html += "<span class=\"me-2 text-nowrap\"><span class=\"legend-swatch\" style=\"background:#adb5bd\"></span> " +
      escape(d.labelSuppressed) + "</span>";
    html += "<span class=\"text-nowrap\"><span class=\"legend-swatch border\" style=\"background:#fff\"></span> " +
      escape(d.labelNoData) + "</span>";
    var total = meta.total;
    html += "<div class=\"mt-1\">" + escape(meta.scope.name) + " : <strong>" + escape(figure(total, meta)) + "</strong>";
    if (meta.unplaced) { html += " · " + meta.unplaced + " " + escape(d.labelUnplaced); }
    html += "</div>";
    el.innerHTML = html;
  }
  function table(features, meta) {
    var body = document.getElementById("map-table-body");
    if (!body) { return; }
    var rows = features.slice().sort(function (a, b) { return a.properties.name.localeCompare(b.properties.name); });
    body.innerHTML = rows.map(function (f) {
      var p = f.properties;
      return "<tr><td>" + escape(p.name) + " <span class=\"text-muted small\">" + escape(p.pcode) + "</span></td>" +
        "<td class=\"text-end\">" + escape(figure(p, meta)) + "</td></tr>";
    }).join("");
  }

  load(d.indicatorUrl, function (data) {
    var meta = data.meta;
    var max = meta.max || 1;
    var layer = L.geoJSON(data, {
      style: function (f) {
        var p = f.properties;
        return { color: p.suppressed ? "#6c757d" : "#ffffff", weight: 1, dashArray: p.suppressed ? "4 3" : null,
                 fillColor: colour(p, meta), fillOpacity: 0.9 };
      },
      pointToLayer: function (f, latlng) {
        var p = f.properties;
        var size = p.value === null || p.value === undefined ? 0 : Math.sqrt(Math.max(p.value, 0) / max);
        return L.circleMarker(latlng, {
          radius: 4 + 14 * size, weight: 1, color: p.suppressed ? "#6c757d" : "#5a1a0f",
          dashArray: p.suppressed ? "3 2" : null, fillColor: colour(p, meta), fillOpacity: 0.85
        });
      },
      onEachFeature: function (f, l) {
        l.bindTooltip("<strong>" + escape(f.properties.name) + "</strong><br>" + escape(figure(f.properties, meta)),
          { sticky: true });
      }
    }).addTo(map);
    overlays[meta.indicator_name] = layer;
    control.addOverlay(layer, escape(meta.indicator_name));
    legend(meta);
    table(data.features, meta);
    box.dataset.features = String(data.features.length);
    fallback = layer;
    if (!background) { fit(); }
  });

  if (d.structureUrl) {
    load(d.structureUrl, function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { radius: 5, weight: 1.5, color: "#ffffff", pane: "structures",
                                          fillColor: groupColours[f.properties.group] || "#333", fillOpacity: 1 });
        },
        onEachFeature: function (f, l) {
          var p = f.properties;
          l.bindPopup("<strong>" + escape(p.name) + "</strong>" + (p.acronym ? " (" + escape(p.acronym) + ")" : "") +
            "<br>" + escape(p.kind_label) + " · " + escape(p.unit) +
            (p.services.length ? "<br>" + escape(p.services.join(", ")) : ""));
        }
      }).addTo(map);
      control.addOverlay(layer, escape(d.labelStructures) + " (" + data.features.length + ")");
      box.dataset.structures = String(data.features.length);
    });
  }

  if (d.caseUrl) {
    load(d.caseUrl, function (data) {
      var max = data.meta.max || 1;
      var layer = L.geoJSON(data, {
        filter: function (f) { return f.properties.suppressed || f.properties.cases > 0; },
        pointToLayer: function (f, latlng) {
          var p = f.properties;
          var size = p.cases ? Math.sqrt(p.cases / max) : 0;
          return L.circleMarker(latlng, {
            radius: p.suppressed ? 5 : 3 + 16 * size, weight: 1.5, color: "#3c096c", pane: "cases",
            dashArray: p.suppressed ? "3 2" : null, fillColor: p.suppressed ? "#ffffff" : "#7b2cbf",
            fillOpacity: p.suppressed ? 0.6 : 0.45
          });
        },
        onEachFeature: function (f, l) {
          var p = f.properties;
          var text = p.suppressed ? d.labelSuppressed : number(p.cases) + " " + d.labelCases +
            (p.rate !== null && p.rate !== undefined ? " · " + number(p.rate) + " " + d.labelRate : "");
          l.bindTooltip("<strong>" + escape(p.name) + "</strong><br>" + escape(text), { sticky: true });
        }
      }).addTo(map);
      control.addOverlay(layer, escape(d.labelCaseLayer));
      box.dataset.cases = String(data.features.length);
    });
  }
})();
