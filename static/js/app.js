/* Small behaviours that need no framework. Delegated on document, so they keep
   working after htmx swaps. */
(function () {
  "use strict";
  // Reply templates: choosing one puts its text into the reply box.
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-template-target]");
    if (!select) return;
    var option = select.options[select.selectedIndex];
    var box = document.getElementById(select.getAttribute("data-template-target"));
    if (box && option && option.dataset.body !== undefined) {
      box.value = option.dataset.body;
      box.focus();
    }
  });
  // <select data-autosubmit>: choosing an option submits its form (no inline handlers: CSP).
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });
  // <button data-print>: print the page.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
  // --- Phone menu: the header's menu button folds the links and the user menu. ---------
  document.documentElement.classList.add("js");
  function setMenu(header, open) {
    var button = header.querySelector("[data-menu-toggle]");
    header.classList.toggle("menu-open", open);
    if (button) button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-menu-toggle]");
    if (!button) return;
    var header = button.closest("[data-menu]");
    setMenu(header, !header.classList.contains("menu-open"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var header = document.querySelector("[data-menu].menu-open");
    if (!header) return;
    setMenu(header, false);
    var button = header.querySelector("[data-menu-toggle]");
    if (button) button.focus();
  });

  // --- Tables wider than the screen scroll inside their own box; keyboard users can
  //     scroll them too (a focusable region with the table's caption or heading as name).
  function markScrollableTables(root) {
    var tables = (root || document).querySelectorAll("main table, .table-wrap");
    Array.prototype.forEach.call(tables, function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { markScrollableTables(document); });
  window.addEventListener("resize", function () { markScrollableTables(document); });

  // --- After an htmx swap: keep focus where the user acted, announce the result. -------
  // Before the request we note what had focus (its id, or its form's action and its
  // name); after the swap we focus the same control in the new content, else the first
  // message of the result, else the swapped region itself.
  var pendingFocus = null;
  function describe(el) {
    if (!el || el === document.body) return null;
    var form = el.form || el.closest("form");
    return {
      hidden: form ? hiddenSignature(form) : "",
      id: el.id || "",
      name: el.getAttribute("name") || "",
      tag: el.tagName,
      type: el.getAttribute("type") || "",
      action: form ? (form.getAttribute("hx-post") || form.getAttribute("action") || "") : "",
      value: el.tagName === "BUTTON" ? (el.getAttribute("value") || "") : ""
    };
  }
  // Forms that post to the same address (one per status move) differ by their hidden fields.
  function hiddenSignature(form) {
    return Array.prototype.filter.call(form.querySelectorAll("input[type=hidden]"), function (input) {
      return input.name !== "csrfmiddlewaretoken";
    }).map(function (input) { return input.name + "=" + input.value; }).join("&");
  }
  function cssEscape(value) {
    return window.CSS && CSS.escape ? CSS.escape(value) : value.replace(/["\\]/g, "\\$&");
  }
  function findAgain(key) {
    if (!key) return null;
    if (key.id) {
      var byId = document.getElementById(key.id);
      if (byId && !byId.disabled) return byId;
    }
    if (!key.action) return null;
    var forms = document.querySelectorAll('form[hx-post="' + cssEscape(key.action) + '"], form[action="' +
      cssEscape(key.action) + '"]');
    for (var i = 0; i < forms.length; i++) {
      if (hiddenSignature(forms[i]) !== key.hidden) continue;
      var candidates = forms[i].querySelectorAll(key.tag.toLowerCase());
      for (var j = 0; j < candidates.length; j++) {
        var c = candidates[j];
        if ((c.getAttribute("name") || "") === key.name && (c.getAttribute("type") || "") === key.type &&
            (key.tag !== "BUTTON" || (c.getAttribute("value") || "") === key.value) && !c.disabled) return c;
      }
    }
    return null;
  }
  function announce(text) {
    var live = document.getElementById("live-status");
    if (!live || !text) return;
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var active = document.activeElement;
    var origin = event.detail && event.detail.elt;
    // A field typed into (search-as-you-type) keeps its own focus; nothing to restore.
    pendingFocus = describe(active && active !== document.body ? active : origin);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    markScrollableTables(document);
    var region = target && document.body.contains(target) ? target : document.getElementById("main");
    var messages = region ? region.querySelectorAll(".flash, .error, [role=alert]") : [];
    var text = Array.prototype.map.call(messages, function (m) { return m.textContent.trim(); })
      .filter(Boolean).join(" ");
    announce(text);
    var key = pendingFocus;
    pendingFocus = null;
    if (!key) return;
    var active = document.activeElement;
    if (active && active !== document.body && document.body.contains(active) && region &&
        !region.contains(active)) return;  // focus already sits outside the swapped part
    if (active && active !== document.body && region && region.contains(active) && active.id &&
        active.id === key.id) return;  // htmx kept it (same id)
    var again = findAgain(key);
    if (!again && messages.length) {
      again = messages[0];
      again.setAttribute("tabindex", "-1");
    }
    if (!again && region) {
      again = region.querySelector("h1, h2") || region;
      if (!again.hasAttribute("tabindex")) again.setAttribute("tabindex", "-1");
    }
    if (again) again.focus({preventScroll: false});
  });
})();
