// Strategy Advisor web page. Every model or document text goes into the page with
// textContent, never innerHTML: a passage holding <script> shows as text.
"use strict";

const $ = (id) => document.getElementById(id);
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
function citationButtons(citations) {
  const box = el("div", { class: "refs" });
  citations.forEach((cit, i) => {
    const button = el("button", { class: "cite", type: "button", title: cit.section, text: `[${i + 1}] ${cit.section.split(" > ").pop()}` });
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

// A new conversation: a session is capped at a number of messages, and a stored id
// would otherwise be reused forever.
$("chat-new").addEventListener("click", () => {
  sessionId = null;
  localStorage.removeItem("advisor.session");
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
    const response = await fetch("/v1/chat/stream", {
      method: "POST", headers: headers(), body: JSON.stringify({ message, session_id: sessionId }),
    });
    if (!response.ok) throw new Error(await errorMessage(response));
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let text = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer = parseEvents(buffer + decoder.decode(value, { stream: true }), (name, data) => {
        if (name === "retrieval") $("chat-status").textContent = `Read ${data.chunks.length} passages…`;
        else if (name === "delta") { text += data.text; reply.textContent = text; }
        else if (name === "result") renderChatResult(reply, data);
        else if (name === "error") throw new Error(data.error.message);
      });
    }
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

function renderChatResult(node, result) {
  sessionId = result.session_id;
  localStorage.setItem("advisor.session", sessionId);
  node.dataset.kind = result.kind;
  if (result.kind === "roadmap") {
    node.textContent = `Drafted a roadmap for ${result.roadmap.company.name || "your company"}: open the Roadmap tab to see it.`;
    showRoadmap(result.roadmap);
    return;
  }
  const body = result.answer || result.governance;
  node.textContent = result.answer ? body.answer : body.summary;
  if (result.governance) node.append(recommendationList(body.recommendations));
  if (body.citations.length) node.append(citationButtons(body.citations));
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

function factValue(fact) {
  const key = String(fact.field || "").trim().toLowerCase();
  if (key === "stage" && STAGES[fact.value]) return STAGES[fact.value];
  if (HORIZON_FIELDS.includes(key) && /^\d+$/.test(fact.value)) return `${fact.value} months`;
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

function showRoadmap(roadmap) {
  const company = roadmap.company;
  $("roadmap-title").textContent = `AI roadmap: ${company.name || company.industry || "your company"} (${roadmap.horizon_months} months)`;
  const facts = [company.industry, company.employees ? `${company.employees} employees` : null,
    `data maturity ${company.data_maturity}`].filter(Boolean);
  $("roadmap-profile").textContent = facts.join(" · ");
  showCompany(roadmap);
  $("gantt").src = `/v1/roadmaps/${encodeURIComponent(roadmap.id)}.svg`;
  $("roadmap-md").href = `/v1/roadmaps/${encodeURIComponent(roadmap.id)}.md`;
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
    const roadmap = await postJSON("/v1/roadmaps", body);
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
function recommendationList(recommendations) {
  const ol = el("ol");
  for (const rec of recommendations) {
    const item = el("li", {}, el("strong", { text: `[${rec.area}] ${rec.action}` }), el("div", { text: rec.rationale }));
    if (rec.citations.length) item.append(citationButtons(rec.citations));
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
    out.replaceChildren(el("p", { text: answer.summary }), recommendationList(answer.recommendations));
    if (answer.citations.length) out.append(citationButtons(answer.citations));
    $("gov-status").textContent = "";
  } catch (error) {
    $("gov-status").className = "status error";
    $("gov-status").textContent = error.message;
  } finally {
    $("gov-send").disabled = false;
  }
});
