// Strategy Advisor web page. Every model or document text goes into the page with
// textContent, never innerHTML: a passage holding <script> shows as text.
"use strict";

const $ = (id) => document.getElementById(id);
// The stored jobs of the registry (advisor/agent/registry.py), put in the page by its
// route: where each kind's documents are served.
const JOBS = JSON.parse(document.getElementById("jobs")?.textContent || "{}");

function documentUrl(kind, id, suffix = "") {
  return `/v1/${JOBS[kind].collection}/${encodeURIComponent(id)}${suffix}`;
}
let sessionId = localStorage.getItem("advisor.session") || null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function headers() {
  const h = { "Content-Type": "application/json" };
  const key = $("api-key").value.trim();
  if (key) h["X-API-Key"] = key;
  return h;
}

// Counts with thousands separators (12,000 employees), whatever the browser's locale.
function count(n) {
  return Number(n).toLocaleString("en-US");
}

async function errorMessage(response) {
  try {
    const body = await response.json();
    return body.error ? body.error.message : response.statusText;
  } catch {
    return response.statusText;
  }
}

async function postJSON(path, body) {
  const response = await fetch(path, { method: "POST", headers: headers(), body: JSON.stringify(body) });
  if (!response.ok) throw new Error(await errorMessage(response));
  return response.json();
}

// --- tabs ---------------------------------------------------------------------------
for (const button of document.querySelectorAll("nav button")) {
  button.addEventListener("click", () => {
    for (const other of document.querySelectorAll("nav button")) {
      other.setAttribute("aria-selected", String(other === button));
      $("tab-" + other.dataset.tab).hidden = other !== button;
    }
  });
}
$("api-key").value = localStorage.getItem("advisor.key") || "";
$("api-key").addEventListener("change", () => localStorage.setItem("advisor.key", $("api-key").value));

// --- citations ----------------------------------------------------------------------
// Numbers citations 1..n across one answer; the same passage and quote keep their number.
function citationNumbering() {
  const seen = new Map();
  return (cit) => {
    const key = `${cit.chunk_id}\u0000${cit.quote}`;
    if (!seen.has(key)) seen.set(key, seen.size + 1);
    return seen.get(key);
  };
}

function lastHeading(section) {
  return String(section || "").split(" > ").pop().trim() || "Source";
}

function excerpt(text, words = 6) {
  const all = String(text || "").trim().split(/\s+/).filter(Boolean);
  return all.length > words ? `${all.slice(0, words).join(" ")}…` : all.join(" ");
}

// One chip per citation: its number, the section's last heading part (and, when several
// chips share that heading, the quote's first words), with the whole section and the
// quote on hover. A fresh numbering is 1..n in order, matching an answer's [n] markers.
function citationButtons(citations, number = citationNumbering()) {
  const box = el("div", { class: "refs" });
  const headings = citations.map((cit) => lastHeading(cit.section));
  citations.forEach((cit, i) => {
    const n = number(cit);
    const shared = headings.filter((h) => h === headings[i]).length > 1;
    const label = shared ? `[${n}] ${headings[i]} · “${excerpt(cit.quote)}”` : `[${n}] ${headings[i]}`;
    const button = el("button", {
      class: "cite", type: "button", text: label, "data-n": String(n), "data-section": cit.section || "",
      title: `${cit.section || cit.source}\n“${cit.quote}”`,
    });
    button.addEventListener("click", () => showSource(cit));
    box.append(button);
  });
  return box;
}

async function showSource(cit) {
  const dialog = $("source");
  dialog.dataset.chunk = cit.chunk_id;
  $("source-section").textContent = cit.section;
  $("source-meta").textContent = `${cit.source} · ${cit.chunk_id}`;
  $("source-quote").textContent = cit.quote;
  $("source-text").textContent = "";
  if (!dialog.open) dialog.showModal();
  try {
    const response = await fetch(`/v1/knowledge/chunks/${encodeURIComponent(cit.chunk_id)}`, { headers: headers() });
    if (!response.ok) return;
    const chunk = await response.json();
    // A later click may have opened another source meanwhile: never show a stale passage.
    if (dialog.dataset.chunk === cit.chunk_id) $("source-text").textContent = chunk.text;
  } catch { /* the quote is already shown */ }
}

// --- chat (server-sent events) -------------------------------------------------------
function addMessage(role, text) {
  const node = el("div", { class: `msg ${role}`, text });
  $("chat-log").append(node);
  return node;
}

function forgetSession() {
  sessionId = null;
  localStorage.removeItem("advisor.session");
}

