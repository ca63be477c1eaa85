// The phone's page of a Journey Wall room. Hand-written, no build step, no library: the room
// may have no internet. Every text from the board or another phone goes in with textContent,
// never as HTML. The phone's key (from joining) is kept in localStorage, so a phone whose
// screen locked comes back into the room where it was.
"use strict";

const base = location.pathname.replace(/[^/]*$/, "");  // /j/<secret>/
const keyName = "journeywall-phone:" + base;
let phone = localStorage.getItem(keyName) || "";
let version = "";
let state = null;
let editing = null;  // the id of the note being edited, or null
let tab = "write";
let boardSize = 15;

const $ = (id) => document.getElementById(id);

function say(text) { $("status").textContent = text || ""; }

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function button(text, onClick, className) {
  const node = element("button", text, className);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}

class Refused extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(method, path, body) {
  const options = { method, headers: { "X-Phone": phone }, cache: "no-store" };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(base + "api/" + path, options);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    if (response.status === 410 || (response.status === 403 && !path.startsWith("join"))) end(data.error);
    throw new Refused(response.status, data.error || "The laptop refused that (" + response.status + ").");
  }
  return data;
}

function end(reason) {
  $("ended-text").textContent = reason && reason.includes("removed") ? reason : "The session has ended. Thank you!";
  $("ended").hidden = false;
  localStorage.removeItem(keyName);
  phone = "";
}

// ------------------------------------------------------------------ joining

async function join() {
  $("join").disabled = true;
  try {
    const joined = await api("POST", "join", { name: $("name").value });
    phone = joined.phone;
    localStorage.setItem(keyName, phone);
    await start();
  } catch (error) {
    say(error.message);
  } finally {
    $("join").disabled = false;
  }
}

async function start() {
  $("join-view").hidden = true;
  $("tabs").hidden = false;
  show(tab);
  await refresh();
  follow();
}

// ------------------------------------------------------------------ what the page shows

function show(name) {
  tab = name;
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("on", b.dataset.tab === name);
  $("write").hidden = name !== "write";
  $("mine-view").hidden = name !== "mine";
  $("vote").hidden = name !== "vote";
  $("follow").hidden = name !== "follow";
  if (name === "follow") refreshBoard();
}

async function refresh() {
  state = await api("GET", "state");
  $("title").textContent = state.title;
  $("goal").textContent = state.goal;
  $("code").textContent = state.code;
  $("text").maxLength = state.note_chars;
  renderPlaces(state.places);
  renderMine(state.notes);
  renderBallot(state.ballot);
  if (tab === "follow") await refreshBoard();
}

function renderPlaces(places) {
  const select = $("place");
  const chosen = select.value;
  select.replaceChildren();
  for (const stage of places.stages) {
    const group = element("optgroup");
    group.label = stage.name;
    for (const lane of places.lanes) {
      const option = element("option", stage.name + " · " + lane.name);
      option.value = JSON.stringify({ stage: stage.id, lane: lane.id });
      group.append(option);
    }
    select.append(group);
  }
  const empathy = element("optgroup");
  empathy.label = "Empathy map";
  for (const section of places.sections) {
    const option = element("option", "Empathy map · " + section.name);
    option.value = JSON.stringify({ section: section.id });
    empathy.append(option);
  }
  select.append(empathy);
  if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
  // The facilitator asks about one cell or section: the picker shows it and stays there.
  const pinned = state.pinned ? JSON.stringify(state.pinned) : "";
  if (pinned) select.value = pinned;
  select.disabled = Boolean(pinned);
}

function renderMine(notes) {
  const list = $("mine");
  list.replaceChildren();
  for (const note of notes.slice().reverse()) {
    const item = element("li");
    item.dataset.id = note.id;
    item.append(element("span", note.where, "where"), element("span", note.text, "text"),
                element("span", note.status, "state"));
    if (note.status === "waiting") {
      const row = element("div", undefined, "row");
      row.append(button("Edit", () => startEdit(note), "quiet edit"),
                 button("Withdraw", () => withdraw(note.id), "quiet withdraw"));
      item.append(row);
    }
    list.append(item);
  }
}

