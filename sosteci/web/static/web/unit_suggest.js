/* Suggest admin units (name or P-code) in fields marked data-unit-search, from the territory search. */
(function () {
  "use strict";
  var script = document.getElementById("unit-suggest");
  var list = document.getElementById("unit-suggestions");
  if (!script || !list) { return; }
  var url = script.dataset.searchUrl;
  var timer = null;
  document.querySelectorAll("input[data-unit-search]").forEach(function (input) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { return; }
      timer = setTimeout(function () {
        fetch(url + "?format=json&q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (data) {
            list.innerHTML = "";
            data.results.forEach(function (u) {
              var option = document.createElement("option");
              option.value = u.pcode;
              option.label = u.name + " — " + u.level + (u.parent ? " (" + u.parent + ")" : "");
              list.appendChild(option);
            });
          });
      }, 200);
    });
  });
})();
