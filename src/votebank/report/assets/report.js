/* votebank report: sort and filter the constituency table. Vanilla JS, no network. */
(function () {
  "use strict";
  var table = document.getElementById("seat-table");
  if (!table || !table.tBodies.length) {
    return;
  }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var filter = document.getElementById("seat-filter");
  var status = document.getElementById("seat-status");
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  // The original position breaks ties, so sorting is stable in both directions.
  rows.forEach(function (row, i) {
    row.setAttribute("data-index", String(i));
  });

  function cellKey(row, col, type) {
    var cell = row.cells[col];
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    if (type === "num") {
      var n = parseFloat(raw);
      return isNaN(n) ? -Infinity : n;
    }
    return raw.trim();
  }

  function sortBy(col, type, direction) {
    var sign = direction === "ascending" ? 1 : -1;
    var keyed = rows.map(function (row) {
      return { row: row, key: cellKey(row, col, type), index: Number(row.getAttribute("data-index")) };
    });
    keyed.sort(function (a, b) {
      var c = type === "num" ? a.key - b.key : collator.compare(a.key, b.key);
      if (c !== 0 && !isNaN(c)) {
        return sign * c;
      }
      return a.index - b.index;
    });
    var frag = document.createDocumentFragment();
    keyed.forEach(function (k) {
      frag.appendChild(k.row);
    });
    body.appendChild(frag);
    headers.forEach(function (th, i) {
      if (i === col) {
        th.setAttribute("aria-sort", direction);
      } else {
        th.removeAttribute("aria-sort");
      }
    });
  }

  headers.forEach(function (th, col) {
    var button = th.querySelector("button.sort");
    if (!button) {
      return;
    }
    var type = th.getAttribute("data-type") || "text";
    button.addEventListener("click", function () {
      var current = th.getAttribute("aria-sort");
      // Numbers start largest first (the likeliest, the closest...), text A to Z.
      var first = type === "num" ? "descending" : "ascending";
      var next = current ? (current === "ascending" ? "descending" : "ascending") : first;
      sortBy(col, type, next);
    });
  });

  function applyFilter() {
    var terms = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-search") || "";
      var ok = terms.every(function (t) {
        return text.indexOf(t) !== -1;
      });
      row.hidden = !ok;
      if (ok) {
        shown += 1;
      }
    });
    if (status) {
      status.textContent = shown.toLocaleString("en") + " of " + rows.length.toLocaleString("en") + " constituencies";
    }
  }

  if (filter) {
    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        filter.value = "";
        applyFilter();
      }
    });
    if (filter.value) {
      applyFilter();
    }
  }
})();
