// The page's first paint is static HTML from the server (dashboard/page/static.py), the chart an inline SVG.
// This script, the only one the page loads up front, makes that page work and brings the interactive layer:
//
// - Before Dash has loaded, a changed control or a clicked tab navigates to the page of the new state (a GET
//   request the server answers with its static page at once), keeping every other URL parameter.
// - Dash (React, the renderer, plotly.js: most of the page's bytes and main-thread time) loads on the reader's
//   first interaction (pointer, touch, key, focus, wheel), or when asked (window.nkArrivals.interactive()).
//   A reader who only reads pays for none of it; a reader who hovers the chart has tooltips within moments.
// - Dash renders the same page into a hidden twin (.takeover); once its main chart has drawn, the static
//   page is removed and the twin shown in its place, at the same boxes, keeping scroll and focus.
//
// Served from /assets but left out of Dash's own script list (app.py: assets_ignore), so no inline script is
// needed under the page's Content-Security-Policy.
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  var loading = null;
  var resolveTaken;
  var taken = new Promise(function (resolve) { resolveTaken = resolve; });

  function scripts() {  // the index lists Dash's scripts as inert elements, in the order they must run
    return Array.prototype.map.call(document.querySelectorAll('script[type="text/x-deferred"][src]'),
                                    function (el) { return el.getAttribute("src"); });
  }

  function loadInOrder(sources) {
    return sources.reduce(function (previous, src) {
      return previous.then(function () {
        return new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = src;
          script.async = false;
          script.onload = resolve;
          script.onerror = function () { reject(new Error("could not load " + src)); };
          document.body.appendChild(script);
        });
      });
    }, Promise.resolve());
  }

  function takeOver() {
    var twin = document.getElementById("takeover");
    var still = document.getElementById("ssr");
    if (!twin || !still) { return; }
    var focused = document.activeElement && still.contains(document.activeElement) ? document.activeElement.id : "";
    var scrolled = window.scrollY;
    still.remove();
    twin.classList.add("live");
    root.classList.add("interactive");
    window.scrollTo(0, scrolled);
    if (focused) {
      var again = document.getElementById(focused);
      if (again && again.focus) { again.focus({preventScroll: true}); }
    }
    resolveTaken();
  }

  function watchForChart() {
    var twin = document.getElementById("takeover");
    if (!twin) { return; }
    var drawn = function () { return twin.querySelector("#main-chart .main-svg"); };
    if (drawn()) { takeOver(); return; }
    new MutationObserver(function (_, observer) {
      if (drawn()) { observer.disconnect(); takeOver(); }
    }).observe(twin, {childList: true, subtree: true});
  }

  function interactive() {
    if (!loading) {
      loading = loadInOrder(scripts()).then(function () {
        watchForChart();
        window.__dashRenderer = new window.DashRenderer();
      });
    }
    return loading.then(function () { return taken; });
  }

  window.nkArrivals = {interactive: interactive};

  var first = ["pointerdown", "pointermove", "touchstart", "keydown", "focusin", "wheel"];
  function onFirst() {
    first.forEach(function (type) { window.removeEventListener(type, onFirst, true); });
    interactive();
  }
  first.forEach(function (type) { window.addEventListener(type, onFirst, {capture: true, passive: true}); });

  // With Dash: a tab of the chart card changes the URL in place, as dcc.Link does, and the one URL callback
  // opens its panel; before Dash, the same link loads the page of that tab.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.card-tab");
    if (!link || !root.classList.contains("interactive") || event.metaKey || event.ctrlKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    window.history.pushState({}, "", link.getAttribute("href"));
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
  });

  // Printing (or saving as PDF): a closed <details> hides its content from print whatever the CSS says, so each
  // is opened for the print and closed again after it; style.css's print rules show the table and sources panels.
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    openedForPrint = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"),
                                                 function (details) { details.open = true; return true; });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (details) { details.open = false; });
    openedForPrint = [];
  });

  // Before Dash: a control's change is a new URL, built from the current one so nothing else is lost.
  document.addEventListener("change", function (event) {
    var field = event.target;
    var still = document.getElementById("ssr");
    if (!still || !still.contains(field) || !field.name) { return; }
    var params = new URLSearchParams(window.location.search);
    if (field.type === "checkbox") {
      params.set(field.name, field.checked ? "1" : "0");
    } else {
      params.set(field.name, field.value);
    }
    window.location.search = params.toString();
  });
})();
