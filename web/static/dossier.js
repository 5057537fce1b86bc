// Small enhancements; every page works without them.
// "/" jumps to the search box; dragging across the month histogram narrows the dates.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" ||
      target.tagName === "SELECT" || target.isContentEditable);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      var box = document.getElementById("q");
      if (box) {
        event.preventDefault();
        box.focus();
        box.select();
      }
    }
  });

  var chart = document.querySelector("svg.histogram[data-brush-url]");
  if (!chart) { return; }
  var start = null;
  function monthOf(node) {
    var link = node && node.closest ? node.closest("a[data-month]") : null;
    return link ? link.getAttribute("data-month") : null;
  }
  chart.addEventListener("mousedown", function (event) {
    start = monthOf(event.target);
    if (start) { event.preventDefault(); }
  });
  chart.addEventListener("mouseup", function (event) {
    var end = monthOf(event.target);
    if (start && end && end !== start) {
      event.preventDefault();
      var first = start < end ? start : end;
      var last = start < end ? end : start;
      window.location.href = chart.getAttribute("data-brush-url")
        .replace("FROM", encodeURIComponent(first)).replace("TO", encodeURIComponent(last));
    }
    start = null;
  });
}());