// A new conversation: a session is capped at a number of messages, and a stored id
// would otherwise be reused forever.
$("chat-new").addEventListener("click", () => {
  forgetSession();
  $("chat-log").replaceChildren();
  $("chat-status").className = "status";
  $("chat-status").textContent = "";
  $("chat-input").focus();
});

function parseEvents(buffer, onEvent) {
  const blocks = buffer.split("\n\n");
  const rest = blocks.pop();
  for (const block of blocks) {
    let event = "message", data = "";
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("data: ")) data += line.slice(6);
    }
    onEvent(event, data ? JSON.parse(data) : {});
  }
  return rest;
}

$("chat-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const message = $("chat-input").value.trim();
  if (!message) return;
  $("chat-input").value = "";
  $("chat-send").disabled = true;
  $("chat-new").disabled = true;
  $("chat-status").className = "status";
  $("chat-status").textContent = "Searching the playbook…";
  addMessage("user", message);
  const reply = addMessage("assistant", "");
  try {
    const send = () => fetch("/v1/chat/stream", {
      method: "POST", headers: headers(), body: JSON.stringify({ message, session_id: sessionId }),
    });
    let response = await send();
    if (response.status === 404 && sessionId) {
      // The stored session is not this caller's (another API key, a server with fresh
      // data): the server refuses it before any work, so carry on in a new session.
      forgetSession();
      response = await send();
    }
    if (!response.ok) throw new Error(await errorMessage(response));
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let text = "";
    let result = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer = parseEvents(buffer + decoder.decode(value, { stream: true }), (name, data) => {
        if (name === "retrieval") $("chat-status").textContent = `Read ${count(data.chunks.length)} passages…`;
        else if (name === "delta") { text += data.text; reply.textContent = text; }
        else if (name === "result") result = data;
        else if (name === "error") throw new Error(data.error.message);
      });
    }
    if (result) await renderChatResult(reply, result, message);
    $("chat-status").textContent = "";
  } catch (error) {
    reply.remove();
    $("chat-status").className = "status error";
    $("chat-status").textContent = error.message;
  } finally {
    $("chat-send").disabled = false;
    $("chat-new").disabled = false;
  }
});

