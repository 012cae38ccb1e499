// Entry point of the explorables, loaded only by the pages that have one (their
// markdown-exec fence or notebook cell writes the <script type="module"> tag and a JSON
// island with bpbook's numbers). It waits until the page is shown, then adds a "Try it"
// button under each island; the explorable's own code is fetched when it is opened.
// Nothing is imported up front: a module the page loads would be fetched while the page
// is still being shown, on the way to its first paint (issue 10).

const MODULES = { network: "./network.js", descent: "./training.js", sgd: "./training.js", surface: "./surface.js" };

function styles(el) {
  if (document.querySelector("link[data-bp-explorable]")) return;
  document.head.append(el("link", { rel: "stylesheet", href: new URL("./explorable.css", import.meta.url).href, "data-bp-explorable": "" }));
}

function prepare({ button, el }, root, n) {
  root.id ||= `bp-explorable-${n}`;
  const data = JSON.parse(root.querySelector('script[type="application/json"]').textContent);
  const before = root.previousElementSibling;
  const staticFigure = before && (before.matches("svg.bp-network") || before.querySelector("svg.bp-network")) ? before : null;
  const open = button(data.label, async () => {
    const opening = open.getAttribute("aria-expanded") !== "true";
    open.setAttribute("aria-expanded", String(opening));
    if (!holder.firstChild) {
      const { mount } = await import(MODULES[data.kind]);
      holder.append(mount(root, data));
    }
    holder.hidden = !opening;
    if (staticFigure) staticFigure.hidden = opening;
  });
  const holder = el("div", { id: `${root.id}-panel`, class: "bp-x-holder" });
  holder.hidden = true;
  open.setAttribute("aria-expanded", "false");
  open.setAttribute("aria-controls", holder.id);
  root.append(open, holder);
}

async function start() {
  const roots = document.querySelectorAll(".bp-explorable:not([data-mounted])");
  if (!roots.length) return;
  // Claimed before the import is awaited, so a second start() meanwhile leaves them alone.
  roots.forEach((root) => { root.dataset.mounted = ""; });
  const ui = await import("./ui.js");
  styles(ui.el);
  roots.forEach((root, n) => prepare(ui, root, n));
}

// Start after the page is shown: after "load", then one frame and a task later.
const later = () => requestAnimationFrame(() => setTimeout(start, 0));
if (document.readyState === "complete") later();
else window.addEventListener("load", later, { once: true });
// Material's instant navigation swaps pages without reloading this module.
if (window.document$) window.document$.subscribe(later);
