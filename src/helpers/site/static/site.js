/* Find a unit on the page by any part of its name, a regency or city it serves, or a region
   code. Works opened from disk (file://): it reads the listing already in the page, fetches
   nothing, and writes only text (textContent) and clones of the page's own list items. */
(function () {
  "use strict";
  var section = document.getElementById("search-section");
  var input = document.getElementById("q");
  var results = document.getElementById("results");
  var status = document.getElementById("search-status");
  if (!section || !input || !results || !status) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll("#listing li.unit"));
  var LIMIT = 25;
  section.hidden = false;

  function normal(text) { return text.toLowerCase().replace(/\s+/g, " ").trim(); }

  function matches(row, query, compact, code) {
    if (code) {
      return (row.getAttribute("data-codes") || "").split(" ").some(function (c) {
        return c.indexOf(query) === 0;
      });
    }
    var text = row.getAttribute("data-search") || "";
    return text.indexOf(query) !== -1 || (compact !== "" && text.indexOf(compact) !== -1);
  }

  function message(key, values) {
    var text = section.getAttribute("data-" + key) || "";
    Object.keys(values).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }

  function search() {
    var query = normal(input.value);
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (query === "") { status.textContent = ""; return; }
    var code = /^\d{2}(\.\d{0,2})?$/.test(query);
    var compact = query.replace(/[\s\-]/g, "");
    var found = rows.filter(function (row) { return matches(row, query, compact, code); });
    found.slice(0, LIMIT).forEach(function (row) { results.appendChild(row.cloneNode(true)); });
    if (found.length === 0) {
      status.textContent = message("none", { q: input.value.trim() });
    } else if (found.length > LIMIT) {
      status.textContent = message("more", { n: String(found.length) });
    } else {
      status.textContent = message("found", { n: String(found.length) });
    }
  }

  input.addEventListener("input", search);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      var first = results.querySelector("a");
      if (first) { first.focus(); }
    }
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; search(); }
})();
