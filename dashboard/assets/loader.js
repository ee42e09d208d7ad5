// The page's first paint is static HTML from the server (dashboard/page/static.py), the chart an inline SVG.
// This script, the only one the page loads up front, makes that page work and brings the interactive layer:
//
// - Dash (React, the renderer, plotly.js: most of the page's bytes and main-thread time) loads on the reader's
//   first interaction (pointer, touch, key, focus, wheel), or when asked (window.nkArrivals.interactive()).
//   A reader who only reads pays for none of it; a reader who hovers the chart has tooltips within moments.
// - Dash renders the same page into a hidden twin (.takeover); once its main chart has drawn, the static
//   page is removed and the twin shown in its place, at the same boxes. Whatever the reader did meanwhile is
//   handed over, nothing lost: the scroll, the focus, open <details>, ticked boxes and
//   buttons, typed years, a pressed button (a download is made on that first press).
// - Before Dash, a menu's change or a submitted form loads the page of the new state: a GET request the
//   server answers with its static page at once, of exactly the view's parameters (the form's own fields and
//   its hidden ones: page/layout.py kept_params).
// - A year box commits when the reader pauses (PAUSE_MS) on a whole year, presses Enter or leaves it; never a
//   part of a number.
//
// Served from /assets but left out of Dash's own script list (app.py: assets_ignore), so no inline script is
// needed under the page's Content-Security-Policy.
(function () {
  var PAUSE_MS = 800;  // a pause long enough for a person between two digits, short enough to feel answered
  var YEAR = /^[0-9]{4}$/;
  var root = document.documentElement;
  root.classList.add("js");
  var loading = null;
  var pressed = null;  // the static page's button pressed before Dash arrived, pressed again on its twin
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

  // An element's address in a page tree: its nearest ancestor with an id, and its place among that ancestor's
  // elements of its kind. Both renderers build the same tree, so the address finds its twin.
  var KIND = ":not([type=hidden])";
  function address(el, tree) {
    var anchor = el.closest("[id]");
    if (!anchor || !tree.contains(anchor)) { return null; }
    var kind = el.tagName.toLowerCase() + KIND;
    return {id: anchor.id, kind: kind, index: Array.prototype.indexOf.call(anchor.querySelectorAll(kind), el),
            self: anchor === el};
  }

  function find(where, tree) {
    if (!where) { return null; }
    var anchor = tree.querySelector("#" + CSS.escape(where.id));
    if (!anchor || where.self) { return anchor; }
    return anchor.querySelectorAll(where.kind)[where.index] || null;
  }

  function twinOf(el, still, twin) {
    return find(address(el, still), twin);
  }

  // A React-controlled field's value set as a reader's typing would, so React and Dash see it.
  function setTyped(field, value) {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(field, value);
    field.dispatchEvent(new Event("input", {bubbles: true}));
  }

  // dcc.Input (debounce) sends its value on Enter or blur: a pause on a whole year commits it as Enter would.
  function commit(field) {
    if (!YEAR.test(field.value) || !field.checkValidity()) { return; }
    field.dispatchEvent(new KeyboardEvent("keypress", {key: "Enter", code: "Enter", keyCode: 13, charCode: 13,
                                                       which: 13, bubbles: true, cancelable: true}));
  }

  var pauses = new WeakMap();
  function onPause(field) {
    window.clearTimeout(pauses.get(field));
    pauses.set(field, window.setTimeout(function () { commit(field); }, PAUSE_MS));
  }

  // What the reader did on the static page, done again on its twin: returns the moves, to make once the twin is
  // live (a click on a hidden twin would be lost).
  function handOver(still, twin, focused) {
    var stillDetails = still.querySelectorAll("details");
    var twinDetails = twin.querySelectorAll("details");
    if (stillDetails.length === twinDetails.length) {
      Array.prototype.forEach.call(stillDetails, function (details, i) { twinDetails[i].open = details.open; });
    }
    var moves = [];
    Array.prototype.forEach.call(still.querySelectorAll("input" + KIND), function (field) {
      var other = twinOf(field, still, twin);
      if (!other || other.type !== field.type) { return; }
      if ((field.type === "radio" || field.type === "checkbox") && field.checked !== other.checked) {
        moves.push(function () { other.click(); });
      } else if (field.type === "number" && field.value !== field.defaultValue) {
        moves.push(function () {  // a year being typed commits on its pause, one left behind at once
          setTyped(other, field.value);
          if (other === focused) { onPause(other); } else { commit(other); }
        });
      }
    });
    return moves;
  }

  function takeOver() {
    var twin = document.getElementById("takeover");
    var still = document.getElementById("ssr");
    if (!twin || !still) { return; }
    var active = document.activeElement;
    var focused = active && still.contains(active) ? twinOf(active, still, twin) : null;
    var clicked = pressed && twinOf(pressed, still, twin);
    var moves = handOver(still, twin, focused);
    var scrolled = window.scrollY;
    still.remove();
    twin.classList.add("live");
    root.classList.add("interactive");
    window.scrollTo(0, scrolled);
    if (focused && focused.focus) { focused.focus({preventScroll: true}); }
    moves.forEach(function (move) { move(); });
    if (clicked) { clicked.click(); }
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
      loading.catch(function () {  // no interactive layer: the static page's changes load their pages instead
        var form = document.querySelector("#ssr form");
        if (form && changedBeforeDash) { navigate(form); }
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

  function inStill(el) {
    var still = document.getElementById("ssr");
    return still && still.contains(el) ? still : null;
  }

  // A copy button (page/downloads.py): the text beside it onto the clipboard, on the static page and Dash's
  // alike. Where the Clipboard API is missing or refused (permissions, an insecure origin, a frame not allowed
  // to), the text is selected instead and the status beside the button says so, in the page's language.
  function selectText(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".copy-button");
    var box = button && button.closest(".copyable");
    if (!box) { return; }
    var text = box.querySelector(".copy-text");
    var status = box.querySelector(".copy-status");
    function told(ok) {
      if (!ok) { selectText(text); }
      status.textContent = button.getAttribute(ok ? "data-copied" : "data-refused");
      box.setAttribute("data-copy", ok ? "copied" : "selected");
    }
    if (!navigator.clipboard || !navigator.clipboard.writeText) { told(false); return; }
    navigator.clipboard.writeText(text.textContent).then(function () { told(true); },
                                                          function () { told(false); });
  });

  // A button pressed on the static page (a download): pressed again on its twin once Dash is there.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button:not(.copy-button)");
    if (button && !button.form && inStill(button)) {  // a form's own button submits it
      pressed = button;
      button.setAttribute("aria-busy", "true");
      button.classList.add("busy");
      interactive();
    }
  });

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
  // The live chart keeps the size it was drawn at for the screen, which the sheet's box is not (a blank band
  // under it, or a chart cut): it is drawn at the print box's size (style.css) and given back its own after.
  var PRINT_SIZE = {width: 620, height: Math.round(620 * 440 / 760)};
  // The lower charts print their narrow images (page/layout.py NARROW_MEDIA): fetched now, about 1 KB each, so
  // that a print finds them among the page's images and draws them at once, not after the sheet is laid out.
  var forPrint = Array.prototype.map.call(document.querySelectorAll('#ssr picture source[media^="print"]'),
                                          function (source) {
    var image = new Image();
    image.src = source.getAttribute("srcset");
    return image;
  });
  var openedForPrint = [];
  var printedChart = null;
  window.addEventListener("beforeprint", function () {
    openedForPrint = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"),
                                                 function (details) { details.open = true; return true; });
    printedChart = document.querySelector("#takeover.live #main-chart.js-plotly-plot, #takeover.live #main-chart .js-plotly-plot");
    if (printedChart && window.Plotly) { window.Plotly.relayout(printedChart, PRINT_SIZE); }
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (details) { details.open = false; });
    openedForPrint = [];
    if (printedChart && window.Plotly) { window.Plotly.relayout(printedChart, {width: null, height: null}); }
    printedChart = null;
  });

  // The query a static form stands for: its named fields (the hidden ones carry the rest of the page's state)
  // and each box's flag as 1 or 0, each parameter once.
  function query(form) {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (field) {
      var name = field.name || field.getAttribute("data-flag");
      if (!name || field.disabled) { return; }
      if (field.type === "checkbox") {
        params.set(name, field.checked ? "1" : "0");
      } else if (field.type !== "radio" || field.checked) {
        params.set(name, field.value);
      }
    });
    return params.toString();
  }

  function navigate(form) {
    window.location.search = query(form);
  }

  var changedBeforeDash = false;
  document.addEventListener("submit", function (event) {
    if (inStill(event.target)) {
      event.preventDefault();
      navigate(event.target);
    }
  });

  // Before Dash: a menu's change loads its page; a box, a radio or a typed year waits for Dash, which takes it
  // over (handOver), so that focus and the rest of the page stay where they are.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!inStill(field) || !field.form) { return; }
    if (field.tagName === "SELECT") {
      navigate(field.form);
    } else {
      changedBeforeDash = true;
    }
  });

  // With Dash: a year box commits on a pause on a whole year.
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field.matches && field.matches("#takeover.live .years input") && event.isTrusted) { onPause(field); }
  });
})();
