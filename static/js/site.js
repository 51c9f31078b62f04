// Small enhancements on top of htmx. Every page works without this file.
(function () {
  "use strict";

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
  document.addEventListener("htmx:afterSettle", focusErrorSummary);
})();
