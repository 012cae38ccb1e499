// Turns the combined print page (mkdocs-print-site-plugin) into the book's print layout.
// Run once by tools/pdf/build.py through Playwright, after the page (and its math) has
// loaded; it only rearranges the DOM: no site page ever loads this file.
//
//  * (tools/pdf/build.py has fired `beforeprint` first, so that scripts that fill content
//    in only when printing, e.g. the step-through's hidden steps, have done so);
//  * content tabs (the step-through, === tabs): every tab shown, one after the other,
//    each under its label;
//  * exercise solutions (??? success "Solution"): moved to a "Solutions" chapter at the
//    end, each under its exercise's title and linked both ways; other collapsibles open;
//  * links to files of the site that are not in the book (downloads, the PDF itself)
//    point at the published site instead of the local server;
//  * the table of contents and the pointers to solutions get a page-number slot
//    (<span data-bp-page-of="id">000</span>, filled in by tools/pdf/build.py).
({ siteUrl, baseUrl }) => {
  const book = document.getElementById("print-site-page");
  if (!book) throw new Error("no #print-site-page: is this the print-site page?");
  // Material writes the contents' links out as full URLs of this page: back to #ids.
  const here = location.href.split("#")[0];
  for (const a of book.querySelectorAll("a[href]")) {
    const url = new URL(a.getAttribute("href"), location.href);
    if (url.hash && url.href.split("#")[0] === here) a.setAttribute("href", url.hash);
  }

  for (const set of book.querySelectorAll(".tabbed-set")) {
    const labels = [...set.querySelectorAll(":scope > .tabbed-labels > label")];
    const blocks = [...set.querySelectorAll(":scope > .tabbed-content > .tabbed-block")];
    blocks.forEach((block, i) => {
      const title = document.createElement("p");
      title.className = "bp-print-tab-title";
      title.textContent = labels[i] ? labels[i].textContent : `Tab ${i + 1}`;
      block.prepend(title);
      block.classList.add("bp-print-tab");
    });
    set.classList.add("bp-print-tabs");
  }

  const solutions = [...book.querySelectorAll("details")].filter((d) =>
    /^\s*solution/i.test(d.querySelector("summary")?.textContent || ""));
  if (solutions.length) {
    const chapter = document.createElement("section");
    chapter.className = "print-page bp-solutions";
    chapter.id = "bp-solutions";
    chapter.innerHTML = "<h1>Solutions</h1>";
    solutions.forEach((details, i) => {
      const exercise = previousHeading(details);
      const name = exercise ? exercise.textContent.replace(/¶$/, "").trim() : `Exercise ${i + 1}`;
      if (exercise && !exercise.id) exercise.id = `bp-exercise-${i + 1}`;
      const heading = document.createElement("h2");
      heading.id = `bp-solution-${i + 1}`;
      heading.innerHTML = exercise
        ? `Solution to <a href="#${exercise.id}"></a>` : "Solution";
      if (exercise) heading.querySelector("a").textContent = name;
      const body = document.createElement("div");
      body.className = "bp-solution";
      for (const child of [...details.childNodes]) {
        if (child.nodeName !== "SUMMARY") body.append(child);
      }
      chapter.append(heading, body);
      const pointer = document.createElement("p");
      pointer.className = "bp-solution-pointer";
      pointer.innerHTML = `<a href="#${heading.id}">Solution: page ` +
        `<span data-bp-page-of="${heading.id}">000</span></a>`;
      details.replaceWith(pointer);
    });
    book.append(chapter);
    const tocList = book.querySelector("#print-page-toc nav > ul");
    if (tocList) {
      tocList.insertAdjacentHTML("beforeend", '<li class="md-nav__item">' +
        '<a href="#bp-solutions" class="md-nav__link"><span class="md-ellipsis">Solutions' +
        "</span></a></li>");
    }
  }
  for (const details of book.querySelectorAll("details")) details.open = true;

  const local = baseUrl;
  for (const a of book.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    if (href.startsWith("#")) continue;
    const url = new URL(href, location.href).href;
    if (url.startsWith(local)) a.href = siteUrl + url.slice(local.length);
  }

  for (const a of book.querySelectorAll("#print-page-toc a[href^='#']")) {
    const slot = document.createElement("span");
    slot.className = "bp-toc-page";
    slot.dataset.bpPageOf = a.hash.slice(1);
    slot.textContent = "000";
    a.append(slot);
  }
  return { tabs: book.querySelectorAll(".bp-print-tab").length, solutions: solutions.length };

  function previousHeading(node) {
    // The nearest h2/h3 before `node` in document order, within the same page section.
    const section = node.closest("section.print-page");
    const headings = [...(section || book).querySelectorAll("h2, h3")];
    let found = null;
    for (const h of headings) {
      if (h.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) found = h;
    }
    return found;
  }
}
