/* Find a unit on the page by any part of its name, a regency or city it serves, or a region
   code; a regency or city without a BNNK of its own finds the unit that serves it, saying so.
   Works opened from disk (file://): it reads the listing and the region index already in the
   page, fetches nothing, and writes only text (textContent) and clones of the page's own list
   items. The query is kept in the address (?q=), so Back from a report shows the same search. */
(function () {
  "use strict";
  var section = document.getElementById("search-section");
  var input = document.getElementById("q");
  var results = document.getElementById("results");
  var status = document.getElementById("search-status");
  if (!section || !input || !results || !status) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll("#listing li.unit"));
  var byUnit = {};
  rows.forEach(function (row) { byUnit[row.getAttribute("data-unit")] = row; });
  var LIMIT = 25;
  var NAMES_SHOWN = 3;
  section.hidden = false;

  function normal(text) { return text.toLowerCase().replace(/\s+/g, " ").trim(); }
  function compacted(text) { return text.replace(/[\s\-]/g, ""); }

  var index = document.getElementById("region-index");
  var regions = index && index.content ? Array.prototype.slice.call(
    index.content.querySelectorAll("li")).map(function (item) {
      var name = normal(item.textContent);
      return { name: item.textContent.trim(), text: name, compact: compacted(name),
               code: item.getAttribute("data-code") || "", unit: item.getAttribute("data-unit") };
    }).filter(function (region) { return byUnit.hasOwnProperty(region.unit); }) : [];

  function matches(row, query, compact, code) {
    if (code) {
      return (row.getAttribute("data-codes") || "").split(" ").some(function (c) {
        return c.indexOf(query) === 0;
      });
    }
    var text = row.getAttribute("data-search") || "";
    return text.indexOf(query) !== -1 || (compact !== "" && text.indexOf(compact) !== -1);
  }

  /* A province code ("16") finds the units; only a regency code ("16.05", "16.0") finds the
     regencies and cities under it, so a province's code does not list all of them. */
  function regionMatches(region, query, compact, code) {
    if (code) { return query.indexOf(".") !== -1 && region.code.indexOf(query) === 0; }
    return region.text.indexOf(query) !== -1 || (compact !== "" && region.compact.indexOf(compact) !== -1);
  }

  function message(key, values) {
    var text = section.getAttribute("data-" + key) || "";
    Object.keys(values).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }

  function joined(names) {
    var shown = names.slice(0, NAMES_SHOWN);
    if (names.length > NAMES_SHOWN) {
      shown.push(message("others", { n: String(names.length - NAMES_SHOWN) }));
    }
    if (shown.length === 1) { return shown[0]; }
    return shown.slice(0, -1).join(", ") + section.getAttribute("data-and") + shown[shown.length - 1];
  }

  function served(row, names) {
    var note = document.createElement("p");
    note.className = "served";
    var unit = row.querySelector(".unit-name");
    note.textContent = message("served", { regions: joined(names),
                                           unit: unit ? unit.textContent.trim() : "" });
    return note;
  }

  /* The query in the address (replaceState: no new history entry per keystroke), and in the
     year and language links, so the search follows the reader. */
  function remember(query) {
    try {
      var url = new URL(window.location.href);
      if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
      window.history.replaceState(window.history.state, "", url.href);
    } catch (error) { /* a browser refusing it for file:// pages: the search still works */ }
    Array.prototype.forEach.call(document.querySelectorAll("a[data-keep-q]"), function (link) {
      var href = link.getAttribute("href").split("?")[0];
      link.setAttribute("href", query ? href + "?q=" + encodeURIComponent(query) : href);
    });
  }

  function search() {
    var query = normal(input.value);
    remember(input.value.trim());
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (query === "") { status.textContent = ""; return; }
    var code = /^\d{2}(\.\d{0,2})?$/.test(query);
    var compact = compacted(query);
    var notes = {};
    regions.forEach(function (region) {
      if (regionMatches(region, query, compact, code)) {
        (notes[region.unit] = notes[region.unit] || []).push(region.name);
      }
    });
    var found = rows.filter(function (row) {
      return notes.hasOwnProperty(row.getAttribute("data-unit")) || matches(row, query, compact, code);
    });
    found.slice(0, LIMIT).forEach(function (row) {
      var item = row.cloneNode(true);
      var names = notes[row.getAttribute("data-unit")];
      if (names) { item.insertBefore(served(row, names), item.firstChild); }
      results.appendChild(item);
    });
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
