// Accessibility repairs to the markup of Dash 4.4's own components, whose Python props cannot change it.
// Served from /assets, so it needs no inline script under the page's CSP. Rationale: docs/accessibility.md.
//
// - dcc.RadioItems / dcc.Checklist wrap native radio buttons and checkboxes (one `name` per group) in a
//   role="listbox" with role="option" labels: a listbox without a name, and interactive options around
//   inputs. Without those roles they are what they are: native inputs, grouped and named by the
//   <fieldset><legend> around them (layout.py). dcc.Dropdown's menu, a true listbox, keeps its roles.
(function () {
  var GROUPED_OPTIONS = [".dash-radioitems", ".dash-checklist"].map(function (group) {
    return group + " > .dash-options-list-option[role], " + group + " > .dash-options-list-option[aria-selected]";
  }).join(", ");
  function repair(root) {
    root.querySelectorAll(".dash-radioitems[role], .dash-checklist[role]").forEach(function (el) {
      el.removeAttribute("role");
    });
    root.querySelectorAll(GROUPED_OPTIONS).forEach(function (el) {
        el.removeAttribute("role");
        el.removeAttribute("aria-selected");  // React sets it again on each change of value: removed again
      });
  }
  new MutationObserver(function () { repair(document); }).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["role", "aria-selected"],
  });
})();
