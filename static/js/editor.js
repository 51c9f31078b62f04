// The editors' writing box in the admin (config/editor.py, templates/components/editor.html).
// Loaded right after htmx and before the page is ready, so htmx starts with this config.
"use strict";

// The CSP allows no inline <style>, and the admin evaluates no strings as code.
htmx.config.includeIndicatorStyles = false;
htmx.config.allowEval = false;
htmx.config.historyCacheSize = 0;

// One tap on a placeholder puts it where the cursor is, as if the editor had typed it:
// the input event also refreshes the preview.
document.addEventListener("click", (event) => {
  const chip = event.target.closest("[data-kr-insert]");
  if (!chip) return;
  const textarea = document.getElementById(chip.dataset.krTarget);
  if (!textarea) return;
  const text = chip.dataset.krInsert;
  const start = textarea.selectionStart ?? textarea.value.length;
  const end = textarea.selectionEnd ?? start;
  textarea.focus();
  textarea.setRangeText(text, start, end, "end");
  textarea.dispatchEvent(new Event("input", { bubbles: true }));
});
