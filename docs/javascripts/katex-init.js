/* Render math with the vendored KaTeX (docs/assets/katex/), never a CDN.
 *
 * - Markdown pages: pymdownx.arithmatex (generic: true) leaves \( .. \) and \[ .. \]
 *   inside elements with class "arithmatex".
 * - Notebook chapters (mkdocs-jupyter): markdown cells keep $ .. $ and $$ .. $$ inside
 *   ".jupyter-wrapper"; only there are dollar signs treated as math.
 * Runs on first load and after every Material instant navigation (document$).
 */
(function () {
  "use strict";

  var BRACKETS = [
    { left: "\\[", right: "\\]", display: true },
    { left: "\\(", right: "\\)", display: false }
  ];
  var WITH_DOLLARS = [
    { left: "$$", right: "$$", display: true },
    { left: "\\[", right: "\\]", display: true },
    { left: "$", right: "$", display: false },
    { left: "\\(", right: "\\)", display: false }
  ];

  function render(root, delimiters) {
    window.renderMathInElement(root, {
      delimiters: delimiters,
      throwOnError: false,
      ignoredTags: ["script", "noscript", "style", "textarea", "pre", "code", "option"],
      ignoredClasses: ["highlight", "highlight-ipynb", "jp-OutputArea-output"]
    });
  }

  // Wide formulas and notebook code scroll sideways: make such boxes focusable so a
  // keyboard user can scroll them too.
  function focusIfScrolling(scope) {
    scope.querySelectorAll(".katex-display, .jupyter-wrapper .highlight-ipynb").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth) {
        el.setAttribute("tabindex", "0");
      }
    });
  }

  function renderAll(root) {
    if (typeof window.renderMathInElement !== "function") {
      return;
    }
    var scope = root || document.body;
    scope.querySelectorAll(".arithmatex").forEach(function (el) {
      render(el, BRACKETS);
    });
    scope.querySelectorAll(".jupyter-wrapper .jp-MarkdownOutput, .jupyter-wrapper .jp-RenderedMarkdown")
      .forEach(function (el) {
        render(el, WITH_DOLLARS);
      });
    focusIfScrolling(scope);
    if (document.fonts) {
      document.fonts.ready.then(function () {
        focusIfScrolling(scope);
      });
    }
    document.documentElement.setAttribute("data-bp-math", "rendered");
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    // Material: fires on the first load and on every instant navigation.
    window.document$.subscribe(function () {
      renderAll(document.body);
    });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      renderAll(document.body);
    });
  } else {
    renderAll(document.body);
  }
})();