// The roadmap a revision revises: the one on screen, or fetched by its id.
async function revisedFrom(roadmap) {
  if (!roadmap.revision_of) return null;
  if (currentRoadmap && currentRoadmap.id === roadmap.revision_of) return currentRoadmap;
  try {
    const response = await fetch(documentUrl("roadmap", roadmap.revision_of), { headers: headers() });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

async function renderChatResult(node, result, message) {
  sessionId = result.session_id;
  localStorage.setItem("advisor.session", sessionId);
  node.dataset.kind = result.kind;
  if (result.kind === "roadmap") {
    const roadmap = result.roadmap;
    const who = roadmap.company.name || "your company";
    const revised = Boolean(roadmap.revision_of) || (roadmap.changes || []).length > 0;
    if (revised) {
      node.dataset.revision = "true";
      node.textContent = `Revised the roadmap for ${who} (${roadmap.horizon_months} months): open the Roadmap tab to see it.`;
      const changes = (roadmap.changes || []).map(changeItem);
      if (changes.length) node.append(el("div", { class: "changes" }, el("h4", { text: "What changed" }), el("ul", {}, ...changes)));
    } else {
      node.textContent = `Drafted a roadmap for ${who}: open the Roadmap tab to see it.`;
      // Redraft needs a description: the message the roadmap was drafted from.
      if (!$("company").value.trim() && message) $("company").value = message;
      profileEdits = {};
    }
    showRoadmap(roadmap, revised ? await revisedFrom(roadmap) : null);
    return;
  }
  if (result.kind === "assessment") {
    node.replaceChildren(...assessmentSummary(result.assessment));
    showAssessment(result.assessment);
    return;
  }
  const body = result.answer || result.governance;
  node.textContent = result.answer ? body.answer : body.summary;
  const number = citationNumbering();
  if (result.governance) node.append(recommendationList(body.recommendations, number));
  if (body.citations.length) node.append(citationButtons(body.citations, number));
}

// --- roadmap ------------------------------------------------------------------------
function list(title, items) {
  if (!items || !items.length) return document.createDocumentFragment();
  const ul = el("ul");
  for (const item of items) ul.append(el("li", { text: item }));
  return el("div", {}, el("h4", { text: title }), ul);
}

const STAGES = {
  exploring: "Exploring", pilot_planned: "Pilot planned", pilot_running: "Pilot running",
  pilot_stalled: "Pilot stalled", pilot_done: "Pilot finished", in_production: "In production",
  unknown: "Not stated",
};
const FIELDS = {
  name: "Company name", industry: "Industry", employees: "Employees", summary: "Summary",
  goals: "Goal", goal: "Goal", constraints: "Constraint", constraint: "Constraint",
  data_maturity: "Data maturity", stage: "Stage", horizon_months: "Horizon", horizon: "Horizon",
  regulations: "Regulation", regulation: "Regulation", systems: "System", system: "System",
  budget: "Budget", skills: "Skills", workforce: "Workforce",
};
const STATUS_WORDS = { done: "done", review: "review", planned: "planned" };
const HORIZON_FIELDS = ["horizon_months", "horizon"];

function stageWords(stage) {
  return STAGES[stage] || String(stage || "unknown").replace(/_/g, " ");
}

function fieldWords(field) {
  const key = String(field || "").trim().toLowerCase();
  if (FIELDS[key]) return FIELDS[key];
  const words = key.replace(/_/g, " ");
  return words ? words[0].toUpperCase() + words.slice(1) : "Other";
}

const DATA_MATURITY = { low: "Low", medium: "Medium", high: "High", unknown: "Not stated" };

function factValue(fact) {
  const key = String(fact.field || "").trim().toLowerCase();
  if (key === "stage" && STAGES[fact.value]) return STAGES[fact.value];
  if (HORIZON_FIELDS.includes(key) && /^\d+$/.test(fact.value)) return `${fact.value} months`;
  if (key === "employees" && /^\d+$/.test(fact.value)) return count(fact.value);
  return fact.value;
}

// Where the plan's horizon came from: the text (quoting it), the form, the request or the default.
function horizonSource(roadmap) {
  const company = roadmap.company;
  const asked = company.horizon_months;
  const fact = (company.facts || []).find((f) => HORIZON_FIELDS.includes(f.field));
  if (asked != null && asked === roadmap.horizon_months) {
    if (fact && fact.source === "form") return { text: "entered in the form" };
    const where = fact && fact.source === "message" ? "from the conversation" : "from the description";
    return { text: where, quote: fact ? fact.evidence : null };
  }
  if (asked != null) return { text: `set for this plan (the description asks for ${asked} months)` };
  if (roadmap.horizon_months === 12) return { text: "the default (the description names no horizon)" };
  return { text: "set for this plan (the description names no horizon)" };
}

function chips(node, items, none) {
  const names = (items || []).filter((item) => String(item).trim());
  if (!names.length) {
    node.replaceChildren(el("span", { class: "none", text: none }));
    return;
  }
  node.replaceChildren(...names.map((name) => el("span", { class: "chip", text: name })));
}

function showCompany(roadmap) {
  const company = roadmap.company;
  const stage = company.stage || "unknown";
  $("roadmap-stage").dataset.stage = stage;
  $("roadmap-stage").textContent = stageWords(stage);
  const source = horizonSource(roadmap);
  const horizon = $("roadmap-horizon");
  horizon.replaceChildren(`${roadmap.horizon_months} months, ${source.text}`);
  if (source.quote) horizon.append(": ", el("q", { class: "evidence", text: source.quote }));
  chips($("roadmap-systems"), company.systems, "None named");
  chips($("roadmap-regulations"), company.regulations, "None named");

  const facts = company.facts || [];
  const rows = facts.map((fact) => {
    const evidence = el("td", {}, el("q", { class: "evidence", text: fact.evidence }));
    if (fact.source && fact.source !== "description") {
      const from = fact.source === "form" ? "entered in the form" : "from the conversation";
      evidence.append(" ", el("span", { class: "meta", text: `(${from})` }));
    }
    return el("tr", { class: "fact", "data-field": fact.field, "data-source": fact.source || "description" },
      el("th", { scope: "row", text: fieldWords(fact.field) }), el("td", { text: factValue(fact) }), evidence);
  });
  $("roadmap-facts").tBodies[0].replaceChildren(...rows);
  $("roadmap-facts").hidden = !rows.length;
  $("roadmap-facts-empty").hidden = rows.length > 0;

  const questions = (company.open_questions || []).filter((q) => String(q).trim());
  $("roadmap-questions").replaceChildren(...questions.map((q) => el("li", { text: q })));
  $("roadmap-questions").hidden = !questions.length;
  $("roadmap-questions-intro").hidden = !questions.length;
  $("roadmap-questions-empty").hidden = questions.length > 0;
}

function phaseWhen(phase) {
  if (phase.status === "done") return "Already done";
  const span = `months ${phase.start_month}–${phase.end_month}`;
  return phase.status === "review" ? `Review · ${span}` : span[0].toUpperCase() + span.slice(1);
}

function showRoadmap(roadmap, previous = null) {
  const company = roadmap.company;
  $("roadmap-title").textContent = `AI roadmap: ${company.name || company.industry || "your company"} (${roadmap.horizon_months} months)`;
  const facts = [company.industry, company.employees ? `${count(company.employees)} employees` : null,
    `data maturity ${company.data_maturity}`].filter(Boolean);
  $("roadmap-profile").textContent = facts.join(" · ");
  showCompany(roadmap);
  showRoadmapReadiness(roadmap.readiness);
  showChanges(previous, roadmap);
  fillProfileForm(roadmap);
  currentRoadmap = roadmap;
  $("gantt").src = documentUrl("roadmap", roadmap.id, ".svg");
  $("roadmap-md").href = documentUrl("roadmap", roadmap.id, ".md");
  const cases = $("use-cases");
  cases.replaceChildren(list("Use cases", roadmap.use_cases.map((u) => `${u.name}: ${u.business_objective}`)));
  const cards = $("phase-cards");
  cards.replaceChildren();
  for (const phase of roadmap.phases) {
    const status = STATUS_WORDS[phase.status] ? phase.status : "planned";
    const badge = el("span", { class: `badge status-${status}`, "data-status": status, text: STATUS_WORDS[status] });
    const card = el("article", { class: `card status-${status}`, "data-phase": phase.phase, "data-status": status },
      el("div", { class: "card-head" }, el("h3", { text: `${phase.title}` }), badge),
      el("p", { class: "meta when", text: phaseWhen({ ...phase, status }) }),
      list("Objectives", phase.objectives), list("Activities", phase.activities),
      list("Deliverables", phase.deliverables), list("Success metrics", phase.success_metrics),
      list("Risks", phase.risks), citationButtons(phase.citations));
    cards.append(card);
  }
  $("roadmap-warnings").replaceChildren(list("Warnings", roadmap.warnings));
  $("roadmap-out").hidden = false;
}

// A chart that cannot be loaded is hidden and said so, not shown as a broken image.
$("gantt").addEventListener("error", () => { $("gantt").hidden = true; $("gantt-missing").hidden = false; });
$("gantt").addEventListener("load", () => { $("gantt").hidden = false; $("gantt-missing").hidden = true; });

function showRoadmapReadiness(readiness) {
  $("roadmap-readiness-item").hidden = !readiness;
  if (!readiness) return;
  const weak = (readiness.weak || []).map(dimensionWords);
  const parts = [readiness.overall == null ? "no evidence" : `${score(readiness.overall)} / 3, ${levelWords(readiness.level)}`];
  if (weak.length) parts.push(`weak: ${weak.join(", ")}`);
  $("roadmap-readiness").textContent = parts.join("; ");
}

// --- what changed between two drafts --------------------------------------------------
const CHANGE_FIELDS = {
  name: "Company name", industry: "Industry", employees: "Employees", stage: "Stage",
  horizon_months: "Horizon", horizon: "Horizon", data_maturity: "Data maturity", goals: "Goals",
  systems: "Systems", regulations: "Regulations", constraints: "Constraints", use_cases: "Use cases",
};

function changeWords(field) {
  return CHANGE_FIELDS[String(field || "").trim().toLowerCase()] || fieldWords(field);
}

function changeValue(field, value) {
  const key = String(field || "").trim().toLowerCase();
  const text = value == null ? "" : String(value);
  if (text === "") return "not stated";
  if (HORIZON_FIELDS.includes(key) && /^\d+$/.test(text)) return `${text} months`;
  if (key === "stage") return stageWords(text);
  if (key === "employees" && /^\d+$/.test(text)) return count(text);
  if (key === "data_maturity" && DATA_MATURITY[text]) return DATA_MATURITY[text];
  return text;
}

// One change the server reports: field, old -> new, and the words that asked for it.
function changeItem(change) {
  const item = el("li", { class: "change", "data-field": change.field, "data-origin": "server" },
    el("strong", { text: `${changeWords(change.field)}: ` }),
    `${changeValue(change.field, change.old)} → ${changeValue(change.field, change.new)}`);
  if (change.evidence) item.append(" ", el("span", { class: "meta", text: "you asked: " }), el("q", { class: "evidence", text: change.evidence }));
  return item;
}

function listDiff(before, after) {
  const a = (before || []).map(String), b = (after || []).map(String);
  return { added: b.filter((x) => !a.includes(x)), removed: a.filter((x) => !b.includes(x)) };
}

// What differs between the previous roadmap and this one, found by comparing them.
function compareRoadmaps(before, after) {
  const found = [];
  const scalar = (field, old, now) => {
    if (String(old ?? "") !== String(now ?? "")) found.push({ field, text: `${changeValue(field, old)} → ${changeValue(field, now)}` });
  };
  scalar("horizon_months", before.horizon_months, after.horizon_months);
  for (const field of ["name", "industry", "employees", "stage", "data_maturity"]) {
    scalar(field, before.company[field], after.company[field]);
  }
  for (const field of ["goals", "systems", "regulations", "constraints"]) {
    const { added, removed } = listDiff(before.company[field], after.company[field]);
    const parts = [];
    if (added.length) parts.push(`added ${added.map((x) => `“${x}”`).join(", ")}`);
    if (removed.length) parts.push(`removed ${removed.map((x) => `“${x}”`).join(", ")}`);
    if (parts.length) found.push({ field, text: parts.join("; ") });
  }
  const { added, removed } = listDiff((before.use_cases || []).map((u) => u.name), (after.use_cases || []).map((u) => u.name));
  if (added.length || removed.length) {
    found.push({ field: "use_cases", text: [added.length ? `added ${added.join(", ")}` : "", removed.length ? `dropped ${removed.join(", ")}` : ""].filter(Boolean).join("; ") });
  }
  const old = new Map((before.phases || []).map((ph) => [ph.phase, ph]));
  for (const phase of after.phases || []) {
    const was = old.get(phase.phase);
    if (!was) continue;
    const a = phaseWhen(was), b = phaseWhen(phase);
    if (a !== b) found.push({ field: `phase:${phase.phase}`, label: phase.title, text: `${a} → ${b}` });
  }
  return found;
}

function showChanges(previous, roadmap) {
  const server = roadmap.changes || [];
  const box = $("roadmap-changes");
  if (!previous && !server.length && !roadmap.revision_of) {
    box.hidden = true;
    return;
  }
  const covered = new Set(server.map((c) => (HORIZON_FIELDS.includes(c.field) ? "horizon_months" : c.field)));
  const compared = previous ? compareRoadmaps(previous, roadmap).filter((c) => !covered.has(c.field)) : [];
  const items = server.map(changeItem).concat(compared.map((c) => el("li", { class: "change", "data-field": c.field, "data-origin": "compare" },
    el("strong", { text: `${c.label || changeWords(c.field)}: ` }), c.text)));
  $("roadmap-changes-intro").textContent = roadmap.revision_of
    ? `A revision of roadmap ${roadmap.revision_of}.`
    : "Compared with the previous draft.";
  $("roadmap-changes-list").replaceChildren(...items);
  $("roadmap-changes-list").hidden = !items.length;
  $("roadmap-changes-none").hidden = items.length > 0;
  box.hidden = false;
}

// --- correcting what was read, then redrafting ---------------------------------------
// The roadmap on screen, and every field the user has corrected since the last fresh draft
// (sent again with each redraft, since the server reads the description anew each time).
let currentRoadmap = null;
let profileEdits = {};
const LIST_FIELDS = ["goals", "systems", "regulations", "constraints"];
const PROFILE_INPUTS = {
  name: "pf-name", industry: "pf-industry", employees: "pf-employees", stage: "pf-stage",
  horizon_months: "pf-horizon", data_maturity: "pf-data-maturity", goals: "pf-goals",
  systems: "pf-systems", regulations: "pf-regulations", constraints: "pf-constraints",
};
const FACT_ALIASES = { horizon_months: HORIZON_FIELDS, goals: ["goals", "goal"], systems: ["systems", "system"],
  regulations: ["regulations", "regulation"], constraints: ["constraints", "constraint"] };

for (const [select, words] of [["pf-stage", STAGES], ["pf-data-maturity", DATA_MATURITY]]) {
  $(select).replaceChildren(...Object.entries(words).map(([value, text]) => el("option", { value, text })));
}

function formValue(field) {
  const raw = $(PROFILE_INPUTS[field]).value;
  if (LIST_FIELDS.includes(field)) return raw.split("\n").map((line) => line.trim()).filter(Boolean).join("\n");
  return raw.trim();
}

function readFrom(field, company) {
  const names = FACT_ALIASES[field] || [field];
  const facts = (company.facts || []).filter((f) => names.includes(String(f.field || "").trim().toLowerCase()));
  const node = document.querySelector(`.read-from[data-for="${field}"]`);
  if (!facts.length) {
    node.replaceChildren(el("span", { class: "none", text: "Not read from the description." }));
    return;
  }
  const form = facts.filter((f) => f.source === "form");
  if (form.length) {
    node.replaceChildren(el("span", { class: "meta", text: "Entered in the form." }));
    return;
  }
  node.replaceChildren(el("span", { class: "meta", text: facts[0].source === "message" ? "From the conversation: " : "Read from: " }),
    ...facts.slice(0, 3).flatMap((f, i) => [i ? " · " : "", el("q", { class: "evidence", text: f.evidence })]));
}

function fillProfileForm(roadmap) {
  const company = roadmap.company;
  const values = {
    name: company.name || "", industry: company.industry || "",
    employees: company.employees == null ? "" : String(company.employees),
    stage: STAGES[company.stage] ? company.stage : "unknown", horizon_months: String(roadmap.horizon_months),
    data_maturity: DATA_MATURITY[company.data_maturity] ? company.data_maturity : "unknown",
  };
  for (const field of LIST_FIELDS) values[field] = (company[field] || []).join("\n");
  for (const [field, id] of Object.entries(PROFILE_INPUTS)) {
    $(id).value = values[field];
    $(id).dataset.shown = formValue(field);
    readFrom(field, company);
  }
  $("profile-status").className = "status";
  $("profile-status").textContent = "";
}

// The fields whose value differs from what the roadmap showed, as ProfileOverrides.
function editedFields() {
  const edits = {};
  const skipped = [];
  for (const [field, id] of Object.entries(PROFILE_INPUTS)) {
    const value = formValue(field);
    if (value === $(id).dataset.shown) continue;
    if (LIST_FIELDS.includes(field)) {
      const items = value ? value.split("\n") : [];
      const max = Number($(id).dataset.max);
      if (items.length > max) throw new Error(`${changeWords(field)}: at most ${count(max)}, one per line.`);
      edits[field] = items;
    } else if (value === "") {
      skipped.push(changeWords(field));
    } else if (field === "employees" || field === "horizon_months") {
      edits[field] = Number(value);
    } else {
      edits[field] = value;
    }
  }
  return { edits, skipped };
}

$("profile-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const status = $("profile-status");
  let body;
  let skipped = [];
  try {
    const description = $("company").value.trim();
    if (!description) throw new Error("Enter the company description above: the redraft reads it again.");
    const found = editedFields();
    skipped = found.skipped;
    const edits = { ...profileEdits, ...found.edits };
    body = roadmapRequest();
    if (Object.keys(edits).length) body.profile = edits;
    if (edits.horizon_months != null) delete body.horizon_months;
    profileEdits = edits;
  } catch (error) {
    status.className = "status error";
    status.textContent = error.message;
    return;
  }
  $("redraft").disabled = true;
  $("roadmap-send").disabled = true;
  status.className = "status";
  status.textContent = "Redrafting the roadmap…";
  try {
    const previous = currentRoadmap;
    const roadmap = await postJSON(`/v1/${JOBS.roadmap.collection}`, body);
    showRoadmap(roadmap, previous);
    if (skipped.length) {
      $("profile-status").textContent = `Emptied fields are not sent, so the description's value stays: ${skipped.join(", ")}.`;
    }
    $("roadmap-changes").scrollIntoView({ block: "nearest" });
  } catch (error) {
    status.className = "status error";
    status.textContent = error.message;
  } finally {
    $("redraft").disabled = false;
    $("roadmap-send").disabled = false;
  }
});

// The horizon is optional: empty means "from the description", so no horizon_months is sent.
function roadmapRequest() {
  const body = { company_description: $("company").value };
  const input = $("horizon");
  const raw = input.value.trim();
  if (input.validity.badInput) throw new Error("The horizon must be a number of months from 6 to 36, or empty.");
  if (raw === "") return body;
  const months = Number(raw);
  if (!Number.isInteger(months) || months < 6 || months > 36) {
    throw new Error("The horizon must be a whole number of months from 6 to 36, or empty to take it from the description.");
  }
  body.horizon_months = months;
  return body;
}

$("roadmap-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  let body;
  try {
    body = roadmapRequest();
  } catch (error) {
    $("roadmap-status").className = "status error";
    $("roadmap-status").textContent = error.message;
    $("horizon").focus();
    return;
  }
  $("roadmap-send").disabled = true;
  $("roadmap-status").className = "status";
  $("roadmap-status").textContent = "Drafting the roadmap…";
  try {
    const roadmap = await postJSON(`/v1/${JOBS.roadmap.collection}`, body);
    profileEdits = {};
    showRoadmap(roadmap);
    $("roadmap-status").textContent = "";
  } catch (error) {
    $("roadmap-status").className = "status error";
    $("roadmap-status").textContent = error.message;
  } finally {
    $("roadmap-send").disabled = false;
  }
});

