/* The council staff's dashboard: fetches /admin/api/summary and draws KPI cards, SVG charts
   and tables. No libraries, no third-party requests; every server string goes in through
   textContent or an SVG text node, never as markup. The page is rendered in the staff member's
   language (<html data-language>); the texts drawn here come translated from
   GET /api/v1/i18n/{language} (docs/localisation.md). */
(() => {
  "use strict";

  // Interface texts: English source strings marked for the gettext catalogues (N_, and NP_ with a
  // context where one English text has two translations). {name} placeholders are filled by t().
  const N_ = (text) => text;
  const NP_ = (context, text) => `${context}\u0004${text}`;
  const sourceText = (id) => id.slice(id.indexOf("\u0004") + 1);
  const TEXTS = {
    showTable: N_("Show as a table"),
    dailyTitle: N_("Turns (columns) and conversations (line) per day, {days} days, {total} turns"),
    dayBar: N_("{day}: {turns} turns, {conversations} conversations"),
    turns: N_("Turns"),
    conversations: N_("Conversations"),
    dailyCaption: N_("Conversations and turns per day (UTC)"),
    dayUtc: N_("Day (UTC)"),
    nothing: N_("Nothing in this period."),
    barValue: N_("{label}: {value} {name}"),
    kpiConversations: N_("started in the period"),
    kpiTurns: N_("citizen messages answered"),
    clarificationRate: N_("Clarification rate"),
    kpiClarifications: N_("{count} clarifying questions"),
    unanswered: N_("Unanswered"),
    kpiUnanswered: N_("out-of-scope replies"),
    usefulAnswers: N_("Useful answers"),
    kpiUseful: N_("{useful} useful · {notUseful} not useful"),
    actionFailures: N_("Action failures"),
    kpiActions: N_("of {count} actions"),
    latencyP50: N_("Latency p50"),
    latencyP95: N_("Latency p95"),
    consents: N_("Privacy consents"),
    kpiConsents: N_("notice acceptances"),
    unansweredTitle: N_("Questions the assistant could not answer"),
    when: N_("When"),
    language: N_("Language"),
    question: N_("Question (redacted)"),
    noUnanswered: N_("No unanswered questions in this period."),
    failuresTitle: N_("Recent action failures"),
    action: N_("Action"),
    procedure: N_("Procedure"),
    error: N_("Error"),
    noFailures: N_("No failed actions in this period."),
    feedbackTitle: N_("Feedback comments"),
    useful: N_("Useful"),
    comment: N_("Comment (redacted)"),
    yes: NP_("admin", "yes"),
    no: NP_("admin", "no"),
    noFeedback: N_("No feedback comments in this period."),
    turnsUnit: N_("turns"),
    proceduresTitle: N_("Top 10 procedures by answers"),
    intentsTitle: N_("Intents of the assistant's replies"),
    intent: N_("Intent"),
    languagesTitle: N_("Languages of the replies"),
    answeredByTitle: N_("Replies composed by the language model and from the catalogue"),
    answeredBy: N_("Composed by"),
    answeredModel: N_("Language model"),
    answeredCatalogue: N_("Catalogue"),
    actionsTitle: N_("Actions executed: succeeded and failed"),
    succeeded: N_("Succeeded"),
    failed: N_("Failed"),
    pending: N_("Pending"),
    succeededUnit: N_("succeeded"),
    failedUnit: N_("failed"),
    pendingUnit: NP_("admin", "pending"),
    expired: N_("Your session has expired."),
    requestFailed: N_("Request failed ({status})."),
    invalidPeriod: N_("The date range is not valid: the first day must not be after the last, and a range may span at most a year."),
    unknownCouncil: N_("This council is not served by this deployment."),
    unavailable: N_("The service is temporarily unavailable; please try again shortly."),
    loading: N_("Loading…"),
    loaded: N_("{council}: {first} to {last} (UTC days)."),
  };

  // What the server's refusals (by error class) are called in the staff member's language.
  const ERRORS = {
    InvalidPeriod: "invalidPeriod",
    UnknownCouncil: "unknownCouncil",
    StorageError: "unavailable",
  };

  const LANGUAGE = document.documentElement.dataset.language || "en";
  const LOCALE = document.documentElement.lang || "en";
  let translated = {}; // source text (or context + U+0004 + text) -> text in LANGUAGE

  /* The text `key` of TEXTS in the page's language, with {name} placeholders filled. */
  function t(key, values = {}) {
    const id = TEXTS[key];
    const text = translated[id] || sourceText(id);
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  async function loadTexts() {
    if (LANGUAGE === "en") return; // the English source
    try {
      const response = await fetch(`/api/v1/i18n/${encodeURIComponent(LANGUAGE)}`, {
        headers: { Accept: "application/json" },
      });
      if (response.ok) translated = (await response.json()).messages || {};
    } catch {
      // Unreachable texts: the page stays readable in the English source.
    }
  }

  const SVG = "http://www.w3.org/2000/svg";
  const number = new Intl.NumberFormat(LOCALE);
  const decimal = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const $ = (id) => document.getElementById(id);
  let uid = 0;

  function el(tag, attrs = {}, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svgEl(tag, attrs = {}, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  const percent = (rate) => (rate === null ? "—" : `${decimal.format(rate * 100)} %`);
  const ms = (value) => (value === null ? "—" : `${number.format(Math.round(value))} ms`);
  const when = (iso) => iso.replace("T", " ").slice(0, 16) + " UTC";
  const short = (text, size) => (text.length > size ? `${text.slice(0, size - 1)}…` : text);

  function niceMax(value) {
    if (value <= 5) return Math.max(1, Math.ceil(value));
    const magnitude = 10 ** Math.floor(Math.log10(value));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (step * magnitude >= value) return step * magnitude;
    }
    return value;
  }

  /* A table of `rows` (arrays of cells) under `headers`; `numeric` marks right-aligned columns. */
  function table(caption, headers, rows, numeric = []) {
    const node = el("table");
    if (caption) node.append(el("caption", { class: "visually-hidden" }, caption));
    const head = el("tr");
    headers.forEach((header, index) => {
      head.append(el("th", { scope: "col", class: numeric.includes(index) ? "num" : "" }, header));
    });
    const thead = el("thead");
    thead.append(head);
    node.append(thead);
    const body = el("tbody");
    for (const row of rows) {
      const line = el("tr");
      row.forEach((cell, index) => {
        line.append(el("td", { class: numeric.includes(index) ? "num" : "" }, cell));
      });
      body.append(line);
    }
    node.append(body);
    return node;
  }

  /* The chart's data as a table, for screen readers and anyone who prefers numbers. */
  function textAlternative(caption, headers, rows, numeric) {
    const details = el("details");
    details.append(el("summary", {}, t("showTable")), table(caption, headers, rows, numeric));
    return details;
  }

  function legend(entries) {
    const node = el("div", { class: "legend", "aria-hidden": "true" });
    for (const [cls, name] of entries) {
      const item = el("span");
      item.append(el("span", { class: `swatch ${cls}` }), document.createTextNode(name));
      node.append(item);
    }
    return node;
  }

  function chartSvg(width, height, title) {
    const id = `chart-title-${++uid}`;
    const svg = svgEl("svg", {
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "aria-labelledby": id,
    });
    svg.append(svgEl("title", { id }, title));
    return svg;
  }

  /* Turns per day as columns, conversations per day as a line over them. */
  function dailyChart(host, daily) {
    host.replaceChildren();
    const width = 960;
    const height = 260;
    const margin = { top: 12, right: 12, bottom: 30, left: 44 };
    const innerW = width - margin.left - margin.right;
    const innerH = height - margin.top - margin.bottom;
    const top = niceMax(Math.max(0, ...daily.map((d) => Math.max(d.turns, d.conversations))));
    const total = daily.reduce((sum, d) => sum + d.turns, 0);
    const svg = chartSvg(
      width,
      height,
      t("dailyTitle", { days: daily.length, total: number.format(total) }),
    );
    const y = (value) => margin.top + innerH - (value / top) * innerH;
    const slot = innerW / Math.max(1, daily.length);
    for (let tick = 0; tick <= 4; tick += 1) {
      const value = (top / 4) * tick;
      svg.append(
        svgEl("line", { class: "axis", x1: margin.left, x2: width - margin.right, y1: y(value), y2: y(value) }),
        svgEl("text", { class: "tick", x: margin.left - 6, y: y(value) + 4, "text-anchor": "end" },
          number.format(value)),
      );
    }
    const every = Math.max(1, Math.ceil(daily.length / 10));
    const points = [];
    daily.forEach((d, index) => {
      const x = margin.left + index * slot;
      const barWidth = Math.max(1, slot * 0.7);
      const bar = svgEl("rect", {
        class: "bar bar-a",
        x: x + (slot - barWidth) / 2,
        y: y(d.turns),
        width: barWidth,
        height: Math.max(0, margin.top + innerH - y(d.turns)),
      });
      bar.append(svgEl("title", {}, t("dayBar", { day: d.day, turns: d.turns, conversations: d.conversations })));
      svg.append(bar);
      points.push(`${x + slot / 2},${y(d.conversations)}`);
      if (index % every === 0) {
        svg.append(svgEl("text", { class: "tick", x: x + slot / 2, y: height - 10, "text-anchor": "middle" },
          d.day.slice(5)));
      }
    });
    svg.append(svgEl("polyline", { class: "line-b", points: points.join(" ") }));
    if (daily.length <= 62) {
      points.forEach((point) => {
        const [cx, cy] = point.split(",");
        svg.append(svgEl("circle", { class: "dot-b", cx, cy, r: 2.5 }));
      });
    }
    host.append(
      legend([["bar-a", t("turns")], ["bar-b", t("conversations")]]),
      svg,
      textAlternative(
        t("dailyCaption"),
        [t("dayUtc"), t("conversations"), t("turns")],
        daily.map((d) => [d.day, d.conversations, d.turns]),
        [1, 2],
      ),
    );
  }

  /* Horizontal bars; each item has `label` and `parts` ([class, name, value]) stacked. */
  function barChart(host, title, items, headers) {
    host.replaceChildren();
    if (items.length === 0) {
      host.append(el("p", { class: "empty" }, t("nothing")));
      return;
    }
    const width = 560;
    const row = 26;
    const labelWidth = 210;
    const valueWidth = 56;
    const height = items.length * row + 8;
    const top = Math.max(1, ...items.map((item) => item.parts.reduce((s, [, , v]) => s + v, 0)));
    const scale = (width - labelWidth - valueWidth) / top;
    const svg = chartSvg(width, height, title);
    items.forEach((item, index) => {
      const y = 4 + index * row;
      const label = svgEl("text", { class: "label", x: labelWidth - 8, y: y + 16, "text-anchor": "end" },
        short(item.label, 30));
      label.append(svgEl("title", {}, item.label));
      svg.append(label);
      let x = labelWidth;
      let sum = 0;
      for (const [cls, name, value] of item.parts) {
        if (value <= 0) continue;
        const bar = svgEl("rect", { class: `bar ${cls}`, x, y: y + 3, width: Math.max(1, value * scale), height: row - 8 });
        bar.append(svgEl("title", {}, t("barValue", { label: item.label, value, name })));
        svg.append(bar);
        x += value * scale;
        sum += value;
      }
      svg.append(svgEl("text", { class: "value", x: x + 6, y: y + 16 }, number.format(sum)));
    });
    const parts = items[0].parts;
    if (parts.length > 1) host.append(legend(parts.map(([cls, name]) => [cls, name])));
    host.append(
      svg,
      textAlternative(
        title,
        headers,
        items.map((item) => [item.label, ...item.parts.map(([, , value]) => value)]),
        headers.slice(1).map((_, index) => index + 1),
      ),
    );
  }

  function kpis(summary) {
    const cards = [
      [t("conversations"), number.format(summary.conversations), t("kpiConversations")],
      [t("turns"), number.format(summary.turns), t("kpiTurns")],
      [t("clarificationRate"), percent(summary.clarification_rate),
        t("kpiClarifications", { count: number.format(summary.clarifications) })],
      [t("unanswered"), number.format(summary.unanswered_total), t("kpiUnanswered")],
      [t("usefulAnswers"), percent(summary.feedback.useful_rate),
        t("kpiUseful", { useful: number.format(summary.feedback.useful), notUseful: number.format(summary.feedback.not_useful) })],
      [t("actionFailures"), number.format(summary.action_failures_total),
        t("kpiActions", { count: number.format(summary.actions.reduce((s, a) => s + a.succeeded + a.failed + a.pending, 0)) })],
      [t("latencyP50"), ms(summary.latency.p50), `p90 ${ms(summary.latency.p90)}`],
      [t("latencyP95"), ms(summary.latency.p95), `p99 ${ms(summary.latency.p99)}`],
      [t("consents"), number.format(summary.consents), t("kpiConsents")],
    ];
    const host = $("kpis");
    host.replaceChildren();
    for (const [name, value, note] of cards) {
      const card = el("div", { class: "kpi" });
      const figure = el("dd", {}, value);
      figure.append(el("small", {}, note));
      card.append(el("dt", {}, name), figure);
      host.append(card);
    }
  }

  function tables(summary) {
    const unanswered = $("table-unanswered");
    unanswered.replaceChildren(
      summary.unanswered.length
        ? table(t("unansweredTitle"), [t("when"), t("language"), t("question")],
          summary.unanswered.map((u) => [when(u.at), u.language || "", u.text]))
        : el("p", { class: "empty" }, t("noUnanswered")),
    );
    const failures = $("table-failures");
    failures.replaceChildren(
      summary.action_failures.length
        ? table(t("failuresTitle"), [t("when"), t("action"), t("procedure"), t("error")],
          summary.action_failures.map((f) => [when(f.at), f.action, f.procedure_id || "", f.error || ""]))
        : el("p", { class: "empty" }, t("noFailures")),
    );
    const feedback = $("table-feedback");
    feedback.replaceChildren(
      summary.feedback.comments.length
        ? table(t("feedbackTitle"), [t("when"), t("useful"), t("comment")],
          summary.feedback.comments.map((c) => [when(c.at), c.useful ? t("yes") : t("no"), c.comment]))
        : el("p", { class: "empty" }, t("noFeedback")),
    );
  }

  function charts(summary) {
    dailyChart($("chart-daily"), summary.daily);
    const counts = (rows) => rows.slice(0, 10).map((r) => ({ label: r.label, parts: [["bar-a", t("turnsUnit"), r.count]] }));
    barChart($("chart-procedures"), t("proceduresTitle"), counts(summary.procedures),
      [t("procedure"), t("turns")]);
    barChart($("chart-intents"), t("intentsTitle"), counts(summary.intents),
      [t("intent"), t("turns")]);
    barChart($("chart-languages"), t("languagesTitle"), counts(summary.languages),
      [t("language"), t("turns")]);
    const paths = { model: "answeredModel", catalogue: "answeredCatalogue" };
    barChart($("chart-answered-by"), t("answeredByTitle"),
      counts(summary.answered_by.map((r) => ({ ...r, label: paths[r.key] ? t(paths[r.key]) : r.label }))),
      [t("answeredBy"), t("turns")]);
    barChart(
      $("chart-actions"),
      t("actionsTitle"),
      summary.actions.map((a) => ({
        label: a.action,
        parts: [
          ["ok", t("succeededUnit"), a.succeeded],
          ["bad", t("failedUnit"), a.failed],
          ["pending", t("pendingUnit"), a.pending],
        ],
      })),
      [t("action"), t("succeeded"), t("failed"), t("pending")],
    );
  }

  function query() {
    const params = new URLSearchParams();
    if ($("council").value) params.set("council", $("council").value);
    if ($("from").value) params.set("from", $("from").value);
    if ($("to").value) params.set("to", $("to").value);
    return params;
  }

  function exportLinks() {
    for (const link of document.querySelectorAll("a.export")) {
      const params = query();
      params.set("section", link.dataset.section);
      link.href = `/admin/export.csv?${params}`;
    }
  }

  async function getJSON(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (response.status === 401) {
      window.location.assign("/admin/"); // the session expired: back to the sign-in page
      throw new Error(t("expired"));
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      // A refusal the dashboard knows is shown in the page's language; others as the server says.
      const known = ERRORS[body.error];
      const detail = Array.isArray(body.detail) ? body.detail.map((d) => d.message).join("; ") : body.detail;
      throw new Error(known ? t(known) : detail || t("requestFailed", { status: response.status }));
    }
    return body;
  }

  function setStatus(text, isError = false) {
    const status = $("status");
    status.textContent = text;
    status.classList.toggle("error", isError);
  }

  async function load() {
    setStatus(t("loading"));
    try {
      const summary = await getJSON(`/admin/api/summary?${query()}`);
      $("from").value = summary.first;
      $("to").value = summary.last;
      exportLinks();
      kpis(summary);
      charts(summary);
      tables(summary);
      setStatus(t("loaded", { council: summary.council_name, first: summary.first, last: summary.last }));
      document.body.dataset.loaded = "true";
    } catch (error) {
      setStatus(error.message, true);
    }
  }

  async function start() {
    try {
      const [{ councils }] = await Promise.all([getJSON("/admin/api/councils"), loadTexts()]);
      const select = $("council");
      for (const council of councils) select.append(el("option", { value: council.id }, council.name));
    } catch (error) {
      setStatus(error.message, true);
      return;
    }
    $("filters").addEventListener("submit", (event) => {
      event.preventDefault();
      load();
    });
    await load();
  }

  start();
})();
