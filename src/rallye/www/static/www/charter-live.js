/* Sends the programme form to the charter check as the organiser types, and shows the answer. */
(function () {
  var form = document.querySelector("form[data-charter-url]");
  var box = document.getElementById("charter-box");
  if (!form || !box || !window.fetch) { return; }
  var rules = box.querySelector("[data-rules]");
  var errors = box.querySelector("[data-errors]");
  var timer = null;

  function item(text, className) {
    var li = document.createElement("li");
    if (className) { li.className = className; }
    li.textContent = text;
    return li;
  }

  function show(answer) {
    rules.replaceChildren();
    answer.rules.forEach(function (rule) {
      var li = item("", "rule " + (rule.ok ? "ok" : "fail"));
      var mark = document.createElement("span");
      mark.className = "mark";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = rule.ok ? "✓" : "✗";
      var code = document.createElement("strong");
      code.textContent = rule.code;
      var state = document.createElement("span");
      state.className = "sr-only";
      state.textContent = rule.ok ? " (respecté)" : " (non respecté)";
      li.append(mark, " ", code, " " + rule.label + " : " + rule.figure, state);
      if (rule.violations.length) {
        var list = document.createElement("ul");
        list.className = "violations";
        rule.violations.forEach(function (text) { list.append(item(text)); });
        li.append(list);
      }
      rules.append(li);
    });
    errors.replaceChildren.apply(errors, answer.errors.map(function (text) { return item(text, "error"); }));
    errors.hidden = answer.errors.length === 0;
  }

  function check() {
    fetch(form.dataset.charterUrl, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (answer) { show(answer); } })
      .catch(function () { /* the figures refresh on the next change, or when the form is saved */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
