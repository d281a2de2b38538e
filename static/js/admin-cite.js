/* Citing by selecting: the passage selected in the source's text becomes the quote.
 *
 * The text is shown with its cited passages marked and a "↩" link after each;
 * those links are not part of the text. The HTML parser also turned each line
 * break written "\r\n" into "\n". So the offset of a selection is counted in the
 * shown text, then mapped onto the source's own text (given whole as JSON), in
 * code points as the server counts them. The server still checks the passage
 * against the text, as for any citation; the offset only says which occurrence.
 * Without this script the quote is pasted into its field.
 */
(function () {
  "use strict";

  function shownOffset(container, node, offset) {
    // Characters of the shown text (UTF-16 units) before (node, offset), links left out.
    let count = 0;
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = walker.currentNode;
      if (text.parentElement.closest(".backref")) {
        if (text === node) return count;
        continue;
      }
      if (text === node) return count + offset;
      count += text.data.length;
    }
    return count;
  }

  function boundary(container, node, offset) {
    // A boundary given by an element (e.g. the container itself) rather than a text node.
    if (node.nodeType === Node.TEXT_NODE) return shownOffset(container, node, offset);
    const range = document.createRange();
    range.setStart(container, 0);
    range.setEnd(node, offset);
    const fragment = range.cloneContents();
    fragment.querySelectorAll(".backref").forEach((link) => link.remove());
    return fragment.textContent.length;
  }

  function sourcePosition(original, shown) {
    // [code point index, UTF-16 index] in the original text of the shown offset `shown`.
    let seen = 0;
    let points = 0;
    let index = 0;
    while (seen < shown && index < original.length) {
      if (original.startsWith("\r\n", index)) {
        // Shown as one "\n".
        index += 2;
        points += 2;
        seen += 1;
        continue;
      }
      const units = original.codePointAt(index) > 0xffff ? 2 : 1;
      index += units;
      points += 1;
      seen += units;
    }
    return [points, index];
  }

  function setUp() {
    const container = document.getElementById("cite-text");
    const data = document.getElementById("cite-source-text");
    const form = document.querySelector(".registry-cite-form");
    if (!container || !data || !form) return;
    const original = JSON.parse(data.textContent);
    const quote = form.elements.quote;
    const start = form.elements.start;

    // Read-only: the text takes a caret and a selection, never an edit.
    ["beforeinput", "paste", "drop", "cut"].forEach((kind) =>
      container.addEventListener(kind, (event) => event.preventDefault())
    );

    document.addEventListener("selectionchange", () => {
      const selection = window.getSelection();
      if (!selection.rangeCount || selection.isCollapsed) return;
      const range = selection.getRangeAt(0);
      if (!container.contains(range.commonAncestorContainer)) return;
      const from = sourcePosition(original, boundary(container, range.startContainer, range.startOffset));
      const to = sourcePosition(original, boundary(container, range.endContainer, range.endOffset));
      if (to[1] <= from[1]) return;
      quote.value = original.slice(from[1], to[1]);
      start.value = String(from[0]);
    });
    // A quote typed or pasted by hand is located anywhere in the text.
    quote.addEventListener("input", () => {
      start.value = "";
    });

    // Picking a case or a source from its autocomplete shows it at once.
    const picker = document.querySelector(".registry-cite-picker");
    if (picker && window.django && window.django.jQuery) {
      window.django.jQuery(picker).find("select").on("change", () => picker.submit());
      picker.querySelectorAll(".registry-without-script").forEach((row) => (row.hidden = true));
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
