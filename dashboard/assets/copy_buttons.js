// dcc.Clipboard renders its copy icon as a bare <div> that only a mouse can use. This makes every
// `.copy-button` (export_panel.py) a keyboard-operable button: focusable, named from its title, and
// activated by Enter or Space. Served from /assets, so it needs no inline script under the page's CSP.
(function () {
  function upgrade(root) {
    root.querySelectorAll(".copy-button:not([tabindex])").forEach(function (el) {
      el.tabIndex = 0;
      el.setAttribute("role", "button");
      el.setAttribute("aria-label", el.title);
    });
  }
  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if ((event.key === "Enter" || event.key === " ") && el.classList && el.classList.contains("copy-button")) {
      event.preventDefault();
      el.click();
    }
  });
  new MutationObserver(function () { upgrade(document); })
    .observe(document.documentElement, {childList: true, subtree: true});
})();
