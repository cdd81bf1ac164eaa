// 审核: the review page's keys and actions. Each action calls the review API (/api/v1/targets…, /api/v1/tasks…)
// with the session's CSRF token and redraws the record, the highlights and the progress from the answer; a field
// the server refuses is shown beside its input. No inline script: the records and the words come as JSON blocks.
(function () {
  "use strict";

  var root = document.getElementById("review");
  if (!root) return;
  var documentId = Number(root.dataset.document);
  var csrf = root.dataset.csrf;
  var records = JSON.parse(document.getElementById("review-records").textContent);
  var L = JSON.parse(document.getElementById("review-labels").textContent);
  var text = document.getElementById("plan-text");
  var full = text.textContent;  // the plan's normalised text: every offset points into it
  var message = document.getElementById("review-message");
  var editDialog = document.getElementById("edit-dialog");
  var rejectDialog = document.getElementById("reject-dialog");
  var STATES = ["extracted", "corrected", "added", "confirmed", "rejected"];  // what colours overlapping records
  var kind = "targets";
  var current = null;
  var editing = null;
  var lastSelection = null;

  function list(k) { return document.getElementById(k === "tasks" ? "task-list" : "target-list"); }
  function items(k) { return Array.prototype.slice.call(list(k || kind).querySelectorAll("li.record")); }
  function itemId(k, id) { return (k === "tasks" ? "task-" : "target-") + id; }
  function say(words) { message.textContent = words; }

  // ------------------------------------------------------------ selection of a record

  function select(li) {
    if (current) current.classList.remove("current");
    current = li || null;
    if (!current) return;
    current.classList.add("current");
    current.focus({preventScroll: true});
    current.scrollIntoView({block: "nearest"});
    showInText(current);
  }

  function showInText(li) {
    var attribute = li.dataset.kind === "tasks" ? "data-tasks" : "data-targets";
    var first = null;
    text.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    text.querySelectorAll("mark[" + attribute + "]").forEach(function (m) {
      if (m.getAttribute(attribute).split(" ").indexOf(li.dataset.id) >= 0) {
        m.classList.add("current");
        first = first || m;
      }
    });
    if (first) text.scrollTop = first.offsetTop - text.offsetTop - text.clientHeight / 3;
  }

  function move(step) {
    var all = items();
    if (!all.length) return;
    var at = current && current.dataset.kind === kind ? all.indexOf(current) : -1;
    select(all[Math.min(all.length - 1, Math.max(0, at + step))]);
  }

  // ------------------------------------------------------------ the API

  function api(method, path, body) {
    var options = {method: method, credentials: "same-origin",
                   headers: {"Accept": "application/json", "X-CSRF-Token": csrf}};
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch("/api/v1" + path, options).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) {
          var error = new Error(data.error ? data.error.message : response.statusText);
          error.details = data.error ? data.error.details : [];
          throw error;
        }
        return data;
      });
    });
  }

  // ------------------------------------------------------------ drawing

  function number(value) { return String(Number(Number(value).toPrecision(6))); }

  function summary(k, d) {
    var lead = d.lead_departments.length ? " · " + L.lead + " " + d.lead_departments.join("、") : "";
    if (k === "tasks") return (d.deadline || d.year || "—") + " · " + d.text + lead;
    return d.indicator + " " + (L.comparators[d.comparator] || d.comparator) + " " + number(d.value) + d.unit +
      (d.year ? " (" + d.year + ")" : "") + lead;
  }

  function newItem(k, d) {
    var li = document.getElementById("record-template").content.firstElementChild.cloneNode(true);
    li.id = itemId(k, d.id);
    li.dataset.id = String(d.id);
    li.dataset.kind = k;
    var link = li.querySelector("[data-role=link]");
    link.textContent = "#" + d.id;
    if (k === "targets") {
      link.href = "/targets/" + d.id;
      li.querySelector("[data-role=confidence]").textContent = L.confidence + " " + Number(d.confidence).toFixed(2);
    }
    var empty = list(k).querySelector("li.empty");
    if (empty) empty.remove();
    list(k).insertBefore(li, list(k).firstChild);  // a person's own record first: it was just made
    return li;
  }

  function fill(li, k, d) {
    li.dataset.state = d.review.state;
    var badge = li.querySelector("[data-role=state]");
    badge.className = "badge review-" + d.review.state;
    badge.textContent = L.states[d.review.state];
    li.querySelector("[data-role=summary]").textContent = summary(k, d);
    li.querySelector("[data-role=quote]").textContent = "“" + d.quote + "”";
    li.querySelector("[data-role=reason]").textContent = d.review.reason || "";
  }

  function spans() {
    var found = [];
    ["targets", "tasks"].forEach(function (k) {
      Object.keys(records[k]).forEach(function (id) {
        var d = records[k][id];
        found.push({start: d.start, end: d.end, kind: k, id: String(d.id), state: d.review.state});
      });
    });
    return found;
  }

  function firstState(states) {
    for (var i = 0; i < STATES.length; i++) if (states.indexOf(STATES[i]) >= 0) return STATES[i];
    return "";
  }

  // The text cut again at every quote's start and end (after a record was added or its quote moved).
  function redrawText() {
    var all = spans();
    var cuts = [0, full.length];
    all.forEach(function (s) { cuts.push(s.start, s.end); });
    cuts = cuts.filter(function (v, i, a) { return a.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    var fragment = document.createDocumentFragment();
    for (var i = 0; i + 1 < cuts.length; i++) {
      var first = cuts[i], last = cuts[i + 1];
      var covering = all.filter(function (s) { return s.start <= first && last <= s.end; });
      var piece = full.slice(first, last);
      if (!covering.length) { fragment.appendChild(document.createTextNode(piece)); continue; }
      var mark = document.createElement("mark");
      ["targets", "tasks"].forEach(function (k) {
        var mine = covering.filter(function (s) { return s.kind === k; });
        if (!mine.length) return;
        mark.setAttribute(k === "targets" ? "data-targets" : "data-tasks",
                          mine.map(function (s) { return s.id; }).join(" "));
        mark.setAttribute(k === "targets" ? "data-state" : "data-task-state",
                          firstState(mine.map(function (s) { return s.state; })));
      });
      mark.textContent = piece;
      fragment.appendChild(mark);
    }
    var top = text.scrollTop;
    text.replaceChildren(fragment);
    text.scrollTop = top;
  }

  function recolour() {
    text.querySelectorAll("mark").forEach(function (mark) {
      [["data-targets", "data-state", "targets"], ["data-tasks", "data-task-state", "tasks"]].forEach(function (a) {
        var ids = mark.getAttribute(a[0]);
        if (!ids) return;
        mark.setAttribute(a[1], firstState(ids.split(" ").map(function (id) {
          return records[a[2]][id] ? records[a[2]][id].review.state : "";
        })));
      });
    });
  }

  function progress() {
    ["targets", "tasks"].forEach(function (k) {
      var counts = {total: 0, confirmed: 0, corrected: 0, rejected: 0, added: 0, to_review: 0};
      Object.keys(records[k]).forEach(function (id) {
        var state = records[k][id].review.state;
        counts.total += 1;
        counts[state === "extracted" ? "to_review" : state] += 1;
      });
      var line = L.progress[k].replace(/\{(\w+)\}/g, function (_, name) { return String(counts[name]); });
      document.getElementById(k === "tasks" ? "task-progress" : "review-progress").textContent = line;
    });
  }

  function updated(k, d, spanMoved) {
    var isNew = !records[k][d.id];
    records[k][d.id] = d;
    var li = document.getElementById(itemId(k, d.id)) || newItem(k, d);
    fill(li, k, d);
    if (isNew || spanMoved) redrawText(); else recolour();
    progress();
    return li;
  }

  // ------------------------------------------------------------ actions

  function confirmCurrent() {
    if (!current) return;
    var k = current.dataset.kind, id = current.dataset.id;
    api("POST", "/" + k + "/" + id + "/confirm").then(function (d) {
      updated(k, d, false);
      say(L.saved + " #" + id);
      move(1);
    }).catch(function (error) { say(L.failed + error.message); });
  }

  function openReject() {
    if (!current) return;
    document.getElementById("reject-error").textContent = "";
    document.getElementById("reject-reason").value = "";
    rejectDialog.showModal();
    document.getElementById("reject-reason").focus();
  }

  function saveReject(event) {
    event.preventDefault();
    var k = current.dataset.kind, id = current.dataset.id;
    api("POST", "/" + k + "/" + id + "/reject", {reason: document.getElementById("reject-reason").value})
      .then(function (d) {
        rejectDialog.close();
        updated(k, d, false);
        say(L.saved + " #" + id);
        move(1);
      }).catch(function (error) { document.getElementById("reject-error").textContent = L.failed + error.message; });
  }

  function fieldsOf(k) { return editDialog.querySelector(".edit-fields[data-for=" + k + "]"); }

  function inputOf(k, name) {
    return fieldsOf(k).querySelector("[name='" + (k === "tasks" ? "task-" + name : name) + "']");
  }

  function shown(value) {
    if (value === null || value === undefined) return "";
    return Array.isArray(value) ? value.join("、") : String(value);
  }

  function openEdit(mode, k, li, span) {
    var d = li ? records[k][li.dataset.id] : {};
    editing = {mode: mode, kind: k, id: li ? li.dataset.id : null, span: span || null, was: d};
    ["targets", "tasks"].forEach(function (other) { fieldsOf(other).hidden = other !== k; });
    fieldsOf(k).querySelectorAll("input, select").forEach(function (input) {
      var name = input.name.replace(/^task-/, "");
      if (input.type === "checkbox") input.checked = Boolean(d[name]);
      else if (name in d) input.value = shown(d[name]);
      else input.value = input.tagName === "SELECT" ? input.options[0].value : "";
    });
    if (mode === "add" && k === "targets" && span) {
      var found = span.quote.match(/\d+(?:\.\d+)?/);
      if (found) inputOf(k, "value").value = found[0];
    }
    if (mode === "add" && k === "tasks" && span) inputOf(k, "text").value = span.quote;
    document.getElementById("edit-title").textContent = mode === "add" ? L.add[k] : L.edit + " #" + editing.id;
    document.getElementById("edit-quote").textContent = span ? span.quote : (d.quote || "");
    editDialog.querySelectorAll(".field-error").forEach(function (e) { e.textContent = ""; });
    document.getElementById("edit-error").textContent = "";
    editDialog.showModal();
    var first = fieldsOf(k).querySelector("input");
    if (first) first.focus();
  }

  function body() {
    var k = editing.kind, d = editing.was, found = {};
    fieldsOf(k).querySelectorAll("input, select").forEach(function (input) {
      var name = input.name.replace(/^task-/, "");
      if (input.type === "checkbox") {
        if (editing.mode === "add" ? input.checked : input.checked !== Boolean(d[name])) found[name] = input.checked;
        return;
      }
      var value = input.value.trim();
      if (editing.mode === "edit" && value === shown(d[name])) return;
      if (editing.mode === "add" && value === "") return;
      if (name === "departments" || name === "lead_departments") {
        found[name] = value ? value.split(/[、,，;；]/).map(function (s) { return s.trim(); }).filter(Boolean) : [];
      } else {
        found[name] = value === "" ? null : value;
      }
    });
    if (editing.span) { found.start = editing.span.start; found.end = editing.span.end; }
    if (editing.mode === "add") found.document_id = documentId;
    return found;
  }

  function saveEdit(event) {
    event.preventDefault();
    var k = editing.kind, path = "/" + k + (editing.mode === "add" ? "" : "/" + editing.id);
    var sent = body();
    editDialog.querySelectorAll(".field-error").forEach(function (e) { e.textContent = ""; });
    api(editing.mode === "add" ? "POST" : "PATCH", path, sent).then(function (d) {
      editDialog.close();
      var li = updated(k, d, editing.mode === "add" || "start" in sent);
      say(L.saved + " #" + d.id);
      select(li);
    }).catch(function (error) {
      document.getElementById("edit-error").textContent = L.failed + error.message;
      (error.details || []).forEach(function (detail) {
        var slot = editDialog.querySelector("[data-error='" + detail.field + "']");
        if (slot) slot.textContent = detail.reason;
      });
    });
  }

  function offsetOf(node, offset) {
    var range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function selectionInText() {
    var chosen = window.getSelection();
    if (!chosen || chosen.rangeCount === 0 || chosen.isCollapsed) return null;
    var range = chosen.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return null;
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    return end > start ? {start: start, end: end, quote: full.slice(start, end)} : null;
  }

  function noteSelection() {
    var found = selectionInText();
    if (!found) return;
    lastSelection = found;
    document.getElementById("selection-bar").hidden = false;
    document.getElementById("selection-size").textContent = L.selection.replace("{n}", String(found.end - found.start));
  }

  function addFromSelection() {
    var span = selectionInText() || lastSelection;
    if (!span) { say(L.selectFirst); return; }
    openEdit("add", kind, null, span);
  }

  function quoteFromSelection() {
    var span = selectionInText() || lastSelection;
    if (!span) { say(L.selectFirst); return; }
    if (editDialog.open && editing) {
      editing.span = span;
      document.getElementById("edit-quote").textContent = span.quote;
    } else if (current) {
      openEdit("edit", current.dataset.kind, current, span);
    }
  }

  function showTab(k) {
    kind = k;
    document.querySelectorAll(".review-tabs [data-tab]").forEach(function (tab) {
      tab.setAttribute("aria-selected", String(tab.dataset.tab === k));
    });
    list("targets").hidden = k !== "targets";
    list("tasks").hidden = k !== "tasks";
    document.getElementById("review-progress").hidden = k !== "targets";
    document.getElementById("task-progress").hidden = k !== "tasks";
    text.classList.toggle("show-targets", k === "targets");
    text.classList.toggle("show-tasks", k === "tasks");
    document.getElementById("add-from-selection").textContent = L.add[k];
    select(items(k)[0]);
  }

  // ------------------------------------------------------------ wiring

  document.addEventListener("keydown", function (event) {
    if (editDialog.open || rejectDialog.open || event.ctrlKey || event.metaKey || event.altKey) return;
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    var action = {j: function () { move(1); }, ArrowDown: function () { move(1); }, k: function () { move(-1); },
                  ArrowUp: function () { move(-1); }, c: confirmCurrent, x: openReject,
                  e: function () { if (current) openEdit("edit", current.dataset.kind, current, null); },
                  a: addFromSelection}[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  ["target-list", "task-list"].forEach(function (name) {
    document.getElementById(name).addEventListener("click", function (event) {
      var li = event.target.closest("li.record");
      if (!li) return;
      select(li);
      var button = event.target.closest("button[data-action]");
      if (!button) return;
      if (button.dataset.action === "confirm") confirmCurrent();
      else if (button.dataset.action === "reject") openReject();
      else openEdit("edit", li.dataset.kind, li, null);
    });
  });

  text.addEventListener("click", function (event) {
    var mark = event.target.closest("mark");
    var ids = mark && mark.getAttribute(kind === "tasks" ? "data-tasks" : "data-targets");
    if (ids && window.getSelection().isCollapsed) select(document.getElementById(itemId(kind, ids.split(" ")[0])));
  });
  text.addEventListener("mouseup", noteSelection);
  text.addEventListener("keyup", noteSelection);
  document.addEventListener("selectionchange", noteSelection);
  document.getElementById("add-from-selection").addEventListener("click", addFromSelection);
  document.getElementById("quote-from-selection").addEventListener("click", quoteFromSelection);
  document.getElementById("edit-use-selection").addEventListener("click", quoteFromSelection);
  document.getElementById("edit-form").addEventListener("submit", saveEdit);
  document.getElementById("edit-cancel").addEventListener("click", function () { editDialog.close(); });
  document.getElementById("reject-form").addEventListener("submit", saveReject);
  document.getElementById("reject-cancel").addEventListener("click", function () { rejectDialog.close(); });
  document.querySelectorAll(".review-tabs [data-tab]").forEach(function (tab) {
    tab.addEventListener("click", function () { showTab(tab.dataset.tab); });
  });
  select(items("targets")[0]);
})();
