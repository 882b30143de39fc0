// Filters the table of open tasks (opgaver/index.html) by the rows' data-attributes; no server
// and no JSON file to load (file:// forbids that), so it works from a shared drive too. Without JavaScript the whole table shows.
(function () {
  "use strict";
  var form = document.getElementById("filtre");
  var table = document.getElementById("opgaver");
  if (!form || !table) { return; }
  var selects = form.querySelectorAll("select");
  var count = document.getElementById("antal");
  var rows = table.tBodies[0].rows;
  function apply() {
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var ok = true;
      for (var j = 0; j < selects.length; j++) {
        var want = selects[j].value;
        var have = (row.getAttribute("data-" + selects[j].getAttribute("data-felt")) || "").split(" ");
        if (want && have.indexOf(want) < 0) { ok = false; }
      }
      row.hidden = !ok;
      if (ok) { shown++; }
    }
    count.textContent = shown + " af " + rows.length + " opgaver vises";
  }
  for (var k = 0; k < selects.length; k++) { selects[k].addEventListener("change", apply); }
  form.hidden = false;
  apply();
})();