// --- governance ---------------------------------------------------------------------
// One numbering for the whole answer: chips read [1]..[n], not [1] under every item.
function recommendationList(recommendations, number = citationNumbering()) {
  const ol = el("ol");
  for (const rec of recommendations) {
    const item = el("li", {}, el("strong", { text: `[${rec.area}] ${rec.action}` }), el("div", { text: rec.rationale }));
    if (rec.citations.length) item.append(citationButtons(rec.citations, number));
    ol.append(item);
  }
  return ol;
}

$("gov-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("gov-send").disabled = true;
  $("gov-status").className = "status";
  $("gov-status").textContent = "Checking the playbook…";
  try {
    const answer = await postJSON("/v1/governance", { question: $("gov-input").value });
    const out = $("gov-out");
    const number = citationNumbering();
    out.replaceChildren(el("p", { text: answer.summary }), recommendationList(answer.recommendations, number));
    if (answer.citations.length) out.append(el("h4", { text: "All sources" }), citationButtons(answer.citations, number));
    $("gov-status").textContent = "";
  } catch (error) {
    $("gov-status").className = "status error";
    $("gov-status").textContent = error.message;
  } finally {
    $("gov-send").disabled = false;
  }
});

// --- readiness ------------------------------------------------------------------------
const DIMENSIONS = {
  business_alignment: "Business alignment", data_readiness: "Data readiness", integration: "Integration",
  infrastructure: "Infrastructure", governance_security: "Governance & security", leadership: "Leadership",
  change_management: "Change management", focus: "Focus",
};
const LEVELS = { unknown: "no evidence", not_ready: "not ready", weak: "weak", developing: "developing", ready: "ready" };
let chartURL = null;

