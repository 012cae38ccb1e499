// The backprop step-through (bpbook.figures.tabs.steps_html) puts only its first
// drawing in the page; each other step's drawing waits in a <template> inside
// <div class="bp-step bp-step-pending">. This script moves a drawing into place
// when its step is shown, and every drawing before printing.
//
// "Shown" is detected without knowing how the tab was chosen (click, keyboard,
// Material's linked tabs, a restored choice): stylesheets/extra.css gives pending
// steps a 1 ms animation, and a browser starts an element's animation when the
// element starts to be rendered. The listeners sit on the document, so they keep
// working across Material's instant navigation with no re-run (and on pages without
// a step-through they never fire).
(function () {
  "use strict";
  var PENDING = "bp-step-pending";

  function show(holder) {
    var template = holder.querySelector(":scope > template");
    if (template) {
      template.replaceWith(template.content);
    }
    holder.classList.remove(PENDING);
  }

  function showPendingIn(root) {
    root.querySelectorAll("." + PENDING).forEach(show);
  }

  document.addEventListener("animationstart", function (event) {
    var target = event.target;
    if (target instanceof Element && target.classList.contains(PENDING)) {
      show(target);
    }
  });
  // Belt and braces for browsers that skip animations: the checked tab's block.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "radio") return;
    var set = input.closest(".tabbed-set");
    if (!set) return;
    var inputs = Array.prototype.slice.call(set.querySelectorAll(":scope > input"));
    var blocks = set.querySelectorAll(":scope > .tabbed-content > .tabbed-block");
    var block = blocks[inputs.indexOf(input)];
    if (block) showPendingIn(block);
  });
  window.addEventListener("beforeprint", function () {
    showPendingIn(document);
  });
})();
