/* Wide formulas and notebook code scroll sideways: make such boxes focusable so a
 * keyboard user can scroll them too. Math itself is typeset at build time
 * (hooks/katex_prerender.py); this script does no math.
 * Runs on first load and after every Material instant navigation (document$).
 */
(function () {
  "use strict";

  function focusIfScrolling() {
    document.querySelectorAll(".katex-display, .jupyter-wrapper .highlight-ipynb").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth) {
        el.setAttribute("tabindex", "0");
      }
    });
  }

  function onPage() {
    focusIfScrolling();
    if (document.fonts) {
      document.fonts.ready.then(focusIfScrolling);
    }
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