function dimensionWords(dimension) {
  return DIMENSIONS[dimension] || String(dimension || "").replace(/_/g, " ");
}

function levelWords(level) {
  return LEVELS[level] || String(level || "unknown").replace(/_/g, " ");
}

function score(value) {
  return Number(value).toLocaleString("en-US", { maximumFractionDigits: 1 });
}

function scoreWords(dim) {
  return dim.score == null ? "no evidence" : `${dim.score}/3 · ${levelWords(dim.level)}`;
}

function levelBadge(level, text) {
  const known = LEVELS[level] ? level : "unknown";
  return el("span", { class: `badge level-${known}`, "data-level": known, text });
}

// The chart is fetched (with the API key, if any) and shown from a blob URL as an image:
// the SVG is never parsed into the page.
async function showChart(id) {
  const img = $("readiness-chart");
  if (chartURL) URL.revokeObjectURL(chartURL);
  chartURL = null;
  img.removeAttribute("src");
  img.hidden = true;
  try {
    const response = await fetch(documentUrl("assessment", id, ".svg"), { headers: headers() });
    if (!response.ok) throw new Error(await errorMessage(response));
    const blob = new Blob([await response.arrayBuffer()], { type: "image/svg+xml" });
    if ($("readiness-out").dataset.id !== id) return; // a later assessment is on screen
    chartURL = URL.createObjectURL(blob);
    img.src = chartURL;
    img.hidden = false;
  } catch (error) {
    $("readiness-status").className = "status error";
    $("readiness-status").textContent = `The chart could not be loaded: ${error.message}`;
  }
}

