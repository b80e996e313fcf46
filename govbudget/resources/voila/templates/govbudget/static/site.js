/* govbudget static site: the department search box goes to the department's page. */
document.addEventListener("DOMContentLoaded", function () {
  var input = document.getElementById("gb-search");
  var button = document.getElementById("gb-search-go");
  if (!input) { return; }
  function go() {
    var list = document.getElementById(input.getAttribute("list"));
    var wanted = input.value.trim();
    for (var i = 0; i < list.options.length; i++) {
      if (list.options[i].value === wanted) {
        window.location.href = list.options[i].getAttribute("data-href");
        return;
      }
    }
  }
  input.addEventListener("change", go);
  input.addEventListener("keydown", function (event) { if (event.key === "Enter") { go(); } });
  if (button) { button.addEventListener("click", go); }
});
