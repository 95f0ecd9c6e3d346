// jdlint HTML report: sortable table of postings; each posting opens to its highlighted text.
"use strict";
(() => {
  const data = JSON.parse(document.getElementById("jdlint-data").textContent);
  const concerns = data.concerns;

  function render(details) {
    if (details.dataset.rendered) return;
    const i = Number(details.dataset.index), p = data.postings[i], prefix = `p${i}-`;
    jdlint.renderText(details.querySelector(".posting-text"), p.text, p.result.findings,
      { prefix, onSelect: (k) => jdlint.select(details, k, false, prefix) });
    jdlint.renderFindings(details.querySelector(".findings"), p.result.findings, (f) => concerns[f.name], { prefix, root: details });
    details.dataset.rendered = "1";
  }

  for (const d of document.querySelectorAll("details.posting")) d.addEventListener("toggle", () => d.open && render(d));

  function openFromHash() {
    const d = location.hash && document.getElementById(location.hash.slice(1));
    if (d && d.matches("details.posting")) { d.open = true; render(d); d.scrollIntoView(); d.querySelector("summary").focus(); }
  }
  window.addEventListener("hashchange", openFromHash);
  openFromHash();

  // Click a column header to sort by it; again to reverse.
  const table = document.querySelector("table.postings");
  table.querySelectorAll("th button").forEach((button, col) => {
    button.addEventListener("click", () => {
      const th = button.closest("th");
      const down = th.getAttribute("aria-sort") !== "descending";
      table.querySelectorAll("th").forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", down ? "descending" : "ascending");
      const body = table.tBodies[0];
      const key = (row) => row.cells[col].dataset.value;
      const numeric = th.dataset.type === "number";
      const rows = [...body.rows].sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        const c = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        return down ? -c : c;
      });
      body.append(...rows);
    });
  });
})();
