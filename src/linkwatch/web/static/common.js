// Shared helpers for every page. No data is ever written with innerHTML:
// whatever comes from the API is hostile article text and goes in via textContent.
"use strict";
(function () {
  function pageData() {
    const el = document.getElementById("page-data");
    return el ? JSON.parse(el.textContent) : {};
  }

  // Every write sends X-Requested-With: the server refuses cookie-authenticated
  // writes without it, which is what stops other sites from posting on our behalf.
  async function api(method, path, body) {
    const opts = {
      method: method,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "linkwatch" },
    };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    const resp = await fetch(path, opts);
    let payload = null;
    if (resp.status !== 204) {
      try { payload = await resp.json(); } catch (e) { payload = null; }
    }
    if (!resp.ok) {
      const detail = payload && payload.detail;
      const err = new Error(typeof detail === "string" ? detail : resp.statusText || "request failed");
      err.status = resp.status;
      throw err;
    }
    return payload;
  }

  let statusTimer = null;
  function status(message, isError) {
    const el = document.getElementById("status");
    if (!el) return;
    el.textContent = message;
    el.className = isError ? "show error" : "show";
    clearTimeout(statusTimer);
    statusTimer = setTimeout(function () { el.className = ""; }, 8000);
  }

  function toLogin() {
    window.location.assign("/login?next=" + encodeURIComponent(window.location.pathname + window.location.search));
  }

  async function judge(btn) {
    const row = btn.closest("td") || btn.parentElement;
    const buttons = row.querySelectorAll("button[data-action=judge]");
    buttons.forEach(function (b) { b.disabled = true; });
    try {
      const result = await api("POST", "/api/judgements", {
        a: btn.dataset.a, b: btn.dataset.b, judgement: btn.dataset.judgement,
      });
      buttons.forEach(function (b) {
        b.setAttribute("aria-pressed", b === btn ? "true" : "false");
      });
      status("Recorded \u201c" + result.judgement.judgement + "\u201d; the graph was re-resolved (" +
        result.counts.entities + " entities).");
    } catch (err) {
      if (err.status === 401) { toLogin(); return; }
      status("Could not record the judgement: " + err.message, true);
    } finally {
      buttons.forEach(function (b) { b.disabled = false; });
    }
  }

  async function watch(btn) {
    const id = btn.dataset.entity;
    const watched = btn.dataset.watched === "yes";
    btn.disabled = true;
    try {
      if (watched) {
        await api("DELETE", "/api/watchlist/" + encodeURIComponent(id));
      } else {
        await api("POST", "/api/watchlist", { entity_id: id });
      }
      btn.dataset.watched = watched ? "no" : "yes";
      btn.textContent = watched ? "Watch" : "Unwatch";
      status(watched ? "No longer watched." : "Watched: changes will show under Alerts.");
    } catch (err) {
      if (err.status === 401) { toLogin(); return; }
      status("Could not change the watchlist: " + err.message, true);
    } finally {
      btn.disabled = false;
    }
  }

  document.addEventListener("click", function (ev) {
    const btn = ev.target.closest("button[data-action]");
    if (!btn) return;
    if (btn.dataset.action === "judge") judge(btn);
    else if (btn.dataset.action === "watch") watch(btn);
  });

  window.linkwatch = { api: api, pageData: pageData, status: status };
})();
