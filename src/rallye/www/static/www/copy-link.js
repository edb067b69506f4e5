// The « Copier le lien » buttons of the private links: copy the link next to the button.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.copy-link");
  if (!button) { return; }
  var field = document.getElementById(button.dataset.target);
  field.select();
  var done = function () { button.textContent = "Lien copié"; };
  if (navigator.clipboard) {
    navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
  } else {
    document.execCommand("copy");
    done();
  }
});
