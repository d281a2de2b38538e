/* Accessible names the admin's widgets lack.
 *
 * An autocomplete (Select2) replaces its <select> with a combobox named only
 * by the value it shows, so an empty one has no name: it is named here by the
 * field's label (or the select's aria-label, in a tabular row) followed by its
 * value, each time one is set up. The change list's search box is named by
 * its button.
 */
(function () {
  "use strict";

  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      const combobox = select.parentElement.querySelector(
        `[aria-labelledby="select2-${select.id}-container"], .select2-selection[aria-owns="select2-${select.id}-results"]`
      );
      if (!combobox || !select.id) return;
      const label = document.querySelector(`label[for="${select.id}"]`);
      const text = (label ? label.textContent : select.getAttribute("aria-label") || "").replace(/:\s*$/, "");
      let name = document.getElementById(`${select.id}-name`);
      if (!name) {
        name = document.createElement("span");
        name.id = `${select.id}-name`;
        name.className = "visually-hidden";
        select.before(name);
      }
      if (name.textContent !== text) name.textContent = text;
      combobox.setAttribute("aria-labelledby", `${name.id} select2-${select.id}-container`);
      // The value shown inside is part of the combobox's name, not a field of its own.
      const shown = document.getElementById(`select2-${select.id}-container`);
      if (shown) {
        shown.removeAttribute("role");
        shown.removeAttribute("aria-readonly");
      }
    });
  }

  function nameSearchBox() {
    const box = document.getElementById("searchbar");
    const button = document.querySelector("#changelist-search input[type=submit]");
    if (box && button && !box.hasAttribute("aria-label")) box.setAttribute("aria-label", button.value);
  }

  // Whenever the admin's scripts set up a Select2: on load, and in each row added to an inline.
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      nameAutocompletes(document);
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("load", () => {
    nameAutocompletes(document);
    nameSearchBox();
  });
})();