function dimensionCard(dim) {
  const known = dim.score != null;
  const card = el("article", { class: `card dim level-${LEVELS[dim.level] ? dim.level : "unknown"}`, "data-dimension": dim.dimension,
    "data-level": dim.level || "unknown", "data-score": known ? String(dim.score) : "" },
  el("div", { class: "card-head" }, el("h3", { text: dimensionWords(dim.dimension) }), levelBadge(known ? dim.level : "unknown", scoreWords(dim))));
  const evidence = dim.evidence || [];
  if (evidence.length) {
    const ul = el("ul", { class: "evidence-list" });
    for (const fact of evidence) {
      const item = el("li", {}, el("q", { class: "evidence", text: fact.evidence }));
      if (fact.field) item.append(" ", el("span", { class: "meta", text: `(${fieldWords(fact.field)}${fact.value ? `: ${factValue(fact)}` : ""})` }));
      ul.append(item);
    }
    card.append(el("div", {}, el("h4", { text: "Evidence" }), ul));
  } else {
    card.append(el("p", { class: "none no-evidence", text: "No evidence in the description." }));
  }
  card.append(list("Gaps", dim.gaps), list("Recommendations", dim.recommendations));
  if ((dim.citations || []).length) card.append(citationButtons(dim.citations));
  return card;
}

