// What the link chart shows of its graph, without asking the server again: filters by kind (militant
// group, state body, party, person, place, event: analyse/classify.py and the schema) and by date (a
// time slider over when each link held), and an overview of the whole graph with the part in view
// outlined; a click on the overview moves the chart there. chart.js draws; this file only hides.
"use strict";
(function () {
  let cy = null, ov = null, kinds = [], fitMain = null;
  const kindBox = document.getElementById("kind-filter");
  const timeBox = document.getElementById("time-filter");
  const from = document.getElementById("time-from");
  const to = document.getElementById("time-to");
  const fromLabel = document.getElementById("time-from-label");
  const toLabel = document.getElementById("time-to-label");
  const undated = document.getElementById("time-undated");
  const shownBox = document.getElementById("chart-shown");
  const ovBox = document.getElementById("overview");
  const ovView = document.getElementById("overview-view");
  let months = [];  // "YYYY-MM" for every month the slider spans

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  // Dates come at the sources' precision: "2025", "2025-02" or "2025-02-05". As a span of days, as strings
  // that compare in date order ("2025-02-31" is past every day of February, which is all it must be).
  function firstDay(d) { return d.length === 4 ? d + "-01-01" : d.length === 7 ? d + "-01" : d.slice(0, 10); }
  function lastDay(d) { return d.length === 4 ? d + "-12-31" : d.length === 7 ? d + "-31" : d.slice(0, 10); }

  function kindLabel(name) {
    const k = kinds.find(function (x) { return x.name === name; });
    return k ? k.label : name;
  }

  function buildKinds(counts) {
    if (!kindBox) return;
    const checked = {};
    kindBox.querySelectorAll("input[name=kind]").forEach(function (i) { checked[i.value] = i.checked; });
    const parts = [el("legend", "Kinds")];
    kinds.forEach(function (k) {
      const label = el("label", null, "kind");
      label.dataset.kind = k.name;
      const box = el("input");
      box.type = "checkbox"; box.name = "kind"; box.value = k.name;
      box.checked = checked[k.name] !== undefined ? checked[k.name] : true;
      box.disabled = !counts[k.name];
      const swatch = el("i", null, "nd " + k.shape);
      swatch.style.backgroundColor = k.colour;  // CSSOM: allowed by the CSP
      label.append(box, " ", swatch, " " + k.label + " (" + (counts[k.name] || 0) + ")");
      parts.push(label);
    });
    kindBox.replaceChildren.apply(kindBox, parts);
  }

  function buildTime() {
    const dates = [];
    cy.elements().forEach(function (e) {
      if (e.data("first")) dates.push(firstDay(e.data("first")).slice(0, 7));
      if (e.data("last")) dates.push(lastDay(e.data("last")).slice(0, 7));
    });
    dates.sort();
    months = [];
    if (dates.length) {
      let [y, m] = dates[0].split("-").map(Number);
      const [ey, em] = dates[dates.length - 1].split("-").map(Number);
      while (y < ey || (y === ey && m <= em)) {
        months.push(y + "-" + String(m).padStart(2, "0"));
        m += 1; if (m > 12) { m = 1; y += 1; }
      }
    }
    if (!timeBox) return;
    timeBox.hidden = months.length === 0;
    [from, to].forEach(function (input) { input.min = "0"; input.max = String(Math.max(0, months.length - 1)); });
    from.value = "0";
    to.value = String(Math.max(0, months.length - 1));
    labels();
  }

  function labels() {
    if (!months.length) return;
    fromLabel.textContent = months[Number(from.value)];
    toLabel.textContent = months[Number(to.value)];
  }

  function window_() {
    if (!months.length || !from) return null;
    let a = Number(from.value), b = Number(to.value);
    if (a > b) { const t = a; a = b; b = t; }
    return [months[a] + "-01", months[b] + "-31"];
  }

  function inWindow(first, last, win) {
    if (!first) return undated ? undated.checked : true;
    if (!win) return true;
    return firstDay(first) <= win[1] && lastDay(last || first) >= win[0];
  }

  // Hide what the filters leave out: nodes of an unchecked kind; links outside the dates (undated ones
  // unless asked for) or touching a hidden node; and nodes left with no link shown.
  function apply() {
    if (!cy) return;
    const allowed = {};
    (kindBox ? kindBox.querySelectorAll("input[name=kind]") : []).forEach(function (i) { allowed[i.value] = i.checked; });
    const win = window_();
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        const off = allowed[n.data("category")] === false;
        n.toggleClass("filtered", off);
      });
      cy.edges().forEach(function (e) {
        const off = e.source().hasClass("filtered") || e.target().hasClass("filtered") ||
          !inWindow(e.data("first"), e.data("last"), win);
        e.toggleClass("filtered", off);
      });
      cy.nodes().forEach(function (n) {
        if (n.hasClass("filtered") || n.hasClass("centre")) return;
        const edges = n.connectedEdges();
        const keep = edges.length ? edges.some(function (e) { return !e.hasClass("filtered"); })
          : inWindow(n.data("first"), n.data("last"), win);
        n.toggleClass("filtered", !keep);
      });
    });
    const shown = cy.nodes().not(".filtered").length;
    if (shownBox) shownBox.textContent = shown + " of " + cy.nodes().length + " nodes, " +
      cy.edges().not(".filtered").length + " of " + cy.edges().length + " links shown";
    syncOverview();
  }

  function setData(instance) {
    cy = instance;
    const counts = {};
    cy.nodes().forEach(function (n) { counts[n.data("category")] = (counts[n.data("category")] || 0) + 1; });
    buildKinds(counts);
    buildTime();
  }

  // The overview: the same nodes at the same places, small and silent, with the main view's extent as a box.
  function refreshOverview() {
    if (!ovBox || !cy) return;
    if (ov) ov.destroy();
    const style = [
      { selector: "node", style: { "width": 14, "height": 14, "background-color": "#718096", "label": "" } },
      { selector: "edge", style: { "width": 1, "line-color": "#a0aec0", "opacity": 0.6 } },
      { selector: ".filtered", style: { "display": "none" } },
    ].concat(kinds.map(function (k) { return { selector: "node[category = '" + k.name + "']", style: { "background-color": k.colour } }; }));
    const elements = cy.nodes().map(function (n) {
      return { group: "nodes", data: { id: n.id(), category: n.data("category") }, position: Object.assign({}, n.position()),
               classes: n.hasClass("filtered") ? "filtered" : "" };
    }).concat(cy.edges().map(function (e) {
      return { group: "edges", data: { id: e.id(), source: e.data("source"), target: e.data("target") },
               classes: e.hasClass("filtered") ? "filtered" : "" };
    }));
    ov = window.cytoscape({ container: ovBox, elements: elements, style: style, layout: { name: "preset" },
                            userZoomingEnabled: false,
                            userPanningEnabled: false, boxSelectionEnabled: false, autoungrabify: true,
                            autounselectify: true });
    ov.fit(undefined, 6);
    // Nodes a few pixels wide at whatever zoom the whole graph needs, so a dense graph is still dots.
    const z = ov.zoom();
    ov.style().selector("node").style({ "width": 6 / z, "height": 6 / z })
      .selector("edge").style({ "width": 0.8 / z }).update();
    box();
    ovBox.dataset.ready = "yes";
  }

  function syncOverview() {
    if (!ov) return;
    ov.batch(function () {
      cy.elements().forEach(function (e) {
        const twin = ov.getElementById(e.id());
        if (twin.length) twin.toggleClass("filtered", e.hasClass("filtered"));
      });
    });
  }

  // The part of the graph the chart shows, drawn on the overview (model to overview pixels).
  function box() {
    if (!ov || !ovView) return;
    const ext = cy.extent(), z = ov.zoom(), pan = ov.pan();
    const left = Math.max(0, ext.x1 * z + pan.x), top = Math.max(0, ext.y1 * z + pan.y);
    const right = Math.min(ovBox.clientWidth, ext.x2 * z + pan.x), bottom = Math.min(ovBox.clientHeight, ext.y2 * z + pan.y);
    ovView.style.left = left + "px";
    ovView.style.top = top + "px";
    ovView.style.width = Math.max(4, right - left) + "px";
    ovView.style.height = Math.max(4, bottom - top) + "px";
  }

  function goTo(evt) {
    if (!ov) return;
    const rect = ovBox.getBoundingClientRect();
    const z = ov.zoom(), pan = ov.pan();
    const x = (evt.clientX - rect.left - pan.x) / z, y = (evt.clientY - rect.top - pan.y) / z;
    cy.pan({ x: cy.width() / 2 - x * cy.zoom(), y: cy.height() / 2 - y * cy.zoom() });
  }

  function init(instance, schema, kindList, fit) {
    cy = instance;
    kinds = kindList;
    fitMain = fit;
    cy.on("viewport resize", box);
    if (ovBox) ovBox.addEventListener("click", goTo);
    const fitButton = document.getElementById("fit");
    if (fitButton) fitButton.addEventListener("click", function () { fitMain(); });
    [from, to].forEach(function (input) {
      if (input) input.addEventListener("input", function () { labels(); apply(); });
    });
    if (kindBox) kindBox.addEventListener("change", apply);
    if (undated) undated.addEventListener("change", apply);
  }

  window.linkwatchChartView = { init: init, setData: setData, apply: apply, refreshOverview: refreshOverview,
                                kindLabel: kindLabel, months: function () { return months.slice(); },
                                overview: function () { return ov; } };
})();
