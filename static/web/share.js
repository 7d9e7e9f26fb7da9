// Share buttons (templates/web/_share.html): the Web Share API where the browser has it (phones),
// else copy the link. Loaded as a file: the CSP allows no inline scripts.
(function () {
  "use strict";
  function setUp(box) {
    var url = box.getAttribute("data-share-url");
    var title = box.getAttribute("data-share-title");
    var status = box.querySelector(".share-status");
    var native = box.querySelector(".share-native");
    var copy = box.querySelector(".share-copy");
    if (native && navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () {});
      });
    }
    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(function () {
          if (status) status.textContent = copy.getAttribute("data-copied");
        });
      });
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".share"), setUp);
  });
})();
