/* Case pages: narrow a referral's structures to those offering the chosen service; show the triage fields the
   chosen decision needs. Without JavaScript every option and field stays visible (the server checks anyway). */
(function () {
  "use strict";

  function narrowStructures(form) {
    var service = form.querySelector("select[name=service]");
    var structure = form.querySelector("select[name=structure]");
    if (!service || !structure) return;
    function apply() {
      var chosen = service.value;
      Array.prototype.forEach.call(structure.options, function (option) {
        if (!option.value) return;
        var offers = (option.dataset.services || "").split(" ").indexOf(chosen) !== -1;
        option.hidden = Boolean(chosen) && !offers;
        option.disabled = option.hidden;
        if (option.hidden && option.selected) structure.value = "";
      });
    }
    service.addEventListener("change", apply);
    apply();
  }

  function triageFields(form) {
    var decision = form.querySelector("select[name=decision]");
    if (!decision) return;
    var needs = { child_code: "open_case", case_code: "link" };
    function apply() {
      Object.keys(needs).forEach(function (name) {
        var input = form.querySelector("[name=" + name + "]");
        var box = input && input.closest(".mb-3");
        if (box) box.hidden = decision.value !== needs[name];
      });
    }
    decision.addEventListener("change", apply);
    apply();
  }

  var referral = document.getElementById("referral-form");
  if (referral) narrowStructures(referral);
  var triage = document.getElementById("triage");
  if (triage) triageFields(triage);
})();
