// supple: small progressive enhancements. Every feature works without it.
(function () {
  "use strict";

  // Print the whole article: open every FAQ answer first.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });

  // The plan's print button prints at once.
  document.querySelectorAll("[data-print]").forEach(function (a) {
    a.hidden = false; // the summary's button is hidden until it can print
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      document.querySelectorAll("details").forEach(function (d) { d.open = true; });
      window.print();
    });
  });

  // export: copy the calendar feed's address (the field is selectable
  // without JavaScript).
  document.querySelectorAll("[data-copy]").forEach(function (btn) {
    var field = document.getElementById(btn.getAttribute("data-copy"));
    if (!field || !navigator.clipboard) return;
    btn.hidden = false;
    btn.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        btn.textContent = "Copied";
      }, function () {
        field.select();
      });
    });
  });

  // A link to a closed <details> (the plan's "Week 3") opens it.
  function openTarget() {
    var id = location.hash.slice(1);
    var el = id && document.getElementById(decodeURIComponent(id));
    if (el && el.tagName === "DETAILS") el.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  document.querySelectorAll('a[href^="#"]').forEach(function (a) {
    a.addEventListener("click", function () { setTimeout(openTarget, 0); });
  });
  openTarget();

  // The phone menu also closes with Escape and with a tap outside it.
  var menu = document.querySelector("details.menu");
  if (menu) {
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
    document.addEventListener("click", function (ev) {
      if (menu.open && !menu.contains(ev.target)) menu.open = false;
    });
  }

  var panel = document.getElementById("rate");
  if (!panel || !window.fetch) return;
  var slug = panel.getAttribute("data-slug");
  var api = "/api/v1/articles/" + encodeURIComponent(slug);

  var csrfMeta = document.querySelector("meta[name=csrf-token]");
  function post(url, body) {
    var headers = { "Content-Type": "application/json", "Accept": "application/json" };
    if (csrfMeta) headers["X-CSRF-Token"] = csrfMeta.content;
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: headers,
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        return { ok: res.ok, status: res.status, data: data };
      });
    });
  }

  function showError(text, after) {
    var el = document.getElementById("rate-error");
    if (!el) {
      el = document.createElement("p");
      el.id = "rate-error";
      el.className = "error";
      el.setAttribute("role", "alert");
      after.parentNode.insertBefore(el, after);
    }
    el.textContent = text.charAt(0).toUpperCase() + text.slice(1);
    el.setAttribute("tabindex", "-1");
    el.scrollIntoView({ block: "center" });
  }

  function clearError() {
    var el = document.getElementById("rate-error");
    if (el) el.remove();
  }

  function problemText(r) {
    if (r.data && r.data.errors && r.data.errors.length) return r.data.errors[0].message;
    if (r.data && r.data.detail) return r.data.detail;
    return "Something went wrong. Please try again.";
  }

  function plural(n, one, many) { return n === 1 ? one : many; }

  function setSummary(avg, count) {
    var s = document.getElementById("rate-summary");
    s.textContent = "";
    s.append("Rated ");
    var strong = document.createElement("strong");
    strong.textContent = avg.toFixed(1) + " out of 5";
    s.append(strong, " by " + count + " " + plural(count, "reader", "readers") + ".");
  }

  var rateForm = document.getElementById("rate-form");
  var thanks = document.getElementById("rate-thanks");
  var improve = document.getElementById("rate-improve");
  var sent = document.getElementById("rate-sent");
  var fbForm = document.getElementById("feedback-form");

  // sendRating sends the checked stars; focusResult moves focus to the
  // message that follows (after the button, not after a star tap, so
  // that arrow keys can go on choosing).
  function sendRating(focusResult) {
    var checked = rateForm.querySelector("input[name=stars]:checked");
    if (!checked) return false;
    var stars = parseInt(checked.value, 10);
    var button = rateForm.querySelector("button");
    button.disabled = true;
    post(api + "/rating", { stars: stars }).then(function (r) {
      button.disabled = false;
      if (!r.ok) { showError(problemText(r), rateForm); return; }
      clearError();
      setSummary(r.data.average, r.data.count);
      // The stars change the rating from now on; the button stays for
      // browsers without this script only.
      button.hidden = true;
      var yours = document.getElementById("rate-yours");
      if (!yours) {
        yours = document.createElement("p");
        yours.id = "rate-yours";
        yours.className = "hint";
        rateForm.appendChild(yours);
      }
      yours.setAttribute("role", "status");
      yours.textContent = "";
      var glyph = document.createElement("span");
      glyph.setAttribute("aria-hidden", "true");
      glyph.textContent = "★";
      var words = document.createElement("span");
      words.className = "visually-hidden";
      words.textContent = plural(stars, "star", "stars");
      yours.append("You rated this " + stars + " ", glyph, words, " — change? Choose other stars.");
      sent.hidden = true;
      var good = stars >= 4;
      thanks.hidden = !good;
      improve.hidden = good;
      fbForm.querySelector("input[name=stars]").value = String(stars);
      if (!focusResult) return;
      var msg = (good ? thanks : improve).querySelector(".rate-message");
      msg.setAttribute("tabindex", "-1");
      msg.focus();
    }).catch(function () {
      button.disabled = false;
      rateForm.submit();
    });
    return true;
  }

  rateForm.addEventListener("submit", function (ev) {
    // Without a choice the browser explains that one is needed.
    if (sendRating(true)) ev.preventDefault();
  });

  // A star tap sends the rating by itself; a short wait lets arrow keys
  // pass over stars without a vote for each.
  var starTimer = 0;
  rateForm.addEventListener("change", function (ev) {
    if (!ev.target.matches("input[name=stars]")) return;
    clearTimeout(starTimer);
    starTimer = setTimeout(function () { sendRating(false); }, 400);
  });

  // With this script a remembered rating is changed by tapping stars, so
  // the form's button is left to browsers without it.
  var early = rateForm.querySelector("input[name=stars]:checked");
  if (rateForm.querySelector("input[name=stars][checked]")) rateForm.querySelector("button").hidden = true;
  // A star tapped before this script ran (a slow phone, a busy machine)
  // fired no change event here: send it now.
  if (early && !early.defaultChecked) sendRating(false);

  fbForm.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = fbForm.querySelector("textarea[name=text]");
    var body = {
      text: text.value,
      section: fbForm.querySelector("select[name=section]").value,
      stars: parseInt(fbForm.querySelector("input[name=stars]").value, 10) || 0
    };
    if (!body.stars) delete body.stars;
    var button = fbForm.querySelector("button");
    button.disabled = true;
    post(api + "/feedback", body).then(function (r) {
      button.disabled = false;
      if (!r.ok) {
        showError(problemText(r), fbForm);
        var field = r.data && r.data.errors && r.data.errors[0] && r.data.errors[0].field;
        var input = field && fbForm.querySelector("[name=" + field + "]");
        if (input) { input.setAttribute("aria-invalid", "true"); input.focus({ preventScroll: true }); }
        return;
      }
      clearError();
      text.value = "";
      improve.hidden = true;
      sent.hidden = false;
      sent.focus();
    }).catch(function () {
      button.disabled = false;
      fbForm.submit();
    });
  });
})();