function showAssessment(assessment) {
  const company = assessment.company;
  const out = $("readiness-out");
  out.dataset.id = assessment.id;
  $("readiness-title").textContent = `AI readiness: ${company.name || company.industry || "your company"}`;
  $("readiness-profile").textContent = [company.industry, company.employees ? `${count(company.employees)} employees` : null,
    company.stage && company.stage !== "unknown" ? stageWords(company.stage) : null].filter(Boolean).join(" · ");
  const overall = assessment.overall || {};
  $("readiness-overall").dataset.level = overall.level || "unknown";
  $("readiness-score").textContent = overall.score == null ? "No evidence for a score" : `${score(overall.score)} / 3`;
  const level = LEVELS[overall.level] ? overall.level : "unknown";
  $("readiness-level").className = `badge level-${level}`;
  $("readiness-level").dataset.level = level;
  $("readiness-level").textContent = levelWords(level);
  $("readiness-summary").textContent = overall.summary || "";
  $("readiness-md").href = documentUrl("assessment", assessment.id, ".md");

  const dims = assessment.dimensions || [];
  $("readiness-dims").replaceChildren(...dims.map(dimensionCard));
  // Every dimension without evidence is an open question, then what the reading left open.
  const unknown = dims.filter((d) => d.score == null).map((d) =>
    el("li", { class: "unknown-dimension", "data-dimension": d.dimension }, el("strong", { text: `${dimensionWords(d.dimension)}: ` }), "no evidence in the description."));
  const asked = (company.open_questions || []).filter((q) => String(q).trim()).map((q) => el("li", { text: q }));
  const questions = unknown.concat(asked);
  $("readiness-questions").replaceChildren(...questions);
  $("readiness-questions").hidden = !questions.length;
  $("readiness-questions-empty").hidden = questions.length > 0;

  const risks = assessment.top_risks || [];
  const number = citationNumbering();
  $("readiness-risk-list").replaceChildren(...risks.map((r) => {
    const item = el("li", { "data-dimension": r.dimension }, el("strong", { text: `${dimensionWords(r.dimension)}: ` }), r.risk);
    if ((r.citations || []).length) item.append(citationButtons(r.citations, number));
    return item;
  }));
  $("readiness-risks").hidden = !risks.length;
  const steps = assessment.next_steps || [];
  $("readiness-steps").replaceChildren(...steps.map((step) => el("li", { text: step })));
  $("readiness-next").hidden = !steps.length;
  $("readiness-warnings").replaceChildren(list("Warnings", assessment.warnings));
  out.hidden = false;
  showChart(assessment.id);
}

