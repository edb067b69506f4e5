// The team's page on the accompanier's phone: entries wait in a queue kept on the phone
// (localStorage) and are sent in order when the network allows; each keeps the key it was
// given when entered, so a retry after a lost answer is counted once by Rallye. Photos wait
// the same way, in the phone's database (IndexedDB keeps the image itself), and leave after
// the other entries.
(function () {
  "use strict";
  var root = document.getElementById("field-phone");
  if (!root) { return; }
  var queueName = root.dataset.queue;
  var entryUrl = root.dataset.entryUrl;
  var banner = document.getElementById("field-queue");
  var sending = false;
  var photosWaiting = 0;
  var sentSomething = false;

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

  // One entry sent as a form; resolves with the status and Rallye's JSON answer.
  function post(url, body) {
    return fetch(url, { method: "POST", body: body, headers: { "Accept": "application/json" }, credentials: "omit" })
      .then(function (response) {
        return response.json().then(function (answer) { return { status: response.status, answer: answer }; });
      });
  }

  // -- photos: {key, company, at, photo (the file), url} in the "photos" store -----------------
  function photoDb() {
    return new Promise(function (resolve, reject) {
      var request = window.indexedDB.open(queueName + "-photos", 1);
      request.onupgradeneeded = function () { request.result.createObjectStore("photos", { keyPath: "key" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function photos(mode, work) {
    return photoDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction("photos", mode);
        var request = work(transaction.objectStore("photos"));
        transaction.oncomplete = function () { db.close(); resolve(request.result); };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function flushPhotos() {
    if (!window.indexedDB) { finish(); return; }
    photos("readonly", function (store) { return store.getAll(); }).then(function (waiting) {
      photosWaiting = waiting.length;
      if (!waiting.length) { finish(); return; }
      sending = true;
      var entry = waiting[0];
      var body = new FormData();
      body.append("key", entry.key);
      body.append("company", entry.company);
      body.append("at", entry.at);
      body.append("photo", entry.photo, entry.name || "photo");
      post(entry.url, body)
        .then(function (result) {
          if (result.status !== 200 && result.status !== 400) {
            sending = false;
            show(result.answer.message || "Envoi impossible pour l'instant : la photo attend sur ce téléphone.", true);
            return;
          }
          return photos("readwrite", function (store) { return store.delete(entry.key); }).then(function () {
            sending = false;
            photosWaiting -= 1;
            if (!result.answer.ok) { show(result.answer.message, true); return; }
            sentSomething = true;
            flushPhotos();
          });
        })
        .catch(function () { sending = false; showQueue(); });
    }, function () { finish(); });
  }

  function finish() {
    if (sentSomething) { window.location.reload(); return; }
    showQueue();
  }

  function showQueue() {
    var waiting = load().length + photosWaiting;
    if (waiting) {
      show(waiting === 1 ? "1 saisie en attente d'envoi : elle partira dès que le réseau reviendra."
        : waiting + " saisies en attente d'envoi : elles partiront dès que le réseau reviendra.");
    }
  }

  function flush() {
    var queue = load();
    if (sending) { showQueue(); return; }
    if (!queue.length) { flushPhotos(); return; }
    sending = true;
    var entry = queue[0];
    var body = new FormData();
    Object.keys(entry).forEach(function (name) { body.append(name, entry[name]); });
    post(entryUrl, body)
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
        sentSomething = true;
        flush();
      })
      .catch(function () { sending = false; showQueue(); });
  }

  function queuePhoto(form) {
    var input = form.querySelector("input[type=file]");
    var file = input && input.files && input.files[0];
    if (!file) { show("Aucune photo choisie : prenez ou choisissez une photo, puis envoyez-la.", true); return; }
    var entry = {
      key: newKey(), at: new Date().toISOString(), company: form.querySelector("input[name=company]").value,
      photo: file, name: file.name, url: form.getAttribute("action")
    };
    photos("readwrite", function (store) { return store.put(entry); }).then(function () {
      photosWaiting += 1;
      var button = form.querySelector("button");
      if (button) { button.disabled = true; }
      showQueue();
      flush();
    }, function () {
      show("Ce téléphone n'a pas pu garder la photo : envoyez-la quand le réseau sera revenu.", true);
    });
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList && form.classList.contains("field-photo") && window.indexedDB) {
      event.preventDefault();
      queuePhoto(form);
      return;
    }
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
