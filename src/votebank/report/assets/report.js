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
      var noun = rows.length === 1 ? " constituency" : " constituencies";
      status.textContent = shown.toLocaleString("en") + " of " + rows.length.toLocaleString("en") + noun;
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

/* Seats: colour the map by winner, probability or deciding route; open a seat's page. */
(function () {
  "use strict";
  var holder = document.getElementById("votebank-data");
  var dialog = document.getElementById("seat-page");
  if (!holder || !dialog) {
    return;
  }
  var data = JSON.parse(holder.textContent);
  var seats = {};
  (data.constituencies || []).forEach(function (s) {
    seats[s.id] = s;
  });
  var partyIds = Object.keys(data.parties || {});
  var labels = (data.labels || {}).route_labels || {};
  var byelections = {};
  ((data.byelections || {}).seats || []).forEach(function (b) {
    byelections[b.id] = b;
  });

  function pct(x, digits) {
    if (x === null || x === undefined || isNaN(x)) {
      return "–";
    }
    return (100 * x).toFixed(digits || 0) + "%";
  }

  // A probability as formats.prob writes it: one decimal, never rounded to certain.
  function prob(x) {
    var text = pct(x, 1);
    if (text === "100.0%" && x < 1) {
      return ">99.9%";
    }
    if (text === "0.0%" && x > 0) {
      return "<0.1%";
    }
    return text;
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (cls) {
      node.className = cls;
    }
    return node;
  }

  function party(pid) {
    var span = el("span", null, "party");
    var i = partyIds.indexOf(pid);
    if (i >= 0) {
      span.appendChild(el("span", null, "sw pc-" + i));
      span.title = (data.parties[pid] || {}).name || pid;
    }
    span.appendChild(document.createTextNode(pid || "–"));
    return span;
  }

  function table(head, rows) {
    var wrap = el("div", null, "scroll");
    var t = el("table", null, "num-table");
    var tr = el("tr");
    head.forEach(function (h) {
      var th = el("th", h);
      th.scope = "col";
      tr.appendChild(th);
    });
    t.appendChild(el("thead")).appendChild(tr);
    var body = t.appendChild(el("tbody"));
    rows.forEach(function (cells) {
      var row = body.appendChild(el("tr"));
      cells.forEach(function (c) {
        var td = row.appendChild(el("td"));
        if (c instanceof Node) {
          td.appendChild(c);
        } else {
          td.textContent = c;
        }
      });
    });
    wrap.appendChild(t);
    return wrap;
  }

  function part(body, title, content) {
    var box = body.appendChild(el("div", null, "sp-part"));
    box.appendChild(el("h3", title));
    box.appendChild(content);
  }

  function fill(s) {
    var body = document.getElementById("seat-page-body");
    body.textContent = "";
    document.getElementById("seat-page-h").textContent = s.id + " · " + s.name;
    dialog.setAttribute("data-seat-page", s.id);
    var lead = el("p", null, "lead");
    lead.appendChild(document.createTextNode(s.region + ". Won by "));
    lead.appendChild(party(s.winner));
    var others = Object.keys(s.parties || {})
      .filter(function (p) { return p !== s.winner; })
      .map(function (p) { return p + " " + prob(s.parties[p]); });
    lead.appendChild(document.createTextNode(
      " in " + prob(s.p_winner) + " of runs" + (others.length ? " (" + others.join(", ") + ")" : "") + "."
    ));
    body.appendChild(lead);
    var cands = (s.candidates || []).map(function (c) {
      var share = pct(c.share, 1);
      if (c.share_q05 !== undefined) {
        share += " (" + pct(c.share_q05, 1) + "–" + pct(c.share_q95, 1) + ")";
      }
      return [c.name, party(c.party), prob(c.p_win), share];
    });
    part(body, "Candidates", table(["Candidate", "Party", "P(win)", "Vote share, mean (5–95%)"], cands));
    var facts = el("dl", null, "kv");
    function fact(k, v) {
      var d = facts.appendChild(el("div"));
      d.appendChild(el("dt", k));
      d.appendChild(el("dd", v));
    }
    var turnout = pct(s.turnout, 1);
    if (s.turnout_q05 !== undefined) {
      turnout += " (5–95%: " + pct(s.turnout_q05, 1) + "–" + pct(s.turnout_q95, 1) + ")";
    }
    fact("Turnout", turnout);
    fact("Registered voters", Math.round(s.registered).toLocaleString("en"));
    fact("Mean margin", Math.round(s.margin_mean).toLocaleString("en") + " votes (" + pct(s.margin_share, 1) + ")");
    if (s.ties) {
      fact("Decided by lot", s.ties === 1 ? "one run" : s.ties.toLocaleString("en") + " runs");
    }
    part(body, "Turnout and margin", facts);
    var routes = Object.keys(s.routes || {}).filter(function (r) { return s.routes[r] > 0.0005; });
    if (routes.length) {
      part(body, "How the winners' votes came", table(["Route", "Share of the winners' votes"],
        routes.map(function (r) { return [labels[r] || r, pct(s.routes[r], 1)]; })));
    }
    var b = byelections[s.id];
    if (b) {
      var held = el("p", "Held in " + pct(b.p_held, 1) + " of runs (mean turnout " + pct(b.turnout_mean, 1) + "); won by " +
        b.winners.map(function (w) { return w.party + " " + prob(w.p); }).join(", ") + ".");
      part(body, "By-election", held);
    }
    if (s.deciding && s.deciding.length) {
      var rows = s.deciding.map(function (d) {
        var p = prob(d.p) + (d.se !== null && d.se !== undefined ? " ± " + pct(d.se, 1) : "");
        return [d.mechanism, p, party(d["with"]), party(d.without)];
      });
      var box = table(["Switched off", "P(winner changes) ± s.e.", "Usual winner with it", "Usual winner without it"], rows);
      part(body, "Deciding routes (" + data.deciding.runs + " paired runs)", box);
    }
  }

  function open(id) {
    var s = seats[id];
    if (!s) {
      return;
    }
    fill(s);
    if (!dialog.open) {
      dialog.showModal();
    }
    document.getElementById("seat-page-close").focus();
  }

  document.getElementById("seat-page-close").addEventListener("click", function () {
    dialog.close();
  });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) {
      dialog.close();  // a click on the backdrop
    }
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-open], [data-seat]") : null;
    if (!target || target.hasAttribute("data-reserved")) {
      return;
    }
    open(target.getAttribute("data-open") || target.getAttribute("data-seat"));
  });
})();

/* The seat map's colourings: each seat holds its fills as data-fw, data-fp, data-fr. */
(function () {
  "use strict";
  var map = document.getElementById("seat-map");
  if (!map) {
    return;
  }
  var buttons = Array.prototype.slice.call(document.querySelectorAll("button.mode"));
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var mode = button.getAttribute("data-mode");
      buttons.forEach(function (b) {
        b.setAttribute("aria-pressed", b === button ? "true" : "false");
      });
      Array.prototype.forEach.call(map.querySelectorAll("[data-seat]"), function (node) {
        node.setAttribute("fill", node.getAttribute("data-" + mode));
      });
      Array.prototype.forEach.call(document.querySelectorAll("[data-legend]"), function (node) {
        node.hidden = node.getAttribute("data-legend") !== mode;  // the party key always shows
      });
    });
  });
})();
