// The event map: Leaflet with circle markers. No tile layer unless the server
// was given one (LINKWATCH_TILE_URL), so it works with no internet at all.
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

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  const map = L.map(box, { minZoom: 1, maxZoom: 14, worldCopyJump: true, attributionControl: Boolean(data.tileUrl) });
  if (data.tileUrl) {
    // Leaflet writes attributions as HTML, so only the tile host's name goes in, escaped.
    const host = data.tileUrl.replace(/^https?:\/\//, "").split("/")[0].replace(/[^A-Za-z0-9.{}:-]/g, "");
    L.tileLayer(data.tileUrl, { maxZoom: 18, attribution: "tiles: " + host }).addTo(map);
  } else {
    box.classList.add("no-tiles");
    // A 10-degree grid stands in for a base map: it gives the markers a frame of reference.
    const grid = { color: "#c3cfdb", weight: 1, interactive: false };
    for (let lat = -80; lat <= 80; lat += 10) {
      L.polyline([[lat, -180], [lat, 180]], Object.assign({}, grid, lat === 0 ? { color: "#8da2b5" } : {})).addTo(map);
    }
    for (let lon = -180; lon <= 180; lon += 10) {
      L.polyline([[-85, lon], [85, lon]], Object.assign({}, grid, lon === 0 ? { color: "#8da2b5" } : {})).addTo(map);
    }
  }

  // One marker per place, listing every event held there.
  const places = new Map();
  (data.events || []).forEach(function (ev) {
    const key = ev.lat.toFixed(4) + "," + ev.lon.toFixed(4);
    if (!places.has(key)) places.set(key, { lat: ev.lat, lon: ev.lon, place: ev.place, events: [] });
    places.get(key).events.push(ev);
  });

  const bounds = [];
  places.forEach(function (p) {
    const popup = el("div", null, "popup");
    popup.append(el("strong", p.place || "unnamed place"));
    const list = el("ul");
    p.events.forEach(function (ev) {
      const li = el("li");
      const a = el("a", ev.label);
      a.href = "/events/" + encodeURIComponent(ev.id);
      li.append(el("span", ev.date + " ", "date"), a);
      list.append(li);
    });
    popup.append(list);
    const tip = el("span", (p.place || "?") + (p.events.length > 1 ? " (" + p.events.length + ")" : ""));
    L.circleMarker([p.lat, p.lon], { radius: 8, color: "#9c4221", weight: 2, fillColor: "#dd6b20", fillOpacity: 0.85 })
      .bindPopup(popup)
      .bindTooltip(tip, { permanent: true, direction: "right", offset: [8, 0] })
      .addTo(map);
    bounds.push([p.lat, p.lon]);
  });

  if (bounds.length) {
    map.fitBounds(L.latLngBounds(bounds).pad(0.6), { maxZoom: 6 });
  } else {
    map.setView([25, 40], 2);
  }
  L.control.scale({ imperial: false }).addTo(map);
  box.dataset.ready = "yes";
  window.linkwatchMap = { map: map, places: places.size };
})();
