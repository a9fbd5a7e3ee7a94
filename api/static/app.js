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

function showRoadmap(roadmap) {
  const company = roadmap.company;
  $("roadmap-title").textContent = `AI roadmap: ${company.name || company.industry || "your company"} (${roadmap.horizon_months} months)`;
  const facts = [company.industry, company.employees ? `${company.employees} employees` : null,
    `data maturity ${company.data_maturity}`].filter(Boolean);
  $("roadmap-profile").textContent = facts.join(" · ");
  $("gantt").src = `/v1/roadmaps/${encodeURIComponent(roadmap.id)}.svg`;
  $("roadmap-md").href = `/v1/roadmaps/${encodeURIComponent(roadmap.id)}.md`;
  const cases = $("use-cases");
  cases.replaceChildren(list("Use cases", roadmap.use_cases.map((u) => `${u.name}: ${u.business_objective}`)));
  const cards = $("phase-cards");
  cards.replaceChildren();
  for (const phase of roadmap.phases) {
    const card = el("article", { class: "card", "data-phase": phase.phase },
      el("h3", { text: `${phase.title}` }),
      el("p", { class: "meta", text: `Months ${phase.start_month}–${phase.end_month}` }),
      list("Objectives", phase.objectives), list("Activities", phase.activities),
      list("Deliverables", phase.deliverables), list("Success metrics", phase.success_metrics),
      list("Risks", phase.risks), citationButtons(phase.citations));
    cards.append(card);
  }
  $("roadmap-warnings").replaceChildren(list("Warnings", roadmap.warnings));
  $("roadmap-out").hidden = false;
}

$("roadmap-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("roadmap-send").disabled = true;
  $("roadmap-status").className = "status";
  $("roadmap-status").textContent = "Drafting the roadmap…";
  try {
    const roadmap = await postJSON("/v1/roadmaps", {
      company_description: $("company").value, horizon_months: Number($("horizon").value) || null,
    });
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
