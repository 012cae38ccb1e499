// What the browser tests check on one loaded page, measured in the page itself.
// Evaluated by Playwright as `page.evaluate(<this file>)`; returns plain JSON.
//
//   math     - rendered KaTeX, KaTeX errors, and math delimiters left raw in the
//              visible text (code, KaTeX's own MathML annotation and scripts excluded)
//   markup   - other source markup left raw in the visible text (reST roles, ...)
//   figures  - the content's diagrams and plots: inline <svg> (bpbook.figures'
//              class="bp-..." or role="img", or any other sizeable inline SVG) and
//              images; for SVG text, the contrast of its fill against what is painted
//              behind it (SVG shapes under the text, then the page background)
//   code     - code blocks and Material's copy buttons
//   details  - collapsible blocks
//   scheme   - Material's data-md-color-scheme and the page background
() => {
  "use strict";
  const content = document.querySelector(".md-content") || document.body;

  // ---------------------------------------------------------------- colours
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const colourCache = new Map();
  // Any CSS colour (rgb(), hsl(), oklch(), named...) -> [r, g, b, a] in sRGB, a in 0..1.
  function rgba(css) {
    if (!css || css === "none") return null;
    if (colourCache.has(css)) return colourCache.get(css);
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "rgba(0, 0, 0, 0)";
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    const out = [d[0], d[1], d[2], d[3] / 255];
    colourCache.set(css, out);
    return out;
  }
  function over(top, below) {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + below[i] * (1 - a)).concat([1]);
  }
  function withAlpha(c, factor) {
    return [c[0], c[1], c[2], c[3] * factor];
  }
  function luminance(c) {
    const lin = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  }
  function contrast(a, b) {
    const la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  function hex(c) {
    return "#" + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
  }
  // Opacity of an element times that of all its ancestors.
  function opacityChain(el) {
    let o = 1;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      o *= parseFloat(getComputedStyle(e).opacity || "1");
    }
    return o;
  }
  // The opaque colour of the HTML behind an element: its own and its ancestors'
  // background colours, composited over the canvas (white, or Chromium's dark canvas
  // when the root asks for color-scheme: dark and paints nothing itself).
  function backdrop(el) {
    const chain = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) chain.push(e);
    chain.reverse();
    const rootScheme = getComputedStyle(document.documentElement).colorScheme || "";
    let bg = rootScheme.includes("dark") && !rootScheme.includes("light")
      ? [18, 18, 18, 1] : [255, 255, 255, 1];
    for (const e of chain) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) bg = over(c, bg);
    }
    return bg;
  }

  // ---------------------------------------------------------------- scheme
  const scheme = {
    attribute: document.body.getAttribute("data-md-color-scheme"),
    background: hex(backdrop(document.querySelector(".md-main") || document.body)),
  };

  // ---------------------------------------------------------------- math
  const SKIP_TEXT = "script, style, noscript, template, textarea, pre, code, kbd, samp, " +
                    ".katex, .katex-display, .MathJax, mjx-container";
  const RAW = [
    ["$$", /\$\$/],
    ["\\(", /\\\(/],
    ["\\[", /\\\[/],
    ["$...$", /(^|[^\\$\w])\$[^\s$](?:[^$\n]*?[^\s$\\])?\$(?![\w$])/],
  ];
  // Source markup that should have been rendered: reStructuredText roles from
  // docstrings (:class:`X`), Markdown links and emphasis, admonition/details markers.
  const MARKUP = [
    ["reST role", /:(?:class|func|meth|mod|attr|data|exc|obj|ref|doc|term):(?=`|\w|\s*$)/],
    ["Markdown link", /\[[^\]\n]+\]\((?:[^()\s]+)\)/],
    ["Markdown bold", /\*\*[^*\s][^*\n]*\*\*/],
    ["admonition marker", /^\s*(?:!!!|\?\?\?\+?|===)\s+[\w"]/],
  ];
  const raw = [];
  const markup = [];
  const snippet = (text, at) =>
    text.slice(Math.max(0, at - 30), at + 50).replace(/\s+/g, " ").trim();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent;
    if (!text || !/[$\\:\[*!?=]/.test(text)) continue;
    const parent = n.parentElement;
    if (!parent || parent.closest(SKIP_TEXT)) continue;
    for (const [label, re] of MARKUP) {
      const m = re.exec(text);
      if (m) {
        const next = n.nextSibling ? n.nextSibling.textContent || "" : "";
        markup.push({ kind: label, snippet: snippet(text + next, m.index) });
        break;
      }
    }
    for (const [label, re] of RAW) {
      const m = re.exec(text);
      if (m) {
        raw.push({ delimiter: label, snippet: snippet(text, m.index) });
        break;
      }
    }
  }
  const math = {
    katex: content.querySelectorAll(".katex").length,
    errors: [...document.querySelectorAll(".katex-error")].map((e) =>
      (e.getAttribute("title") || "") + " :: " + e.textContent.slice(0, 80)),
    raw,
  };

  // ---------------------------------------------------------------- figures
  const NOT_FIGURE = ".katex, .md-icon, .md-clipboard, .twemoji, .emojione, .md-header, " +
                     ".md-footer, .md-nav, .md-sidebar, .headerlink, .md-source, " +
                     ".md-content__button, .bp-nb-downloads, .md-search, button";
  const NONRENDERED = "defs, clipPath, mask, marker, symbol, pattern, title, desc, metadata, " +
                      "linearGradient, radialGradient, filter, foreignObject";
  const SHAPES = "rect, circle, ellipse, polygon, path, polyline, line";

  function isRendered(el) {
    if (el.closest(NONRENDERED)) return false;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === "none") return false;
    }
    return getComputedStyle(el).visibility === "visible";
  }
  function accessibleName(svg) {
    const label = svg.getAttribute("aria-label");
    if (label && label.trim()) return label.trim();
    const ids = (svg.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    const byId = ids.map((id) => document.getElementById(id)).filter(Boolean)
                    .map((e) => e.textContent.trim()).join(" ");
    if (byId) return byId;
    const title = svg.querySelector(":scope > title");
    return title ? title.textContent.trim() : "";
  }
  function isFigureSvg(svg) {
    if (svg.parentElement && svg.parentElement.closest("svg")) return false;
    if (svg.closest(NOT_FIGURE)) return false;
    if ([...svg.classList].some((c) => c.startsWith("bp-"))) return true;
    if (svg.getAttribute("role") === "img") return true;
    const r = svg.getBoundingClientRect();
    const w = r.width || parseFloat(svg.getAttribute("width") || "0");
    const h = r.height || parseFloat(svg.getAttribute("height") || "0");
    return w >= 64 && h >= 64; // a plot or diagram without markup of its own
  }

  // Text-like things in an SVG: <text>/<tspan> holding characters, and matplotlib's
  // glyph groups (<g id="text_N"> or "<prefix>-text_N" of <use>/<path> glyphs, when
  // svg.fonttype is "path").
  function textItems(svg) {
    const items = [];
    for (const t of svg.querySelectorAll("text, tspan")) {
      const hasChars = [...t.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (hasChars && isRendered(t)) items.push({ el: t, paintEl: t, kind: "text" });
    }
    for (const g of svg.querySelectorAll("g[id]")) {
      if (!/(^|-)text_\d+$/.test(g.id) || g.querySelector("text")) continue;
      const glyph = [...g.querySelectorAll("use, path")].find((e) => !e.closest("defs"));
      const comment = [...g.childNodes].find((n) => n.nodeType === 8); // <!-- the text -->
      const label = comment ? comment.textContent.trim() : g.id;
      if (glyph && isRendered(g)) items.push({ el: g, paintEl: glyph, kind: "glyphs", label });
    }
    return items;
  }

  function shapeFill(shape) {
    const cs = getComputedStyle(shape);
    if (!cs.fill || cs.fill === "none" || cs.fill.startsWith("url(")) return null;
    const c = rgba(cs.fill);
    if (!c) return null;
    return withAlpha(c, parseFloat(cs.fillOpacity || "1") * opacityChain(shape));
  }

  function measureText(item, svg, shapes, svgBackdrop) {
    const el = item.el;
    const cs = getComputedStyle(item.paintEl);
    if (!cs.fill || cs.fill === "none") return null;
    const label = (item.label || el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 40);
    if (cs.fill.startsWith("url(")) {
      return { text: label, problem: "text filled with a gradient/pattern: contrast unknown" };
    }
    const fg0 = rgba(cs.fill);
    const fg = withAlpha(fg0, parseFloat(cs.fillOpacity || "1") * opacityChain(item.paintEl));
    const r = el.getBoundingClientRect();
    if (r.width < 0.5 || r.height < 0.5) return null; // not laid out (e.g. closed <details>)

    // Rendered font size (user units scaled by the SVG's transform) decides "large".
    // (For glyph groups there is no font size: their height on screen stands in.)
    let px = parseFloat(cs.fontSize || "16");
    const ctm = el.getScreenCTM && el.getScreenCTM();
    if (ctm) px *= Math.sqrt(Math.abs(ctm.a * ctm.d - ctm.b * ctm.c));
    if (item.kind === "glyphs") px = r.height;
    const bold = parseInt(cs.fontWeight, 10) >= 700;
    const large = item.kind === "text" && (px >= 24 || (bold && px >= 18.66));

    // A halo (stroke painted under the fill) is what the glyphs sit on.
    const stroke = rgba(cs.stroke);
    const halo = item.kind === "text" && stroke && stroke[3] > 0 &&
      (cs.paintOrder || "").trim().startsWith("stroke") && parseFloat(cs.strokeWidth) >= 1
      ? withAlpha(stroke, parseFloat(cs.strokeOpacity || "1") * opacityChain(el)) : null;

    let worst = null;
    const y = r.top + r.height / 2;
    for (const fx of [0.2, 0.5, 0.8]) {
      const x = r.left + r.width * fx;
      let bg = svgBackdrop;
      for (const s of shapes) {
        if (!(s.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
        if (s.contains(el)) continue;
        const fill = shapeFill(s);
        if (!fill || fill[3] === 0) continue;
        let inside = false;
        try {
          const m = s.getScreenCTM();
          if (!m) continue;
          const p = new DOMPoint(x, y).matrixTransform(m.inverse());
          inside = s.isPointInFill(p);
        } catch (e) {
          inside = false;
        }
        if (inside) bg = over(fill, bg);
      }
      if (halo) bg = over(halo, bg);
      const ratio = contrast(over(fg, bg), bg);
      if (!worst || ratio < worst.ratio) worst = { ratio, fg: hex(over(fg, bg)), bg: hex(bg) };
    }
    return {
      text: label,
      kind: item.kind,
      fontPx: Math.round(px * 10) / 10,
      large,
      required: large ? 3 : 4.5,
      ratio: Math.round(worst.ratio * 100) / 100,
      fg: worst.fg,
      bg: worst.bg,
    };
  }

  const figures = [];
  const svgs = [...content.querySelectorAll("svg")].filter(isFigureSvg);
  svgs.forEach((svg, index) => {
    const r = svg.getBoundingClientRect();
    const shapes = [...svg.querySelectorAll(SHAPES)].filter(isRendered);
    const svgBackdrop = backdrop(svg);
    const texts = [];
    let unmeasured = 0;
    for (const item of textItems(svg)) {
      const m = measureText(item, svg, shapes, svgBackdrop);
      if (m) texts.push(m);
      else unmeasured += 1;
    }
    figures.push({
      index,
      kind: "svg",
      classes: svg.getAttribute("class") || "",
      role: svg.getAttribute("role") || "",
      name: accessibleName(svg).slice(0, 120),
      ariaHidden: svg.closest('[aria-hidden="true"]') !== null,
      width: Math.round(r.width),
      height: Math.round(r.height),
      visible: r.width > 0 && r.height > 0,
      backdrop: hex(svgBackdrop),
      texts,
      unmeasured,
    });
  });

  // Raster (or <img src=*.svg>) figures: an opaque image carries its own background;
  // a transparent one must have ink that stands out from the page behind it.
  const imgs = [...content.querySelectorAll("img")].filter((img) =>
    !img.closest(NOT_FIGURE) && (img.naturalWidth >= 64 || img.width >= 64));
  imgs.forEach((img, i) => {
    const r = img.getBoundingClientRect();
    const entry = {
      index: svgs.length + i,
      kind: "img",
      src: (img.getAttribute("src") || "").slice(0, 80),
      alt: img.getAttribute("alt"),
      width: Math.round(r.width),
      height: Math.round(r.height),
      visible: r.width > 0 && r.height > 0,
      loaded: img.complete && img.naturalWidth > 0,
      texts: [],
      unmeasured: 0,
    };
    if (entry.loaded) {
      try {
        const scale = Math.min(1, 600 / Math.max(img.naturalWidth, img.naturalHeight));
        const w = Math.max(1, Math.round(img.naturalWidth * scale));
        const h = Math.max(1, Math.round(img.naturalHeight * scale));
        const c = document.createElement("canvas");
        c.width = w; c.height = h;
        const cx = c.getContext("2d", { willReadFrequently: true });
        cx.drawImage(img, 0, 0, w, h);
        const d = cx.getImageData(0, 0, w, h).data;
        const bg = backdrop(img);
        let transparent = 0, best = 1;
        for (let p = 0; p < d.length; p += 4) {
          if (d[p + 3] < 250) transparent += 1;
          if (d[p + 3] >= 200) {
            const ratio = contrast(over([d[p], d[p + 1], d[p + 2], d[p + 3] / 255], bg), bg);
            if (ratio > best) best = ratio;
          }
        }
        entry.transparentFraction = transparent / (w * h);
        entry.backdrop = hex(bg);
        entry.inkContrast = Math.round(best * 100) / 100;
      } catch (e) {
        entry.problem = "could not read pixels: " + e;
      }
    }
    figures.push(entry);
  });

  // ---------------------------------------------------------------- code, details
  // Markdown code blocks: Material's copy button, <pre><button class="md-clipboard"> before
  // 9.7, <pre><nav class="md-code__nav"><button data-md-type="copy"> since.
  // Notebook code cells: mkdocs-jupyter's <clipboard-copy> element in the cell's editor
  // (a custom element defined by an inline script, which must have run).
  const MATERIAL_COPY = ":scope > .md-clipboard, :scope > .md-code__nav > [data-md-type='copy']";
  const notebookCopy = !!(window.customElements && customElements.get("clipboard-copy"));
  const blocks = [];
  for (const pre of content.querySelectorAll("pre")) {
    const cell = pre.closest(".jp-InputArea-editor");
    if (cell) {
      blocks.push({ pre, where: "notebook cell",
                    button: notebookCopy && !!cell.querySelector("clipboard-copy") });
    } else if (pre.querySelector(":scope > code") && !pre.closest(".jupyter-wrapper")) {
      blocks.push({ pre, where: "markdown", button: !!pre.querySelector(MATERIAL_COPY) });
    }
  }
  const code = {
    blocks: blocks.length,
    copyButtons: blocks.filter((b) => b.button).length,
    withoutButton: blocks.filter((b) => !b.button).map((b) => ({
      where: b.where,
      snippet: b.pre.textContent.replace(/\s+/g, " ").trim().slice(0, 60),
    })),
  };
  const details = content.querySelectorAll("details").length;

  // ------------------------------------------------------------ headings, skipped blocks
  // Material reads the position of every heading the table of contents links to as the
  // page loads; a heading inside a `content-visibility: auto` block makes the browser lay
  // that whole block out then, which undoes the skipping (extra.css, issue 10).
  const tocLinks = [...document.querySelectorAll(".md-nav--secondary a.md-nav__link")];
  const headings = { missing: [], insideSkippable: [] };
  for (const link of tocLinks) {
    const id = decodeURIComponent(link.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) {
      headings.missing.push(link.getAttribute("href"));
      continue;
    }
    for (let up = target; up && up !== content; up = up.parentElement) {
      if (getComputedStyle(up).contentVisibility === "auto") {
        headings.insideSkippable.push(`#${id} (in <${up.tagName.toLowerCase()} class="${up.className}">)`);
        break;
      }
    }
  }

  return { scheme, math, markup, figures, code, details, headings, title: document.title };
}
