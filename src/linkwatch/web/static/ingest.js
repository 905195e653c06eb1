// Upload articles (or URLs) to POST /api/ingest and list what happened to each.
"use strict";
(function () {
  const lw = window.linkwatch;
  const results = document.getElementById("ingest-results");

  function show(out) {
    results.replaceChildren();
    out.results.forEach(function (r) {
      const li = document.createElement("li");
      li.className = "ingest-" + r.status;
      li.append(r.status + ": ");
      if (r.doc_id) {
        const a = document.createElement("a");
        a.href = "/documents/" + encodeURIComponent(r.doc_id);
        a.textContent = r.origin;
        li.append(a);
      } else {
        li.append(r.origin);
      }
      if (r.error) li.append(" \u2014 " + r.error);
      results.append(li);
    });
    lw.status(out.added + " added, " + out.duplicates + " already known, " + out.failed + " failed.");
  }

  async function send(form, url, body, json) {
    const button = form.querySelector("button");
    button.disabled = true;
    lw.status("Ingesting\u2026");
    try {
      const resp = await fetch(url, {
        method: "POST", credentials: "same-origin", body: json ? JSON.stringify(body) : body,
        headers: Object.assign({ "X-Requested-With": "linkwatch", "Accept": "application/json" },
                               json ? { "Content-Type": "application/json" } : {}),
      });
      const out = await resp.json().catch(function () { return {}; });
      if (resp.status === 401) {
        window.location.assign("/login?next=" + encodeURIComponent(window.location.pathname));
        return;
      }
      if (!resp.ok) throw new Error(typeof out.detail === "string" ? out.detail : resp.statusText);
      show(out);
    } catch (err) {
      lw.status("Ingest failed: " + err.message, true);
    } finally {
      button.disabled = false;
    }
  }

  document.getElementById("ingest-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    const fd = new FormData(ev.target);
    // Empty optional fields would be sent as "" and an empty file as a nameless part: drop them.
    ["source", "published"].forEach(function (k) { if (!fd.get(k)) fd.delete(k); });
    const manifest = fd.get("manifest");
    if (manifest && !manifest.name) fd.delete("manifest");
    fd.getAll("files").forEach(function (f) { if (!f.name) fd.delete("files"); });
    send(ev.target, "/api/ingest", fd, false);
  });

  document.getElementById("ingest-urls").addEventListener("submit", function (ev) {
    ev.preventDefault();
    const urls = new FormData(ev.target).get("urls").split(/\s+/).filter(Boolean);
    if (!urls.length) { lw.status("Give at least one URL.", true); return; }
    send(ev.target, "/api/ingest/urls", { urls: urls }, true);
  });
})();
