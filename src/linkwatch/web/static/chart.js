// The link chart: Cytoscape.js over /api/graph, laid out by fCoSE (cytoscape-fcose). Edge width shows
// the grade, line style and colour the certainty; a tap on an edge lists its quotes. Filters by kind
// (militant group, state body, party, person, ...), by date (a time slider over when each link held)
// and by certainty; a fit button and an overview keep a 300-node graph navigable, and labels show
// when they are big enough to read (or on hover).
"use strict";
(function () {
  const lw = window.linkwatch;
  const container = document.getElementById("cy");
  const panel = document.getElementById("panel");
  const form = document.getElementById("chart-filters");
  const data = lw.pageData();
  if (typeof window.cytoscape !== "function") {
    container.textContent = "The chart library is missing: run `npm ci` in the linkwatch repository.";
    return;
  }
  if (window.cytoscapeFcose) window.cytoscape.use(window.cytoscapeFcose);
  const hasFcose = Boolean(window.cytoscapeFcose);
  const view = window.linkwatchChartView;  // chart-view.js: filters, time slider, overview

  // Filled from /api/schema (linkwatch/schema/*.yaml) before the chart is drawn: the types, which of
  // them have no direction, how each kind of node looks, the certainty colours. Nothing here spells a type.
  let SYMMETRIC = [];
  let COLOURS = {};

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  // Grade 1 (confirmed) draws 9px wide, grade 6 (cannot be judged) 1.5px.
  function width(grade) { return 1.5 + (6 - (grade || 6)) * 1.5; }

  function nodeStyle(selector, n) {
    return { selector: selector, style: { "shape": n.shape, "background-color": n.colour, "width": n.width,
                                          "height": Math.round(n.width * 0.75) } };
  }

  function kindsOf(schema) {
    const out = [];
    schema.entities.forEach(function (t) {
      if (t.kinds && t.kinds.length) {
        t.kinds.forEach(function (k) { out.push({ name: k.name, label: k.label, colour: k.colour, shape: t.chart.shape }); });
      } else {
        out.push({ name: t.name, label: t.label, colour: t.chart.colour, shape: t.chart.shape });
      }
    });
    out.push({ name: "event", label: "event", colour: schema.event_chart.colour, shape: schema.event_chart.shape });
    return out;
  }

  // The legend of types: how each kind of node is drawn, and every relation type with its direction.
  function legend(schema) {
    const box = document.getElementById("legend-types");
    if (!box) return;
    // A type sorted into kinds (organisations) is listed by kind, in the colours the chart uses.
    const items = [];
    schema.entities.forEach(function (t) {
      if (t.kinds && t.kinds.length) {
        t.kinds.forEach(function (k) { items.push([k.label, { shape: t.chart.shape, colour: k.colour }, "kind-" + k.name]); });
      } else {
        items.push([t.label, t.chart, "entity-" + t.name]);
      }
    });
    items.push(["event", schema.event_chart, "event"]);
    const parts = items.map(function (item) {
      const span = el("span", null, "node-type");
      span.dataset.type = item[2];
      const swatch = el("i", null, "nd " + item[1].shape);
      swatch.style.backgroundColor = item[1].colour;  // a CSSOM property, which the CSP allows
      span.append(swatch, " " + item[0]);
      return span;
    });
    schema.relations.forEach(function (r) {
      const span = el("span", r.label + (r.symmetric ? " \u2194" : " \u2192"), "relation-type");
      span.dataset.type = r.name;
      span.title = r.description + (r.links_organisations ? " Links the two organisations." : "");
      parts.push(span);
    });
    box.replaceChildren.apply(box, parts);
  }

  // Nodes as the schema draws them (organisations coloured by kind); edges: width is the grade, line
  // style and colour the certainty. A label is drawn only when it would be at least 9px on screen, so
  // zooming in reveals names and the whole graph is not a smear of text; bigger hubs have bigger labels.
  function styles(schema) {
    const kinds = kindsOf(schema);
    return [
      { selector: "node", style: {
        "label": "data(label)", "font-size": "data(font)", "min-zoomed-font-size": 9,
        "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 160,
        "color": "#1a202c", "background-color": "#718096", "width": 30, "height": 30,
        "text-background-color": "#ffffff", "text-background-opacity": 0.75, "text-background-padding": 1 } },
    ].concat(schema.entities.map(function (t) { return nodeStyle("node[type = '" + t.name + "']", t.chart); }),
    kinds.map(function (k) { return { selector: "node[category = '" + k.name + "']", style: { "background-color": k.colour } }; }), [
      nodeStyle("node[kind = 'event']", schema.event_chart),
      { selector: "node[size]", style: { "width": "data(size)", "height": "data(size)" } },
      { selector: "node.centre", style: { "border-width": 4, "border-color": "#1a202c" } },
      { selector: "edge", style: {
        "width": "data(width)", "curve-style": "bezier", "line-color": COLOURS.asserted,
        "target-arrow-shape": "triangle", "target-arrow-color": COLOURS.asserted, "arrow-scale": 0.9,
        "line-cap": "butt", "opacity": 0.85, "font-size": 11, "min-zoomed-font-size": 10, "color": "#4a5568",
        "text-rotation": "autorotate", "text-background-color": "#ffffff", "text-background-opacity": 0.85 } },
      { selector: "edge[?symmetric], edge[?link]", style: { "target-arrow-shape": "none" } },
      { selector: "edge[certainty = 'reported']", style: {
        "line-style": "dashed", "line-dash-pattern": [8, 4], "line-color": COLOURS.reported, "target-arrow-color": COLOURS.reported } },
      { selector: "edge[certainty = 'unverified']", style: {
        "line-style": "dotted", "line-color": COLOURS.unverified, "target-arrow-color": COLOURS.unverified } },
      { selector: "edge[certainty = 'denied']", style: {
        "line-style": "dashed", "line-dash-pattern": [12, 4, 2, 4], "line-color": COLOURS.denied,
        "target-arrow-color": COLOURS.denied, "target-arrow-shape": "tee" } },
      { selector: "edge.labelled", style: { "label": "data(type)" } },
      // Hover: the node's name however far out the chart is zoomed, its links named, the rest faded.
      { selector: "node.hover", style: { "min-zoomed-font-size": 0, "font-size": 16, "font-weight": "bold",
        "text-background-opacity": 0.95, "z-index": 99, "text-wrap": "wrap" } },
      { selector: "node.near", style: { "min-zoomed-font-size": 0, "z-index": 98 } },
      { selector: "edge.near", style: { "label": "data(type)", "min-zoomed-font-size": 0, "z-index": 97, "opacity": 1 } },
      { selector: ".faded", style: { "opacity": 0.12, "text-opacity": 0 } },
      { selector: ".filtered", style: { "display": "none" } },
      { selector: ":selected", style: { "overlay-color": "#ecc94b", "overlay-opacity": 0.35, "overlay-padding": 4 } },
    ]);
  }

  let cy = null;

  function query() {
    const params = new URLSearchParams();
    if (data.entity) params.set("entity", data.entity);
    const fd = new FormData(form);
    fd.getAll("certainty").forEach(function (c) { params.append("certainty", c); });
    params.set("max_grade", fd.get("max_grade") || "6");
    params.set("mode", fd.get("mode") || data.mode || "relations");
    params.set("depth", fd.get("depth") || String(data.depth || 2));
    return params;
  }

  function layoutOptions(n) {
    if (n <= 2 || !hasFcose) {
      return { name: n <= 2 ? "grid" : "cose", animate: false, fit: false, randomize: true };
    }
    // fCoSE spreads a few hundred nodes in well under a second; the lengths keep labelled nodes apart.
    // Tuned by eye on the 300-node test graph (tests/web/big_graph.py) and the seeds: stronger repulsion
    // than the default (4500) spreads the hairball so hubs and their members read as groups.
    return { name: "fcose", quality: "default", animate: false, fit: false, randomize: true, packComponents: true,
             nodeRepulsion: function () { return n > 120 ? 40000 : 12000; },
             idealEdgeLength: function () { return n > 120 ? 70 : 90; }, edgeElasticity: function () { return 0.3; },
             gravity: 0.2, nodeSeparation: 90, numIter: 2500, tile: true,
             tilingPaddingVertical: 20, tilingPaddingHorizontal: 20 };
  }

  // Filters reload at every click, so loads overlap: only the latest may draw (an earlier answer arriving
  // last would show links the filters exclude).
  let loads = 0;

  async function load() {
    const mine = ++loads;
    container.dataset.ready = "no";
    const params = query();
    let graph = { nodes: [], edges: [], truncated: false };
    if (params.getAll("certainty").length) {
      try {
        graph = await lw.api("GET", "/api/graph?" + params.toString());
      } catch (err) {
        if (mine === loads) lw.status("Could not load the chart: " + err.message, true);
      }
    }
    if (mine !== loads) return;
    const labelled = graph.edges.length <= 60;
    const degree = {};
    graph.edges.forEach(function (e) {
      degree[e.source] = (degree[e.source] || 0) + 1;
      degree[e.target] = (degree[e.target] || 0) + 1;
    });
    const big = graph.nodes.length > 60;
    const elements = graph.nodes.map(function (n) {
      const d = degree[n.id] || 0;
      // In a big graph hubs are drawn bigger, with bigger labels, so they read first when zoomed out.
      // Font grows with degree: zoomed out, only hubs' names reach the 9px at which labels are drawn.
      const node = { id: n.id, label: n.label, type: n.type, kind: n.kind, category: n.category,
                     first: n.first_seen, last: n.last_seen, degree: d, font: big ? Math.min(28, 10 + 1.5 * d) : 14 };
      if (big) node.size = Math.min(70, 16 + 4 * d);
      return { group: "nodes", data: node, classes: n.id === data.entity ? "centre" : "" };
    }).concat(graph.edges.map(function (e) {
      return { group: "edges", classes: labelled ? "labelled" : "",
               data: { id: e.id, source: e.source, target: e.target, type: e.type.replace(/_/g, " "),
                       link: e.id.indexOf("link:") === 0, first: e.first_seen, last: e.last_seen,
                       certainty: e.certainty, grade: e.grade, width: width(e.grade),
                       symmetric: SYMMETRIC.indexOf(e.type) >= 0 } };
    }));
    cy.elements().remove();
    cy.add(elements);
    if (view) view.setData(cy);
    const layout = cy.layout(layoutOptions(elements.length));
    layout.one("layoutstop", function () {
      if (view) view.apply();
      fit();
      if (view) view.refreshOverview();
      if (mine === loads) container.dataset.ready = "yes";
    });
    layout.run();
    if (graph.truncated) lw.status("Showing the first " + graph.nodes.length + " nodes only; pick an entity to focus.");
    if (!graph.nodes.length) {
      panel.replaceChildren(el("p", "No links match these filters.", "muted"));
    }
  }

  // The whole of what is shown, however small that makes it: labels reappear on zooming in.
  function fit() {
    const shown = cy.elements().not(".filtered");
    cy.fit(shown.length ? shown : undefined, 30);
    if (cy.zoom() > 1.6) { cy.zoom(1.6); cy.center(shown.length ? shown : undefined); }
  }

  // Hover: the node and its neighbours named at a readable size on screen, whatever the zoom (a style
  // bypass divided by the zoom), their links named, everything else faded.
  function hover(node, on) {
    const near = node.closedNeighborhood();
    if (on) {
      const z = cy.zoom();
      cy.elements().not(near).addClass("faded");
      node.addClass("hover").style({ "font-size": 16 / z, "text-max-width": 260 / z });
      near.nodes().not(node).addClass("near").style({ "font-size": 12 / z, "text-max-width": 200 / z });
      near.edges().addClass("near").style({ "font-size": 10 / z });
    } else {
      cy.elements().removeClass("faded hover near").removeStyle("font-size text-max-width");
    }
  }

  function badge(label) { return el("span", label, "badge c-" + label); }

  function gradeBadge(g) { return el("span", (g || 6) + " \u00b7 " + gradeLabel(g), "grade g" + (g || 6)); }

  function quoteItem(ev) {
    const li = el("li", null, "quote");
    li.append(el("blockquote", ev.quote));
    const m = el("div", null, "meta");
    m.append(badge(ev.certainty));
    if (ev.cues && ev.cues.length) m.append(" ", el("span", "cues: " + ev.cues.join(", "), "cues"));
    if (ev.attribution) m.append(" ", el("span", "according to " + ev.attribution, "attr"));
    m.append(" ", quoteLink(ev));
    if (ev.doc_title && ev.doc_outlet) m.append(" ", el("span", ev.doc_outlet + (ev.doc_published ? ", " + ev.doc_published : ""), "muted"));
    li.append(m);
    return li;
  }

  // An organisation link: its paths, best first, and under each hop the quotes behind it.
  async function showLink(edge) {
    const a = edge.data("source"), b = edge.data("target");
    panel.replaceChildren(el("p", "Loading\u2026", "muted"));
    let link;
    try {
      link = await lw.api("GET", "/api/links/" + encodeURIComponent(a) + "/" + encodeURIComponent(b));
    } catch (err) {
      panel.replaceChildren(el("p", "Could not load this link: " + err.message, "error"));
      return;
    }
    const head = el("h2");
    head.append(el("span", link.a.name), " \u2014 ", el("span", link.b.name));
    const meta = el("p");
    meta.append(badge(link.certainty), " ", gradeBadge(link.grade), " ",
      el("span", link.sources + (link.sources === 1 ? " source" : " sources") + " \u00b7 " + link.kinds.join(", ").replace(/_/g, " "), "muted"));
    const parts = [head, meta];
    link.paths.forEach(function (p, i) {
      const title = el("h3", (i === 0 ? "Best path" : "Path " + (i + 1)) + " (" + p.kind.replace(/_/g, " ") + (p.date ? ", " + p.date : "") + ")");
      const text = el("p", p.text, "path-text");
      const badges = el("p");
      badges.append(badge(p.certainty), " ", gradeBadge(p.grade));
      parts.push(title, text, badges);
      p.hops.forEach(function (h) {
        const hop = el("div", null, "hop");
        hop.append(el("strong", h.source.name + " " + h.type.replace(/_/g, " ") + " " + h.target.name), " ", badge(h.certainty));
        const list = el("ul", null, "quotes");
        h.evidence.forEach(function (ev) { list.append(quoteItem(ev)); });
        parts.push(hop, list);
      });
    });
    panel.replaceChildren.apply(panel, parts);
    panel.dataset.relation = edge.id();
  }

  function quoteLink(ev) {
    // Untitled documents are named by outlet and date rather than by their id.
    const name = ev.doc_title || (ev.doc_outlet ? ev.doc_outlet + (ev.doc_published ? ", " + ev.doc_published : "") : ev.doc);
    const a = el("a", name, "doclink");
    a.href = "/documents/" + encodeURIComponent(ev.doc) + "?start=" + ev.start + "&end=" + ev.end + "#hl";
    return a;
  }

  async function showRelation(id) {
    panel.replaceChildren(el("p", "Loading\u2026", "muted"));
    let rel;
    try {
      rel = await lw.api("GET", "/api/relations/" + encodeURIComponent(id));
    } catch (err) {
      panel.replaceChildren(el("p", "Could not load this link: " + err.message, "error"));
      return;
    }
    const head = el("h2");
    head.append(el("span", rel.source.name), " ", el("span", rel.type.replace(/_/g, " ") + (rel.role ? " (" + rel.role + ")" : ""), "rtype"), " ", el("span", rel.target.name));
    const meta = el("p");
    meta.append(badge(rel.certainty), " ", gradeBadge(rel.grade), " ", el("span", rel.sources + (rel.sources === 1 ? " source" : " sources"), "muted"));
    const list = el("ul", null, "quotes");
    rel.evidence.forEach(function (ev) { list.append(quoteItem(ev)); });
    panel.replaceChildren(head, meta, el("h3", "Evidence (" + rel.evidence.length + ")"), list);
    panel.dataset.relation = rel.id;
  }

  const GRADES = { 1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful", 5: "improbable", 6: "cannot be judged" };
  function gradeLabel(g) { return GRADES[g || 6]; }

  function showNode(node) {
    const d = node.data();
    const isEvent = d.kind === "event";
    const open = el("a", isEvent ? "Open event page" : "Open entity page");
    open.href = (isEvent ? "/events/" : "/entities/") + encodeURIComponent(d.id);
    const centre = el("a", "Centre the chart here");
    centre.href = "/chart?entity=" + encodeURIComponent(d.id);
    const links = el("p");
    links.append(open, " \u00b7 ", centre);
    const when = d.first ? (d.first === d.last || !d.last ? d.first : d.first + " \u2013 " + d.last) : "undated";
    panel.replaceChildren(el("h2", d.label), el("p", isEvent ? "event" : (view ? view.kindLabel(d.category) : d.type), "badge type"),
      links, el("p", node.connectedEdges().not(".filtered").length + " links shown \u00b7 " + when, "muted"));
    delete panel.dataset.relation;
  }

  async function start() {
    let schema;
    try {
      schema = await lw.api("GET", "/api/schema");
    } catch (err) {
      container.textContent = "Could not load the types to draw: " + err.message;
      return;
    }
    SYMMETRIC = schema.relations.filter(function (r) { return r.symmetric; }).map(function (r) { return r.name; });
    schema.certainties.forEach(function (c) { COLOURS[c.name] = c.colour; });
    legend(schema);
    cy = window.cytoscape({ container: container, elements: [], style: styles(schema), minZoom: 0.04, maxZoom: 4,
                            wheelSensitivity: 0.3 });
    cy.on("tap", "edge", function (evt) {
      if (evt.target.data("link")) showLink(evt.target); else showRelation(evt.target.id());
    });
    cy.on("tap", "node", function (evt) { showNode(evt.target); });
    cy.on("mouseover", "node", function (evt) { hover(evt.target, true); });
    cy.on("mouseout", "node", function (evt) { hover(evt.target, false); });
    if (view) view.init(cy, schema, kindsOf(schema), fit);
    // Server-side filters (mode, certainty, grade, hops) reload; kind and date filters only hide.
    form.addEventListener("change", function (ev) {
      if (ev.target.closest("[data-local]")) return;
      load();
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); load(); });

    // A handle for analysts' consoles and for the browser tests.
    window.linkwatchChart = { cy: cy, schema: schema, reload: load, showRelation: showRelation, showLink: showLink,
                              fit: fit, hover: hover, view: view };
    load();
  }

  start();
})();
