// Article list: progressive enhancement only; the page works the same without it.
// - officials (and countries) type-ahead: fills the input's <datalist> from /articles/suggest/…
// - on narrow screens the filter panel starts closed, so results come first.
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function enhance(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.dataset.suggest;
    if (!list || !url) return;
    var keepStatic = list.options.length > 0; // countries ship their full list already
    if (keepStatic) return;
    var last = "";
    input.addEventListener("input", debounce(function () {
      var text = input.value.trim();
      if (text.length < 2 || text === last) return;
      last = text;
      fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          list.textContent = "";
          data.results.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.value;
            option.label = item.label;
            option.textContent = item.label;
            list.appendChild(option);
          });
        })
        .catch(function () { /* the plain input still works */ });
    }, 200));
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggest]").forEach(enhance);
    var panel = document.querySelector(".list-filter-panel");
    if (panel && window.matchMedia("(max-width: 47.99rem)").matches) {
      panel.open = false;
    }
  });
})();
