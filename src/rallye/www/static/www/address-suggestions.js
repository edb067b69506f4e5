/* Address suggestions while typing: an input with data-address-suggestions asks Rallye (which asks
   the national address service) and lists the answers under it; picking one writes its label in
   the input and its latitude and longitude in the fields named by data-lat-field / data-lon-field.
   The coordinates stay editable by hand. Suggestions the server already gave (an uncertain address)
   come in a list marked data-address-choices-for, handled the same way. */
(function () {
  if (!window.fetch) { return; }

  function decimal(value) { return String(value).replace(".", ","); }

  function setup(input) {
    var lat = document.getElementById(input.dataset.latField);
    var lon = document.getElementById(input.dataset.lonField);
    if (!lat || !lon) { return; }
    var box = document.createElement("div");
    box.className = "address-suggestions";
    var status = document.createElement("p");
    status.className = "muted";
    status.setAttribute("aria-live", "polite");
    status.id = input.id + "-suggestions-status";
    var list = document.createElement("ul");
    list.className = "address-choices";
    box.append(status, list);
    input.insertAdjacentElement("afterend", box);
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    input.setAttribute("aria-describedby", described.concat([status.id]).join(" "));
    var timer = null;
    var asked = "";
    var picked = null;

    function pick(choice) {
      input.value = choice.label;
      lat.value = decimal(choice.lat);
      lon.value = decimal(choice.lon);
      lat.dispatchEvent(new Event("change"));
      picked = choice.label;
      asked = choice.label;
      list.replaceChildren();
      status.textContent = "Adresse choisie : latitude et longitude remplies.";
      input.focus();
    }

    function show(choices, error) {
      list.replaceChildren();
      if (error) { status.textContent = error; return; }
      if (!choices.length) { status.textContent = "Aucune adresse trouvée : précisez-la (numéro, rue, commune)."; return; }
      status.textContent = choices.length === 1 ? "1 adresse proposée :" : choices.length + " adresses proposées :";
      choices.forEach(function (choice) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "secondary";
        button.textContent = choice.label + (choice.low ? " (incertaine)" : "");
        button.addEventListener("click", function () { pick(choice); });
        li.append(button);
        list.append(li);
      });
    }

    function ask() {
      var query = input.value.trim();
      if (query.length < 3 || query === asked) { return; }
      asked = query;
      var url = input.dataset.addressSuggestions + "?q=" + encodeURIComponent(query);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (answer) { if (input.value.trim() === query) { show(answer.suggestions || [], answer.error); } })
        .catch(function () { status.textContent = "Pas de suggestion pour l'instant : vous pouvez saisir la latitude et la longitude."; });
    }

    input.addEventListener("input", function () {
      if (picked !== null && input.value !== picked) {
        /* The address changed after a pick: its coordinates no longer hold. */
        lat.value = "";
        lon.value = "";
        picked = null;
      }
      clearTimeout(timer);
      timer = setTimeout(ask, 350);
    });

    var given = document.querySelector("[data-address-choices-for='" + input.id + "']");
    if (given) {
      var choices = Array.prototype.map.call(given.querySelectorAll("[data-label]"), function (item) {
        return { label: item.dataset.label, lat: item.dataset.lat, lon: item.dataset.lon, low: true };
      });
      given.remove();
      show(choices, null);
      status.textContent = "Adresses proches de celle saisie :";
    }
  }

  document.querySelectorAll("input[data-address-suggestions]").forEach(setup);
})();
