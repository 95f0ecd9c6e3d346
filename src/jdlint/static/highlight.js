// jdlint: findings highlighted in a posting's text, and listed by concern. Shared by the web
// page and the HTML report. Offsets from the engine count code points; JavaScript strings count
// UTF-16 units, so the text is split into code points before slicing.
"use strict";
const jdlint = (() => {
  const SEVERITIES = ["error", "warning", "info", "hint"]; // most severe first
  const CONCERNS = ["unfinished posting", "structure", "role coverage", "wording", "length and readability", "benefits and pay", "inclusion and law"];

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  }

  function counts(findings) {
    const n = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
    for (const f of findings) n[f.severity] += 1;
    return n;
  }

  // The text with one <mark> per stretch covered by the same findings, coloured by the most
  // severe. A finding of no length (something missing) marks the character it points at.
  function renderText(container, text, findings, { onSelect, prefix = "" } = {}) {
    const chars = Array.from(text);
    const spans = findings.map((f, i) => ({ i, start: f.start, end: Math.min(Math.max(f.end, f.start + 1), chars.length) }));
    const cuts = new Set([0, chars.length]);
    for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
    const points = [...cuts].filter((p) => p >= 0 && p <= chars.length).sort((a, b) => a - b);
    const firstMark = new Set();
    container.replaceChildren();
    for (let k = 0; k + 1 < points.length; k++) {
      const [a, b] = [points[k], points[k + 1]];
      const piece = chars.slice(a, b).join("");
      const covering = spans.filter((s) => s.start <= a && s.end >= b && s.start < s.end);
      if (!covering.length) { container.append(piece); continue; }
      const ids = covering.map((s) => s.i);
      const worst = SEVERITIES.find((sev) => ids.some((i) => findings[i].severity === sev));
      const mark = el("mark", {
        class: `sev-${worst}`,
        "data-findings": ids.join(" "),
        title: ids.map((i) => `${findings[i].code} ${findings[i].message}`).join("\n"),
      }, piece);
      for (const i of ids) {
        if (!firstMark.has(i)) { firstMark.add(i); container.append(el("span", { id: `${prefix}m-${i}` })); }
      }
      if (onSelect) mark.addEventListener("click", () => onSelect(ids[0]));
      container.append(mark);
    }
  }

  // Findings grouped by concern; `opts.ruleUrl(name)` links each to its rule's page and
  // `opts.onFix(i)` adds a button applying the finding's fix. `opts.prefix` keeps element ids
  // apart when several postings share one page; `opts.root` holds the text and the list.
  function renderFindings(container, findings, concernOf, opts = {}) {
    const prefix = opts.prefix || "";
    container.replaceChildren();
    if (!findings.length) { container.append(el("p", {}, "No findings: nothing to fix.")); return; }
    const groups = new Map();
    findings.forEach((f, i) => {
      const c = concernOf(f) || "other";
      if (!groups.has(c)) groups.set(c, []);
      groups.get(c).push(i);
    });
    const order = [...CONCERNS, ...[...groups.keys()].filter((c) => !CONCERNS.includes(c))];
    for (const concern of order) {
      const ids = groups.get(concern);
      if (!ids) continue;
      const list = el("ol");
      for (const i of ids) {
        const f = findings[i];
        const meta = el("div", { class: "meta" },
          el("span", {}, `${f.code} ${f.name}`),
          el("span", {}, `advice ${f.advice || "-"}`),
          el("a", { href: `#${prefix}m-${i}`, onclick: (e) => { e.preventDefault(); select(opts.root || document, i, true, prefix); } }, "show in text"));
        if (opts.ruleUrl) meta.append(el("a", { href: opts.ruleUrl(f.name) }, `about ${f.name}`));
        if (opts.onFix && f.fix) {
          const unsafe = f.fix.applicability !== "safe";
          meta.append(el("button", { type: "button", class: "secondary fix", onclick: () => opts.onFix(i),
            "aria-label": `Fix: ${f.fix.description}${unsafe ? " (review the result)" : ""}` },
          unsafe ? "Fix (review)" : "Fix"));
        }
        list.append(el("li", { id: `${prefix}f-${i}`, class: `finding sev-${f.severity}`, tabindex: "-1" },
          el("span", { class: `badge sev-${f.severity}` }, f.severity), " ", f.message, meta));
      }
      container.append(el("h3", {}, `${concern[0].toUpperCase()}${concern.slice(1)} (${ids.length})`), list);
    }
  }

  // Mark finding i as the current one in both the text and the list; bring one into view.
  function select(root, i, toText, prefix = "") {
    for (const n of root.querySelectorAll(".current")) n.classList.remove("current");
    for (const m of root.querySelectorAll("mark[data-findings]")) {
      if (m.dataset.findings.split(" ").includes(String(i))) m.classList.add("current");
    }
    const item = root.querySelector(`#${prefix}f-${i}`);
    if (item) item.classList.add("current");
    const target = toText ? root.querySelector(`#${prefix}m-${i}`) : item;
    if (target) {
      target.scrollIntoView({ block: "center" });
      if (!toText && item) item.focus({ preventScroll: true });
    }
  }

  return { SEVERITIES, CONCERNS, el, counts, renderText, renderFindings, select };
})();
