/* The SPARQL editor of /sparql: YASGUI (server/static/yasgui, vendored) over the plain form.
 *
 * Without JavaScript the page is a form that posts the query and gets an HTML table; with it, the form
 * becomes YASGUI: syntax highlighting and checking, prefix completion from this server's own prefixes
 * (/sparql/prefixes.json: fiscal:, item:, fund: ...), results as a sortable table with links, a chart of
 * numeric results (the "chart" plugin below: SVG drawn with attributes only, no inline style), downloads
 * in every result format and a permalink (/sparql?query=..., which reopens the editor with the query and
 * runs it). Runs under the page's Content-Security-Policy: scripts and requests to this origin only. */
(function () {
  "use strict";

  var root = document.getElementById("editor");
  var form = document.getElementById("sparql-form");
  if (!root || !form || typeof window.Yasgui === "undefined") return;
  var Yasgui = window.Yasgui;
  var SVG = "http://www.w3.org/2000/svg";
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var NUMERIC = ["decimal", "integer", "double", "float", "long", "int", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"].map(function (t) { return XSD + t; });
  var textarea = form.querySelector("textarea[name=query]");
  var endpoint = new URL(root.getAttribute("data-endpoint"), window.location.href).href;
  var params = new URLSearchParams(window.location.search);

  function isNumber(cell) {
    return cell && cell.type !== "uri" && NUMERIC.indexOf(cell.datatype) >= 0 && isFinite(Number(cell.value));
  }

  function el(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function shorten(text, limit) {
    return text.length <= limit ? text : text.slice(0, limit - 1) + "\u2026";
  }

  /* A YASR plugin: one horizontal bar per row for the first numeric column, labelled by the first
   * other column. Exact values stay in each bar's tooltip and in data-value. */
  function Chart(yasr) {
    this.yasr = yasr;
    this.priority = 5;
    this.label = "Chart";
  }
  Chart.prototype.columns = function () {
    var results = this.yasr.results;
    if (!results || results.getType() !== "json" || !results.getVariables) return null;
    var vars = results.getVariables() || [];
    var rows = results.getBindings() || [];
    var value = vars.find(function (v) {
      return rows.length > 0 && rows.every(function (r) { return !r[v] || isNumber(r[v]); }) &&
        rows.some(function (r) { return isNumber(r[v]); });
    });
    if (!value) return null;
    var label = vars.find(function (v) { return v !== value; });
    return { value: value, label: label, rows: rows.slice(0, 60) };
  };
  Chart.prototype.canHandleResults = function () { return this.columns() !== null; };
  Chart.prototype.getIcon = function () {
    var icon = document.createElement("div");
    icon.className = "chart-icon";
    var svg = el("svg", { viewBox: "0 0 16 16", width: "15", height: "15", "aria-hidden": "true" });
    [[2, 9, 3, 5], [6.5, 4, 3, 10], [11, 7, 3, 7]].forEach(function (b) {
      svg.appendChild(el("rect", { x: b[0], y: b[1], width: b[2], height: b[3], fill: "currentColor" }));
    });
    icon.appendChild(svg);
    return icon;
  };
  Chart.prototype.draw = function () {
    var spec = this.columns();
    var box = document.createElement("div");
    box.className = "result-chart";
    if (!spec) { this.yasr.resultsEl.appendChild(box); return; }
    var values = spec.rows.map(function (r) { return isNumber(r[spec.value]) ? Number(r[spec.value].value) : 0; });
    var top = Math.max.apply(null, values.map(Math.abs).concat([1]));
    var rowH = 22, labelW = 260, width = 760, plotW = width - labelW - 110;
    var svg = el("svg", {
      "class": "chart", viewBox: "0 0 " + width + " " + (rowH * spec.rows.length + 28), role: "img",
      "aria-label": spec.value + (spec.label ? " by " + spec.label : ""),
    });
    svg.appendChild(el("text", { x: labelW, y: 14, "font-size": "13", fill: "#555" },
      "?" + spec.value + (spec.label ? " by ?" + spec.label : "")));
    spec.rows.forEach(function (row, i) {
      var y = 24 + i * rowH;
      var cell = spec.label ? row[spec.label] : null;
      var name = !cell ? String(i + 1) : cell.type === "uri" ? cell.value.replace(/^.*[/#]/, "") : cell.value;
      svg.appendChild(el("text", { x: labelW - 6, y: y + 14, "text-anchor": "end", "font-size": "13", fill: "#222" },
        shorten(name, 30)));
      var w = Math.max(0.5, plotW * Math.abs(values[i]) / top);
      var bar = el("rect", { "class": "mark", x: labelW, y: y + 3, width: w.toFixed(1), height: rowH - 6,
        fill: values[i] < 0 ? "#3b6ea5" : "#8b1a1a", "data-value": row[spec.value] ? row[spec.value].value : "" });
      bar.appendChild(el("title", {}, name + ": " + (row[spec.value] ? row[spec.value].value : "")));
      svg.appendChild(bar);
      svg.appendChild(el("text", { x: labelW + w + 4, y: y + 14, "font-size": "12", fill: "#222" },
        row[spec.value] ? Number(row[spec.value].value).toLocaleString() : ""));
    });
    box.appendChild(svg);
    if (this.yasr.results.getBindings().length > spec.rows.length) {
      var note = document.createElement("p");
      note.textContent = "The first " + spec.rows.length + " rows are drawn.";
      box.appendChild(note);
    }
    this.yasr.resultsEl.appendChild(box);
  };
  Yasgui.Yasr.registerPlugin("chart", Chart);
  // the response plugin's "Google Charts" and similar plugins load scripts from elsewhere: none is enabled
  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: {
      value: textarea.value,
      // completion of prefixes from this server's list (never prefix.cc); no LOV look-ups
      prefixCcApi: root.getAttribute("data-prefixes"),
      autocompleters: ["prefixes", "variables"],
      editorHeight: "320px",
    },
    yasr: { pluginOrder: ["table", "chart", "response"], defaultPlugin: "table", persistenceId: null },
  });
  document.documentElement.classList.add("editor-on");

  var tab = yasgui.getTab();
  if (params.has("query")) tab.setQuery(params.get("query"));
  else tab.setQuery(textarea.value);

  var permalink = document.getElementById("permalink");
  var downloads = document.getElementById("downloads");
  var FORMATS = {
    solutions: [["json", "SPARQL JSON"], ["xml", "SPARQL XML"], ["csv", "CSV"], ["tsv", "TSV"]],
    graph: [["ttl", "Turtle"], ["jsonld", "JSON-LD"], ["nt", "N-Triples"], ["rdf", "RDF/XML"]],
  };

  function link(query, format) {
    return window.location.pathname + "?query=" + encodeURIComponent(query) + (format ? "&format=" + format : "");
  }

  function update(current) {
    var query = current.getQuery();
    var kind = current.getYasqe().getQueryType ? current.getYasqe().getQueryType() : "SELECT";
    var formats = kind === "CONSTRUCT" || kind === "DESCRIBE" ? FORMATS.graph : FORMATS.solutions;
    permalink.href = link(query);
    permalink.hidden = false;
    while (downloads.firstChild) downloads.removeChild(downloads.firstChild);
    downloads.appendChild(document.createTextNode("Download: "));
    formats.forEach(function (f, i) {
      var a = document.createElement("a");
      a.href = link(query, f[0]);
      a.textContent = f[1];
      a.setAttribute("data-format", f[0]);
      if (i) downloads.appendChild(document.createTextNode(" \u00b7 "));
      downloads.appendChild(a);
    });
    downloads.hidden = false;
    if (window.history && window.history.replaceState) window.history.replaceState(null, "", link(query));
  }

  yasgui.on("queryResponse", function (_instance, current) { update(current); });
  // a permalink (?query=...) is run by YASGUI itself once it has opened the query from the URL
})();