// The chat's compact form: overall, then one line per dimension.
function assessmentSummary(assessment) {
  const company = assessment.company;
  const overall = assessment.overall || {};
  const head = overall.score == null
    ? `Readiness of ${company.name || "your company"}: no evidence for a score.`
    : `Readiness of ${company.name || "your company"}: ${score(overall.score)} / 3, ${levelWords(overall.level)}.`;
  const ul = el("ul", { class: "dims" }, ...(assessment.dimensions || []).map((d) =>
    el("li", { "data-dimension": d.dimension, "data-score": d.score == null ? "" : String(d.score) },
      el("strong", { text: `${dimensionWords(d.dimension)}: ` }), scoreWords(d))));
  const parts = [el("p", { text: head })];
  if (overall.summary) parts.push(el("p", { text: overall.summary }));
  parts.push(ul, el("p", { class: "meta", text: "Open the Readiness tab for the evidence, gaps and recommendations." }));
  return parts;
}

$("readiness-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("readiness-send").disabled = true;
  $("readiness-status").className = "status";
  $("readiness-status").textContent = "Assessing readiness…";
  try {
    const assessment = await postJSON(`/v1/${JOBS.assessment.collection}`, { company_description: $("readiness-company").value });
    $("readiness-status").textContent = "";
    showAssessment(assessment);
  } catch (error) {
    $("readiness-status").className = "status error";
    $("readiness-status").textContent = error.message;
  } finally {
    $("readiness-send").disabled = false;
  }
});
