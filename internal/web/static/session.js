// supple: the guided session. It turns the plain session form of
// /me/today into a player, one exercise at a time, with timers, and
// submits the same form. Without this script the form works as it is.
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function localDate() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  // The member's own date, so that a session near midnight counts on the
  // right day.
  document.querySelectorAll("input[data-local-date]").forEach(function (el) { el.value = localDate(); });

  var form = document.getElementById("session-form");
  var player = document.getElementById("player");
  if (!form || !player || form.hasAttribute("data-errors") || !window.requestAnimationFrame) return;

  var $ = function (id) { return document.getElementById(id); };
  var steps = Array.prototype.slice.call(form.querySelectorAll(".session-step"));
  var items = steps.filter(function (s) { return s.getAttribute("data-step") === "item"; });
  var current = 0;
  var live = $("timer-live");
  var message = $("player-message");
  var timerBox = $("timer");
  var clock = $("timer-clock");
  var phaseLabel = $("timer-phase");
  var fill = $("timer-fill");
  var toggle = $("timer-toggle");
  var note = $("player-note");

  form.classList.add("guided");
  player.hidden = false;

  // --- Keep the screen awake while a session runs (where supported). ---
  var wakeLock = null;
  var running = false;
  function keepAwake() {
    if (!running || !("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    navigator.wakeLock.request("screen").then(function (l) { wakeLock = l; }).catch(function () { wakeLock = null; });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && running) keepAwake();
  });
  function letSleep() {
    running = false;
    if (wakeLock) { wakeLock.release().catch(function () {}); wakeLock = null; }
  }

  function announce(text) {
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }
  function say(text) {
    message.textContent = text;
    message.hidden = !text;
  }
  function scale() {
    var s = parseFloat(form.getAttribute("data-time-scale"));
    return s > 0 ? s : 1;
  }
  function fmt(secs) {
    secs = Math.max(0, Math.ceil(secs));
    return Math.floor(secs / 60) + ":" + pad(secs % 60);
  }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }
  // A duration as it is said: seconds below a minute, minutes above.
  function spoken(secs) {
    if (secs < 60) return plural(secs, "second", "seconds");
    var m = Math.floor(secs / 60), s = secs % 60;
    return plural(m, "minute", "minutes") + (s ? " " + plural(s, "second", "seconds") : "");
  }

  // --- Questions that must be answered before the player moves on. The
  // messages sit next to each question, as the server puts them. ---
  var needed = {
    pain_before: "Please choose a number from 0 to 10 for how your back is right now.",
    pain_during: "Please choose the worst pain during the session, from 0 (no pain) to 10 (worst imaginable).",
    pain_after: "Please choose how your back feels now, after the session, from 0 (no pain) to 10 (worst imaginable).",
    leg_symptoms: "Please say what your leg symptoms did (choose “I have no leg symptoms” if you have none).",
    new_numbness: "Please answer yes or no: any new numbness or weakness?"
  };
  function unmark(name) {
    var box = $("q-" + name);
    var err = $("e-" + name);
    if (err && err.hasAttribute("data-player")) err.remove();
    if (box && box.getAttribute("aria-describedby") === "e-" + name) box.removeAttribute("aria-describedby");
    if (box) box.classList.remove("has-error");
  }
  function mark(name) {
    var box = $("q-" + name);
    if (!box || $("e-" + name)) return;
    var err = document.createElement("p");
    err.className = "error";
    err.id = "e-" + name;
    err.setAttribute("data-player", "");
    err.textContent = needed[name];
    box.querySelector("legend").insertAdjacentElement("afterend", err);
    box.setAttribute("aria-describedby", err.id);
    box.classList.add("has-error");
  }
  // check marks each unanswered question, focuses the first, and says
  // whether all were answered.
  function check(names) {
    var first = null;
    names.forEach(function (name) {
      if (form.querySelector("input[name=" + name + "]:checked")) { unmark(name); return; }
      mark(name);
      if (!first) first = form.querySelector("input[name=" + name + "]");
    });
    if (first) first.focus();
    return !first;
  }
  Object.keys(needed).forEach(function (name) {
    form.querySelectorAll("input[name=" + name + "]").forEach(function (el) {
      el.addEventListener("change", function () { unmark(name); });
    });
  });

  // --- Timers: the phases of one item. ---
  function phasesFor(step) {
    var kind = step.getAttribute("data-timer");
    var sets = parseInt(step.getAttribute("data-sets"), 10) || 1;
    var reps = parseInt(step.getAttribute("data-reps"), 10) || 0;
    var hold = parseInt(step.getAttribute("data-hold"), 10) || 0;
    var minutes = parseInt(step.getAttribute("data-minutes"), 10) || 0;
    var out = [];
    var s, r;
    if (kind === "aerobic") {
      var bouts = Math.max(1, sets);
      for (s = 1; s <= bouts; s++) {
        out.push({ kind: "move", secs: Math.round(minutes * 60 / bouts), label: bouts > 1 ? "Bout " + s + " of " + bouts : "Keep moving at an easy, chatty pace" });
        if (s < bouts) out.push({ kind: "rest", secs: 60, label: "Rest" });
      }
    } else if (kind === "hold") {
      var holds = Math.max(1, reps);
      for (s = 1; s <= sets; s++) {
        for (r = 1; r <= holds; r++) {
          out.push({ kind: "hold", secs: hold, label: "Set " + s + " of " + sets + (holds > 1 ? ", hold " + r + " of " + holds : ": hold") });
          if (r < holds) out.push({ kind: "relax", secs: 3, label: "Relax" });
        }
        if (s < sets) out.push({ kind: "rest", secs: 30, label: "Rest before set " + (s + 1) });
      }
    } else {
      for (s = 1; s <= sets; s++) {
        out.push({ kind: "set", secs: 0, label: "Set " + s + " of " + sets + (reps ? ": " + plural(reps, "repetition", "repetitions") : "") });
        if (s < sets) out.push({ kind: "rest", secs: 30, label: "Rest before set " + (s + 1) });
      }
    }
    return out;
  }

  var t = null; // the running timer: {phases, i, left, at, handle, active}

  function stopTimer() {
    if (t && t.handle) window.clearInterval(t.handle);
    t = null;
  }

  function setupTimer(step) {
    stopTimer();
    var phases = phasesFor(step);
    if (!phases.length) { timerBox.hidden = true; return; }
    t = { phases: phases, i: 0, left: phases[0].secs, at: 0, handle: 0, active: 0, started: false, done: false };
    timerBox.hidden = false;
    showPhase(false);
  }

  function showPhase(speak) {
    var p = t.phases[t.i];
    phaseLabel.textContent = p.label;
    timerBox.setAttribute("data-phase", p.kind);
    if (p.secs === 0) {
      clock.textContent = "–";
      fill.style.width = "0%";
      toggle.textContent = "Set done";
    } else {
      clock.textContent = fmt(t.left);
      fill.style.width = (100 * (1 - t.left / p.secs)) + "%";
      toggle.textContent = t.handle ? "Pause" : (t.started ? "Go on" : "Start the timer");
    }
    // Phase changes are announced, briefly; the short relax between two
    // holds is not.
    if (speak && p.kind !== "relax") announce(p.label + (p.secs ? ", " + spoken(p.secs) : ""));
  }

  function tick() {
    var now = Date.now();
    var dt = (now - t.at) / 1000 / scale();
    t.at = now;
    var p = t.phases[t.i];
    t.left -= dt;
    if (p.kind === "move" || p.kind === "hold") t.active += dt;
    if (t.left <= 0) nextPhase();
    else showPhase(false);
  }

  function nextPhase() {
    t.i++;
    if (t.i >= t.phases.length) {
      window.clearInterval(t.handle);
      t.handle = 0;
      t.done = true;
      clock.textContent = "0:00";
      fill.style.width = "100%";
      phaseLabel.textContent = "Finished";
      toggle.hidden = true;
      announce("Finished. Press Done when you are ready.");
      return;
    }
    t.left = t.phases[t.i].secs;
    if (t.left === 0 && t.handle) { window.clearInterval(t.handle); t.handle = 0; }
    else if (t.left > 0 && !t.handle && t.started) { t.at = Date.now(); t.handle = window.setInterval(tick, 200); }
    showPhase(true);
  }

  toggle.addEventListener("click", function () {
    if (!t) return;
    var p = t.phases[t.i];
    if (p.secs === 0) { t.started = true; nextPhase(); return; }
    if (t.handle) {
      window.clearInterval(t.handle);
      t.handle = 0;
      showPhase(false);
      announce("Paused");
      return;
    }
    t.started = true;
    t.at = Date.now();
    t.handle = window.setInterval(tick, 200);
    showPhase(true);
  });

  // --- Steps ---
  function show(i, quiet) {
    current = i;
    stopTimer();
    say("");
    note.textContent = "";
    note.hidden = true;
    steps.forEach(function (s, j) { s.classList.toggle("current", j === i); });
    var step = steps[i];
    var kind = step.getAttribute("data-step");
    var n = items.indexOf(step);
    $("player-start").hidden = kind !== "before";
    $("player-answers").hidden = kind !== "item";
    $("player-back").hidden = i === 0;
    // Only the exercises keep the player at the bottom of the screen.
    player.classList.toggle("docked", kind === "item");
    form.setAttribute("data-current", kind);
    toggle.hidden = false;
    timerBox.hidden = true;
    if (kind === "item") {
      $("player-progress").textContent = "Exercise " + (n + 1) + " of " + items.length;
      $("player-bar").max = items.length;
      $("player-bar").value = n + 1;
      setupTimer(step);
      player.querySelectorAll("[data-answer]").forEach(function (b) {
        b.setAttribute("aria-describedby", step.querySelector(".item-title").id);
      });
    } else if (kind === "before") {
      $("player-progress").textContent = plural(items.length, "exercise", "exercises") + " today";
      $("player-bar").value = 0;
    } else {
      $("player-progress").textContent = "Last questions";
      $("player-bar").value = $("player-bar").max;
    }
    if (quiet) return;
    var heading = step.querySelector("h2, h3");
    window.scrollTo(0, form.getBoundingClientRect().top + window.pageYOffset - 8);
    if (heading) heading.focus({ preventScroll: true });
  }

  $("player-begin").addEventListener("click", function () {
    if (!check(["pain_before"])) {
      say(needed.pain_before);
      return;
    }
    running = true;
    keepAwake();
    show(1);
  });

  player.querySelectorAll("[data-answer]").forEach(function (b) {
    b.addEventListener("click", function () {
      var step = steps[current];
      var value = b.getAttribute("data-answer");
      var radio = step.querySelector(".item-answer input[value=" + value + "]");
      if (radio) radio.checked = true;
      var minutes = step.querySelector(".item-minutes input");
      var early = "";
      if (minutes && value === "done" && t && t.started && !t.done) {
        // A walk stopped early is logged with the minutes it ran (the
        // form knows done, skipped and too painful, no "partly").
        var ran = Math.max(1, Math.round(t.active / 60));
        var planned = parseInt(step.getAttribute("data-minutes"), 10) || 0;
        minutes.value = String(ran);
        if (planned && t.active < planned * 60 / 2) {
          early = "You did " + ran + " of " + plural(planned, "minute", "minutes") + " — that counts, and it’s fine to stop early.";
        }
      }
      show(current + 1);
      if (early) {
        note.textContent = early;
        note.hidden = false;
        announce(early);
      } else if (value === "too_painful") {
        announce("Noted. Leave this one out today.");
      }
    });
  });

  $("player-back").addEventListener("click", function () { if (current > 0) show(current - 1); });

  $("player-plain").addEventListener("click", function () {
    stopTimer();
    form.classList.remove("guided");
    player.hidden = true;
    var h = form.querySelector("#before-title");
    if (h) h.focus();
  });

  form.addEventListener("submit", function (e) {
    // The last questions are checked here, as the first one is: a blank
    // answer stays in the player with a message next to it.
    if (form.classList.contains("guided") &&
        !check(["pain_during", "pain_after", "leg_symptoms", "new_numbness"])) {
      e.preventDefault();
      say("Please answer the questions marked above.");
      return;
    }
    stopTimer();
    letSleep();
  });

  show(0, true);
})();
