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

  // htmx swaps only successful answers. When a form gets an error answer instead (a 404
  // after the buyer was signed out, a 403 for an expired form), post it the ordinary way:
  // the buyer sees the whole answer page, and the server can keep what they typed.
  document.addEventListener("htmx:responseError", function (event) {
    var form = event.detail.elt;
    if (!form || form.tagName !== "FORM") return;
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

  // No answer at all (offline): say so next to the form; what was typed stays in it.
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt;
    if (!form || form.tagName !== "FORM") return;
    var note = form.querySelector("[data-send-error]");
    if (!note) {
      note = document.createElement("p");
      note.className = "kr-message kr-message--error";
      note.setAttribute("role", "alert");
      note.setAttribute("data-send-error", "");
      form.insertBefore(note, form.firstChild);
    }
    note.textContent = "没有连上网络，这次没有保存。你填的内容还在，联网后再点一次保存。";
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
