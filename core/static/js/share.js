// Offers the device's own share sheet (Web Share API) where the browser has one.
// Without it, or without JavaScript, the plain share links beside the button do the same job.
(function () {
  "use strict";
  if (typeof navigator.share !== "function") {
    return;
  }
  document.querySelectorAll("[data-share-button]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator
        .share({ title: button.dataset.shareTitle, url: button.dataset.shareUrl })
        .catch(function () {
          // The reader closed the share sheet: nothing to do.
        });
    });
  });
})();
