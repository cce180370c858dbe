/* Copy buttons of shared links (templates/_share_link.html). Without this script the
   buttons stay hidden and the full link is shown, ready to select. */
(function () {
  "use strict";

  function say(button, attribute) {
    var row = button.closest(".share-link");
    var status = row && row.querySelector(".copy-status");
    if (status) { status.textContent = button.getAttribute(attribute); }
  }

  function selectAndCopy(field) {
    field.focus();
    field.select();
    try { return document.execCommand("copy"); } catch (error) { return false; }
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () {
        say(button, "data-copied");
      }, function () {
        say(button, selectAndCopy(field) ? "data-copied" : "data-failed");
      });
    } else {
      say(button, selectAndCopy(field) ? "data-copied" : "data-failed");
    }
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(button); });
  });
  document.querySelectorAll("textarea.share-url").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
}());