function renderBallot(ballot) {
  $("vote-tab").hidden = !ballot;
  if (!ballot) {
    if (tab === "vote") show("write");
    return;
  }
  $("dots-left").textContent = "Round " + ballot.number + ": " + ballot.dots_left + " dot" +
    (ballot.dots_left === 1 ? "" : "s") + " left" + (ballot.hidden ? " (you see only your own dots)" : "");
  const list = $("ballot");
  list.replaceChildren();
  for (const note of ballot.notes) {
    const item = element("li");
    item.dataset.id = note.id;
    item.append(element("span", note.stage + " · " + note.lane, "where"), element("span", note.text, "text"));
    const dots = element("div", undefined, "dots");
    dots.append(button("−", () => vote(note.id, false), "quiet take"),
                element("span", String(note.mine), "count mine"),
                button("+", () => vote(note.id, true), "give"));
    if (note.dots !== undefined) dots.append(element("span", "all: " + note.dots, "where all"));
    item.append(dots);
    list.append(item);
  }
}

async function refreshBoard() {
  const board = await api("GET", "board");
  const table = element("table");
  const head = element("tr");
  head.append(element("th", ""));
  for (const stage of board.stages) head.append(element("th", stage));
  table.append(head);
  for (const lane of board.lanes) {
    const row = element("tr");
    row.append(element("th", lane.name));
    for (const cell of lane.cells) {
      const td = element("td");
      if (cell.value) td.append(element("div", cell.value, "value"));
      for (const note of cell.notes || []) td.append(noteBox(note));
      row.append(td);
    }
    table.append(row);
  }
  const sections = [...board.empathy, ...(board.parking.length ? [{ name: "Parking lot", notes: board.parking }] : [])];
  const extra = element("div");
  for (const section of sections) {
    extra.append(element("h3", section.name));
    for (const note of section.notes) extra.append(noteBox(note));
  }
  $("board").replaceChildren(table, extra);
}

function noteBox(note) {
  const box = element("div", note.text + (note.dots ? "  ● " + note.dots : ""), "note");
  box.dataset.id = note.id;
  return box;
}

// ------------------------------------------------------------------ writing

async function send() {
  const text = $("text").value;
  $("send").disabled = true;
  try {
    if (editing !== null) {
      await api("POST", "notes/" + editing + "/edit", { text });
      stopEdit();
      say("Changed.");
    } else {
      const sent = await api("POST", "notes", { ...JSON.parse($("place").value), text });
      $("text").value = "";
      say(sent.status === "on the board" ? "On the board." : "Sent: waiting for the facilitator.");
    }
    await refresh();
  } catch (error) {
    say(error.message);
  } finally {
    $("send").disabled = false;
  }
}

function startEdit(note) {
  editing = note.id;
  $("text").value = note.text;
  $("send").textContent = "Save";
  $("cancel-edit").hidden = false;
  show("write");
}

function stopEdit() {
  editing = null;
  $("text").value = "";
  $("send").textContent = "Send";
  $("cancel-edit").hidden = true;
}

async function withdraw(id) {
  try {
    await api("POST", "notes/" + id + "/withdraw", {});
    say("Withdrawn.");
    await refresh();
  } catch (error) {
    say(error.message);
  }
}

async function vote(noteId, give) {
  try {
    renderBallot(await api("POST", "votes", { note: noteId, give }));
  } catch (error) {
    say(error.message);
  }
}

// ------------------------------------------------------------------ following changes

async function follow() {
  while (phone) {
    try {
      const news = await api("GET", "wait?v=" + encodeURIComponent(version));
      if (news.ended) { end(); return; }
      if (news.v !== version) {
        version = news.v;
        await refresh();
      }
      if ($("status").textContent === "Reconnecting…") say("");
    } catch (error) {
      if (error instanceof Refused) return;
      say("Reconnecting…");  // a locked screen or a Wi-Fi hiccup: try again shortly
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

document.addEventListener("visibilitychange", () => {
  if (!document.hidden && phone && state) refresh().catch(() => say("Reconnecting…"));
});

$("join").addEventListener("click", join);
$("send").addEventListener("click", send);
$("cancel-edit").addEventListener("click", stopEdit);
for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => show(b.dataset.tab));
$("larger").addEventListener("click", () => { boardSize += 2; $("board").style.fontSize = boardSize + "px"; });
$("smaller").addEventListener("click", () => { boardSize = Math.max(9, boardSize - 2); $("board").style.fontSize = boardSize + "px"; });

if (phone) start().catch(() => { $("join-view").hidden = false; $("tabs").hidden = true; });
else $("join-view").hidden = false;
