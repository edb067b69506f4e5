// The team's page on the accompanier's phone: entries wait in a queue kept on the phone
// (localStorage) and are sent in order when the network allows; each keeps the key it was
// given when entered, so a retry after a lost answer is counted once by Rallye.
(function () {
  "use strict";
  var root = document.getElementById("field-phone");
  if (!root) { return; }
  var queueName = root.dataset.queue;
  var entryUrl = root.dataset.entryUrl;
  var banner = document.getElementById("field-queue");
  var sending = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(queueName) || "[]"); } catch (e) { return []; }
  }
  function save(queue) { window.localStorage.setItem(queueName, JSON.stringify(queue)); }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function show(text, isError) {
    if (!banner) { return; }
    banner.hidden = !text;
    banner.textContent = text;
    banner.className = isError ? "field-queue error" : "field-queue";
  }

  function showQueue() {
    var waiting = load().length;
    if (waiting) {
      show(waiting === 1 ? "1 saisie en attente d'envoi : elle partira dès que le réseau reviendra."
        : waiting + " saisies en attente d'envoi : elles partiront dès que le réseau reviendra.");
    }
  }

  function flush() {
    var queue = load();
    if (sending || !queue.length) { showQueue(); return; }
    sending = true;
    var entry = queue[0];
    var body = new FormData();
    Object.keys(entry).forEach(function (name) { body.append(name, entry[name]); });
    fetch(entryUrl, { method: "POST", body: body, headers: { "Accept": "application/json" }, credentials: "omit" })
      .then(function (response) {
        return response.json().then(function (answer) { return { status: response.status, answer: answer }; });
      })
      .then(function (result) {
        sending = false;
        if (result.status !== 200 && result.status !== 400) {
          // The link refused the request (too many at once, deactivated) or the server failed:
          // the entry stays on the phone and is tried again later.
          show(result.answer.message || "Envoi impossible pour l'instant : la saisie attend sur ce téléphone.", true);
          return;
        }
        var rest = load().filter(function (other) { return other.key !== entry.key; });
        save(rest);
        if (!result.answer.ok) {
          show(result.answer.message, true);
          return;
        }
        if (rest.length) { flush(); } else { window.location.reload(); }
      })
      .catch(function () { sending = false; showQueue(); });
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("field-entry")) { return; }
    event.preventDefault();
    var entry = { key: newKey(), at: new Date().toISOString() };
    new FormData(form).forEach(function (value, name) { if (name !== "key") { entry[name] = value; } });
    var queue = load();
    queue.push(entry);
    save(queue);
    var button = form.querySelector("button");
    if (button) { button.disabled = true; }
    showQueue();
    flush();
  });

  window.addEventListener("online", flush);
  window.setInterval(flush, 20000);
  flush();

  if ("serviceWorker" in navigator && root.dataset.workerUrl) {
    navigator.serviceWorker.register(root.dataset.workerUrl).catch(function () { /* reading offline is a bonus */ });
  }
})();
