// Draws every chart a page declares and brings a highlighted quote into view. No inline script anywhere:
// each chart's ECharts option sits in a <script type="application/json"> block named by data-chart.
(function () {
  "use strict";

  function drawCharts() {
    if (typeof window.echarts === "undefined") return;
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById(element.getAttribute("data-chart"));
      if (!source) return;
      var chart = window.echarts.init(element, null, { renderer: "canvas" });
      chart.setOption(JSON.parse(source.textContent));
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  function showQuote() {
    var mark = document.getElementById("quote");
    var box = document.getElementById("document-text");
    if (!mark || !box) return;
    // scroll inside the document box only, so the page itself stays where the reader is
    box.scrollTop = mark.offsetTop - box.offsetTop - box.clientHeight / 3;
  }

  function autoSubmitFilters() {
    var form = document.getElementById("ledger-filters");
    if (!form) return;
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { form.submit(); });
    });
  }

  // the phone-width menu (base.html): the button opens and closes the navigation below the bar
  function menuToggle() {
    var button = document.getElementById("menu-toggle");
    var bar = document.getElementById("top");
    if (!button || !bar) return;
    button.addEventListener("click", function () {
      var open = !bar.classList.contains("open");
      bar.classList.toggle("open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    menuToggle();
    drawCharts();
    showQuote();
    autoSubmitFilters();
  });
})();
