// Small enhancements on top of htmx. Every page works without this file.
(function () {
  "use strict";

  // With this file running, forms marked data-autosave keep their drafts themselves: the
  // buttons that only keep a draft (.kr-no-autosave) are for browsers without JavaScript.
  document.documentElement.classList.add("kr-autosaves");

  // One-tap copy for generated texts; without JS the text area stays selectable.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    if (!source) return;
    var text = "value" in source ? source.value : source.textContent;
    var done = function () {
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      // data-copy-done says where the text goes; the default suits a chat message.
      if (status) status.textContent = button.getAttribute("data-copy-done") || "已复制，可以粘贴到聊天窗口了。";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { source.select(); });
    } else if (source.select) {
      source.select();
      document.execCommand("copy");
      done();
    }
  });

  // Copy boxes show their whole text, never a box scrolling inside the page: CSS sizes them
  // where the browser has field-sizing; elsewhere each box is fitted here, again whenever a
  // section opens (a closed one has no height to measure), htmx swaps or the width changes.
  if (!(window.CSS && CSS.supports && CSS.supports("field-sizing", "content"))) {
    var fitCopyBoxes = function () {
      document.querySelectorAll(".kr-copy-text--fit").forEach(function (box) {
        if (!box.offsetParent) return;
        box.style.height = "auto";
        box.style.height = box.scrollHeight + (box.offsetHeight - box.clientHeight) + "px";
      });
    };
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fitCopyBoxes);
    } else {
      fitCopyBoxes();
    }
    document.addEventListener("toggle", fitCopyBoxes, true);
    document.addEventListener("htmx:afterSettle", fitCopyBoxes);
    window.addEventListener("resize", fitCopyBoxes);
  }

  // Upload progress: htmx reports it, a <progress> element shows it.
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = event.target.querySelector && event.target.querySelector("[data-upload-progress]");
    if (bar && event.detail.lengthComputable) {
      bar.hidden = false;
      bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
    }
  });

  // Say next to a form that this save did not go through; what was typed stays in it.
  function sayNotSaved(form, text) {
    var note = form.querySelector("[data-not-saved]");
    if (!note) {
      note = document.createElement("p");
      note.className = "kr-message kr-message--error";
      note.setAttribute("role", "alert");
      note.setAttribute("data-not-saved", "");
      form.insertBefore(note, form.firstChild);
    }
    note.textContent = text;
  }

  // htmx swaps only successful answers. When a form gets a refusal instead (a 404 after
  // the buyer was signed out, a 403 for an expired form), post it the ordinary way: the
  // buyer sees the whole answer page, and the server can keep what they typed. A server
  // error is not retried, since the save may have gone through before it.
  document.addEventListener("htmx:responseError", function (event) {
    var form = event.detail.elt;
    if (!form || form.tagName !== "FORM") return;
    if (event.detail.xhr.status >= 500) {
      sayNotSaved(form, "网站出了点问题，这次可能没有保存。你填的内容还在这里：先复制一份，再刷新页面看看有没有保存上。");
      return;
    }
    var trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    var submitter = trigger && trigger.submitter;
    if (submitter && submitter.name) {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = submitter.name;
      field.value = submitter.value;
      form.appendChild(field);
    }
    HTMLFormElement.prototype.submit.call(form);
  });

  // No answer at all (offline).
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt;
    if (form && form.tagName === "FORM") {
      sayNotSaved(form, "没有连上网络，这次没有保存。你填的内容还在，联网后再点一次保存。");
    }
  });

  // Move focus to an error summary so screen readers announce it, both after
  // a full-page post and after an htmx swap.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }
  document.addEventListener("DOMContentLoaded", focusErrorSummary);

  // The five steps sit beside the page on a wide screen; on a phone they are one tap away.
  if (window.matchMedia("(min-width: 80em)").matches) {
    document.querySelectorAll("details.kr-stage-tasks").forEach(function (tasks) { tasks.open = true; });
  }

  // Autosave. A form marked data-autosave="<action>" keeps a draft while the buyer types
  // (posted with that action and the X-Autosave header; the server answers JSON), and once
  // more as the page is left by any way: a link, the breadcrumb, back, closing the tab.
  // Every form of a stage posts the stage's version, so each save hands on the new one.
  var AUTOSAVE_DELAY = 1500;
  var AUTOSAVE_FAILED = "自动保存没有成功。你填的内容还在这一页，点保存按钮再试。";
  var AUTOSAVE_OFFLINE = "没有连上网络，自动保存没有成功。你填的内容还在这一页，联网后会再试。";

  function autosaveStatus(form) {
    var status = form.querySelector("[data-autosave-status]");
    if (!status) {
      status = document.createElement("p");
      status.className = "kr-autosave";
      status.setAttribute("role", "status");
      status.setAttribute("data-autosave-status", "");
      var actions = form.querySelectorAll(".kr-form__actions");
      var last = actions[actions.length - 1];
      form.insertBefore(status, last || null);
    }
    return status;
  }

  function autosaveBody(form) {
    var data = new FormData(form);
    var files = [];
    data.forEach(function (value, key) { if (value instanceof File) files.push(key); });
    files.forEach(function (key) { data.delete(key); }); // a file goes up only on the buyer's tap
    data.set("action", form.getAttribute("data-autosave"));
    return data;
  }

  function sayAutosave(form, text, failed) {
    var status = autosaveStatus(form);
    status.textContent = text;
    status.classList.toggle("kr-autosave--failed", failed);
  }

  function autosave(form, leaving) {
    clearTimeout(form.krAutosaveTimer);
    if (!form.krAutosaveDirty || form.krAutosaving) return form.krAutosaving;
    form.krAutosaveDirty = false;
    // getAttribute: the form's buttons are named "action", which hides form.action.
    form.krAutosaving = fetch(form.getAttribute("action"), {
      method: "POST",
      body: autosaveBody(form),
      headers: { "X-Autosave": "1" },
      credentials: "same-origin",
      keepalive: !!leaving
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok && body.saved) {
          document.querySelectorAll('input[name="version"]').forEach(function (input) {
            input.value = body.version;
          });
          sayAutosave(form, "已自动保存 " + body.at, false);
        } else {
          sayAutosave(form, body.message || AUTOSAVE_FAILED, true);
        }
      });
    }, function () {
      form.krAutosaveDirty = true;
      sayAutosave(form, AUTOSAVE_OFFLINE, true);
    }).then(function () { form.krAutosaving = null; });
    return form.krAutosaving;
  }

  function typedInto(event) {
    var form = event.target.form;
    if (!form || !form.hasAttribute("data-autosave") || event.target.type === "file") return;
    form.krAutosaveDirty = true;
    clearTimeout(form.krAutosaveTimer);
    form.krAutosaveTimer = setTimeout(function () { autosave(form, false); }, AUTOSAVE_DELAY);
  }
  document.addEventListener("input", typedInto);
  document.addEventListener("change", typedInto);

  function saveBeforeLeaving() {
    document.querySelectorAll("form[data-autosave]").forEach(function (form) { autosave(form, true); });
  }
  window.addEventListener("pagehide", saveBeforeLeaving);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") saveBeforeLeaving();
  });

  // A tap on a save button saves everything itself: no autosave after it, and one still on
  // its way is waited for, so the form posts the version that save handed on.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-autosave")) return;
    clearTimeout(form.krAutosaveTimer);
    form.krAutosaveDirty = false;
    if (form.krAutosaving) {
      event.preventDefault();
      event.stopImmediatePropagation();
      var submitter = event.submitter;
      form.krAutosaving.then(function () { form.requestSubmit(submitter || undefined); });
    }
  }, true);

  // A link to a field inside a closed section (核对信息's 修改 links, an error summary's
  // links) opens the section first, so the field is on screen and can take focus.
  function openSectionsAround(element) {
    for (var node = element; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) node.open = true;
    }
  }
  function revealTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    // Guide headings carry the md- prefix since issue 15; links shared before still land.
    var target = id && (document.getElementById(id) || document.getElementById("md-" + id));
    if (!target) return;
    openSectionsAround(target);
    target.scrollIntoView();
    // Focus moves there too, so a screen reader reads what the save changed.
    if (!/^(INPUT|TEXTAREA|SELECT|BUTTON|A)$/.test(target.tagName)) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  }
  document.addEventListener("DOMContentLoaded", revealTarget);
  window.addEventListener("hashchange", revealTarget);
  document.addEventListener("click", function (event) {
    var link = event.target.closest('a[href^="#"]');
    var target = link && document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (target) openSectionsAround(target);
  });
  document.addEventListener("htmx:afterSettle", focusErrorSummary);
})();
