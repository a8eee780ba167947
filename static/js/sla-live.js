/* Live SLA badges (no inline script: CSP). Every badge rendered by
   templates/sla/clocks/_badge.html carries its reference (data-sla-ref) and, while a
   clock runs, its warning and due instants (data-sla-warn, data-sla-due).
   - Each few seconds, a badge whose instant has come changes colour at once
     (ok -> warning -> breached), without a reload.
   - Each minute, the texts ("3工作小时20分钟 left") are refreshed from the server,
     which counts business time on the clock's own calendar (the browser cannot). */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-badges-url");
  var TICK_MS = 5000;
  var POLL_MS = 60000;
  var KINDS = ["ok", "warning", "breached", "paused", "met", "none"];

  function paint(el, kind) {
    KINDS.forEach(function (k) { el.classList.remove("sla-" + k); });
    el.classList.add("sla-" + kind);
    el.setAttribute("data-sla-kind", kind);
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-sla-due]").forEach(function (el) {
      var kind = el.getAttribute("data-sla-kind");
      if (kind !== "ok" && kind !== "warning") return;
      var due = Date.parse(el.getAttribute("data-sla-due"));
      var warn = Date.parse(el.getAttribute("data-sla-warn") || "");
      if (now >= due) paint(el, "breached");
      else if (kind === "ok" && !isNaN(warn) && now >= warn) paint(el, "warning");
    });
  }

  function setOrDrop(el, name, value) {
    if (value) el.setAttribute(name, value); else el.removeAttribute(name);
  }

  function poll() {
    if (!url || document.hidden) return;
    var badges = document.querySelectorAll("[data-sla-ref]");
    var refs = [];
    badges.forEach(function (el) {
      var ref = el.getAttribute("data-sla-ref");
      if (refs.indexOf(ref) < 0 && refs.length < 200) refs.push(ref);
    });
    if (!refs.length) return;
    var query = refs.map(function (r) { return "ref=" + encodeURIComponent(r); }).join("&");
    fetch(url + "?" + query, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        badges.forEach(function (el) {
          var fresh = data[el.getAttribute("data-sla-ref")];
          if (!fresh) return;
          el.textContent = fresh.text;
          el.title = fresh.title;
          setOrDrop(el, "data-sla-due", fresh.due);
          setOrDrop(el, "data-sla-warn", fresh.warn);
          paint(el, fresh.kind);
        });
      })
      .catch(function () { /* offline for a moment: the next poll tries again */ });
  }

  window.setInterval(tick, TICK_MS);
  window.setInterval(poll, POLL_MS);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { tick(); poll(); } });
})();
