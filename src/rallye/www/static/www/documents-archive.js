// While the archive of documents is being prepared, reloads the page every few seconds until
// it is ready (the page then offers the download).
(function () {
  const item = document.getElementById("archive");
  if (!item || item.dataset.pending !== "1") return;
  window.setTimeout(function () { window.location.reload(); }, 4000);
})();
