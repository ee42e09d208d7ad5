// Charts and tables below the fold are drawn when they come near the viewport (dashboard/layout.py, `_lazy`):
// plotly draws each chart in one long task, React renders each table cell as a component, and the reader is
// waiting for the first chart. Each lazy part's element marked data-seen="STORE-ID" is watched; when it nears
// the viewport its store is set to true, and a clientside callback (`callbacks.register_lazy`) draws the
// content waiting in the part's other store. Served from /assets, so it needs no inline script under the CSP.
(function () {
  var clientside = (window.dash_clientside = window.dash_clientside || {});
  clientside.lazy = {
    draw: function (seen, content) { return seen ? content : clientside.no_update; },
  };
  var watched = new WeakSet();
  var nearby = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        nearby.unobserve(entry.target);
        window.dash_clientside.set_props(entry.target.dataset.seen, {data: true});
      }
    });
  }, {rootMargin: "300px 0px"});
  new MutationObserver(function () {
    document.querySelectorAll("[data-seen]").forEach(function (el) {
      if (!watched.has(el)) {
        watched.add(el);
        nearby.observe(el);
      }
    });
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
