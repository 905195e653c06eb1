// The event map: Leaflet over Natural Earth's 1:50m countries (the world-atlas package, read with
// topojson-client), drawn in the browser with no tile server, so it works with no internet at all.
// Coastlines are drawn darker than borders. Places close together on screen are clustered
// (leaflet.markercluster), so labels never pile up; zooming in splits them. A place known only
// roughly (a region, a sea, a country) is a ring, a town a dot. LINKWATCH_TILE_URL adds a tile layer.
"use strict";
(function () {
  const lw = window.linkwatch;
  const box = document.getElementById("map");
  const data = lw.pageData();
  if (typeof window.L !== "object") {
    box.textContent = "The map library is missing: run `npm ci` in the linkwatch repository.";
    return;
  }
  const L = window.L;
  const ROUGH = ["region", "district", "sea", "country"];  // gazetteer features placed by a centre point

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  const map = L.map(box, { minZoom: 1, maxZoom: 14, worldCopyJump: true, attributionControl: true,
                           preferCanvas: false });
  map.attributionControl.setPrefix(false);

  async function baseMap() {
    if (data.tileUrl) {
      // Leaflet writes attributions as HTML, so only the tile host's name goes in, escaped.
      const host = data.tileUrl.replace(/^https?:\/\//, "").split("/")[0].replace(/[^A-Za-z0-9.{}:-]/g, "");
      L.tileLayer(data.tileUrl, { maxZoom: 18, attribution: "tiles: " + host }).addTo(map);
      return true;
    }
    box.classList.add("no-tiles");
    if (typeof window.topojson !== "object") {
      lw.status("The country borders are missing: run `npm ci` in the linkwatch repository.", true);
      return false;
    }
    let world;
    try {
      const resp = await fetch("/vendor/world-atlas/countries-50m.json", { credentials: "same-origin" });
      if (!resp.ok) throw new Error(resp.statusText);
      world = await resp.json();
    } catch (err) {
      lw.status("Could not load the country borders: " + err.message, true);
      return false;
    }
    const topo = window.topojson, countries = world.objects.countries;
    // Natural Earth cuts shapes that cross the 180th meridian (Fiji, Chukotka) into pieces whose
    // coordinates jump from +180 to -180; drawn as they are, Leaflet strokes a line across the world.
    // Unwrapping each ring or line keeps it continuous (it then runs past 180, which Leaflet draws).
    function unwrap(line) {
      for (let i = 1; i < line.length; i += 1) {
        while (line[i][0] - line[i - 1][0] > 180) line[i][0] -= 360;
        while (line[i][0] - line[i - 1][0] < -180) line[i][0] += 360;
      }
      return line;
    }
    function unwrapGeometry(g) {
      if (g.type === "Polygon" || g.type === "MultiLineString") g.coordinates.forEach(unwrap);
      else if (g.type === "MultiPolygon") g.coordinates.forEach(function (poly) { poly.forEach(unwrap); });
      else if (g.type === "LineString") unwrap(g.coordinates);
      return g;
    }
    function unwrapped(geo) {
      if (geo.type === "FeatureCollection") geo.features.forEach(function (f) { unwrapGeometry(f.geometry); });
      else unwrapGeometry(geo);
      return geo;
    }
    // One canvas for the base map: hundreds of polygons stay fast, and none of it takes clicks.
    const canvas = L.canvas({ padding: 0.5 });
    L.geoJSON(unwrapped(topo.feature(world, countries)), {
      renderer: canvas, interactive: false,
      style: { stroke: false, fillColor: "#f3efe6", fillOpacity: 1 },
    }).addTo(map);
    L.geoJSON(unwrapped(topo.mesh(world, countries, function (a, b) { return a !== b; })), {
      renderer: canvas, interactive: false, style: { color: "#a3a9b3", weight: 0.8, opacity: 0.9 },
    }).addTo(map);
    L.geoJSON(unwrapped(topo.mesh(world, countries, function (a, b) { return a === b; })), {
      renderer: canvas, interactive: false, style: { color: "#5f7a8c", weight: 1.1, opacity: 1 },
    }).addTo(map);
    map.attributionControl.addAttribution("borders: Natural Earth");
    return true;
  }

  // One marker per place, listing every event held there.
  const places = new Map();
  (data.events || []).forEach(function (ev) {
    const key = ev.lat.toFixed(4) + "," + ev.lon.toFixed(4);
    if (!places.has(key)) places.set(key, { lat: ev.lat, lon: ev.lon, place: ev.place, feature: ev.feature, events: [] });
    places.get(key).events.push(ev);
  });

  const clusters = typeof L.markerClusterGroup === "function"
    ? L.markerClusterGroup({ maxClusterRadius: 50, showCoverageOnHover: false, spiderfyOnMaxZoom: true })
    : L.layerGroup();
  const bounds = [];
  places.forEach(function (p) {
    const popup = el("div", null, "popup");
    popup.append(el("strong", p.place || "unnamed place"));
    if (ROUGH.indexOf(p.feature) >= 0) popup.append(" ", el("span", "(" + p.feature + ": placed at its centre)", "muted"));
    const list = el("ul");
    p.events.forEach(function (ev) {
      const li = el("li");
      const a = el("a", ev.label);
      a.href = "/events/" + encodeURIComponent(ev.id);
      li.append(el("span", (ev.date || "undated") + " ", "date"), a);
      list.append(li);
    });
    popup.append(list);
    const tip = el("span", (p.place || "?") + (p.events.length > 1 ? " (" + p.events.length + ")" : ""));
    const rough = ROUGH.indexOf(p.feature) >= 0;
    const marker = L.circleMarker([p.lat, p.lon], rough
      ? { radius: 11, color: "#9c4221", weight: 2, dashArray: "4 3", fillColor: "#fbd38d", fillOpacity: 0.45 }
      : { radius: 7, color: "#9c4221", weight: 2, fillColor: "#dd6b20", fillOpacity: 0.9 });
    marker.bindPopup(popup).bindTooltip(tip, { permanent: true, direction: "right", offset: [8, 0], className: "place-label" });
    marker.priority = p.events.length;
    marker.on("mouseover", function () { const t = marker.getTooltip().getElement(); if (t) t.classList.add("shown"); });
    marker.on("mouseout", function () { const t = marker.getTooltip().getElement(); if (t) t.classList.remove("shown"); });
    clusters.addLayer(marker);
    bounds.push([p.lat, p.lon]);
  });

  // Clusters keep markers apart, but two labels just outside a cluster's radius can still collide:
  // keep the labels of the places with most events, hide any label that would overlap one kept (its
  // place still shows it on hover).
  function declutter() {
    const kept = [];
    const labels = [];
    clusters.eachLayer(function (m) {
      const t = m.getTooltip && m.getTooltip();
      const node = t && t.getElement();
      if (node && map.hasLayer(m)) labels.push({ node: node, priority: m.priority || 0 });
    });
    labels.sort(function (a, b) { return b.priority - a.priority; });
    labels.forEach(function (l) {
      l.node.classList.remove("crowded");
      const r = l.node.getBoundingClientRect();
      const hit = kept.some(function (k) {
        return !(r.right <= k.left || k.right <= r.left || r.bottom <= k.top || k.bottom <= r.top);
      });
      if (hit) l.node.classList.add("crowded"); else kept.push(r);
    });
  }

  async function start() {
    await baseMap();
    clusters.addTo(map);
    if (bounds.length) {
      map.fitBounds(L.latLngBounds(bounds).pad(0.3), { maxZoom: 6 });
    } else {
      map.setView([25, 40], 2);
    }
    L.control.scale({ imperial: false }).addTo(map);
    map.on("zoomend moveend", declutter);
    if (clusters.on) clusters.on("animationend", declutter);
    declutter();
    box.dataset.ready = "yes";
  }

  window.linkwatchMap = { map: map, places: places.size, clusters: clusters, declutter: declutter };
  start();
})();
