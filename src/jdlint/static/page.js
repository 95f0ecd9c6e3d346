// jdlint web page: lint through /api/lint, fix through /api/fix, keep an undo stack of texts.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const text = $("text"), view = $("view"), list = $("findings"), summary = $("summary");
  const selects = { language: $("language"), role: $("role"), level: $("level") };
  const LANG_NAMES = { en: "English", de: "German" };
  const undo = [];
  let ready, concerns = {}, fileName = "posting.md", result = null, linted = null, seq = 0, timer = null;

  async function post(url, body) {
    const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const data = await res.json();
    if (!res.ok) throw new Error(data.error || res.statusText);
    return data;
  }

  function settings() {
    const body = { text: text.value };
    for (const [key, sel] of Object.entries(selects)) if (sel.value !== "auto") body[key] = sel.value;
    return body;
  }

  // "Detect" options show what was detected, so a wrong guess is easy to see and change.
  function showDetected(r) {
    const names = { language: LANG_NAMES[r.language] || r.language, role: r.role, level: r.level };
    for (const [key, sel] of Object.entries(selects)) sel.options[0].textContent = `Detected: ${names[key]}`;
  }

  function describe(r, stats) {
    const n = jdlint.counts(r.findings);
    const parts = jdlint.SEVERITIES.map((s) => `${n[s]} ${s}${n[s] === 1 || s === "info" ? "" : "s"}`);
    const words = `${stats.words} words, about ${stats.reading_minutes} min to read`;
    const score = stats.readability === null ? "" : `, readability (Flesch) ${stats.readability}`;
    const as = `Checked as ${LANG_NAMES[r.language] || r.language}, role ${r.role}, level ${r.level}.`;
    return `${r.findings.length} findings: ${parts.join(", ")}. ${words}${score}. ${as}`;
  }

  async function check() {
    clearTimeout(timer);
    if (!text.value.trim()) { summary.textContent = "Paste a posting first."; return; }
    const mine = ++seq, body = settings();
    summary.textContent = "Checking…";
    try {
      await ready;
      const r = await post("/api/lint", body);
      const stats = await post("/api/stats", { text: body.text, language: r.language });
      if (mine !== seq) return; // a newer check is under way
      result = r; linted = body.text;
      showDetected(r);
      jdlint.renderText(view, linted, r.findings, { onSelect: (i) => jdlint.select(document, i, false) });
      jdlint.renderFindings(list, r.findings, (f) => concerns[f.name], {
        ruleUrl: (name) => `/rules/${encodeURIComponent(name)}`,
        onFix: (i) => fix([i]),
      });
      summary.textContent = describe(r, stats);
      $("fix-safe").disabled = !r.findings.some((f) => f.fix && f.fix.applicability === "safe");
    } catch (err) {
      if (mine === seq) { summary.textContent = `Could not check: ${err.message}`; summary.classList.add("error-box"); }
      return;
    }
    summary.classList.remove("error-box");
  }

  async function fix(which) {
    if (linted !== text.value) { await check(); return; } // findings are stale: show fresh ones first
    try {
      const out = await post("/api/fix", { ...settings(), fixes: which });
      if (out.text !== text.value) {
        undo.push(text.value);
        text.value = out.text;
        $("undo").disabled = false;
      }
      await check();
    } catch (err) {
      summary.textContent = `Could not fix: ${err.message}`;
    }
  }

  $("form").addEventListener("submit", (e) => { e.preventDefault(); check(); });
  text.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); check(); } });
  text.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(check, 800); });
  for (const sel of Object.values(selects)) sel.addEventListener("change", () => text.value.trim() && check());
  $("fix-safe").addEventListener("click", () => fix("safe"));
  $("undo").addEventListener("click", () => {
    if (!undo.length) return;
    text.value = undo.pop();
    $("undo").disabled = !undo.length;
    check();
  });
  $("copy").addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(text.value); } catch { text.select(); document.execCommand("copy"); }
    summary.textContent = "Copied the posting to the clipboard.";
  });
  $("download").addEventListener("click", () => {
    const a = jdlint.el("a", { href: URL.createObjectURL(new Blob([text.value], { type: "text/markdown" })), download: fileName });
    document.body.append(a); a.click(); a.remove();
  });
  $("file").addEventListener("change", async () => {
    const file = $("file").files[0];
    if (!file) return;
    if (/\.(docx|html?)$/i.test(file.name)) {
      // Word files and web pages are read on the server into Markdown, which is edited here.
      const bytes = new Uint8Array(await file.arrayBuffer());
      let bin = "";
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      try {
        text.value = (await post("/api/read", { name: file.name, data: btoa(bin) })).text;
      } catch (err) {
        summary.textContent = `Could not read ${file.name}: ${err.message}`; summary.classList.add("error-box");
        return;
      }
      fileName = file.name.replace(/\.(docx|html?)$/i, ".md");
    } else {
      fileName = file.name;
      text.value = await file.text();
    }
    undo.length = 0; $("undo").disabled = true;
    check();
  });

  ready = fetch("/api/rules").then((r) => r.json()).then((rules) => {
    concerns = Object.fromEntries(rules.map((r) => [r.name, r.concern]));
  });
  fetch("/api/roles").then((r) => r.json()).then((roles) => {
    for (const m of roles) selects.role.append(jdlint.el("option", { value: m.id }, `${m.name.en || m.id} (${m.id})`));
  });
})();
