// The organiser's live view: the teams' table is fetched again every few seconds.
(function () {
  "use strict";
  var box = document.getElementById("field-live");
  if (!box) { return; }
  var seconds = parseInt(box.dataset.seconds, 10) || 30;
  function refresh() {
    fetch(box.dataset.url, { headers: { "Accept": "text/html" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { box.innerHTML = html; } })
      .catch(function () { /* the next round tries again */ });
  }
  window.setInterval(refresh, seconds * 1000);
})();
