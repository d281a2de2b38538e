"""A researcher at the admin, driven through Playwright, every action counted.

An action is what a person does with mouse or keyboard: a click, a field
filled (typing into one field counts once), an option chosen in a select,
a stretch of text selected, a key chord. Waiting and reading are free.
"""

from playwright.sync_api import Locator, Page

SELECT_PASSAGE = """(container, [passage, occurrence]) => {
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = "";
    while (walker.nextNode()) {
        nodes.push([walker.currentNode, text.length]);
        text += walker.currentNode.data;
    }
    let start = text.indexOf(passage);
    for (let skipped = 0; skipped < occurrence && start >= 0; skipped++) {
        start = text.indexOf(passage, start + 1);
    }
    if (start < 0) throw new Error("passage not shown: " + passage);
    const end = start + passage.length;
    const point = (offset) => {
        for (const [node, at] of nodes) {
            if (offset <= at + node.data.length) return [node, offset - at];
        }
    };
    const range = document.createRange();
    range.setStart(...point(start));
    range.setEnd(...point(end));
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    document.dispatchEvent(new Event("selectionchange"));
}"""


class Researcher:
    def __init__(self, page: Page):
        self.page = page
        self.actions = 0

    def click(self, locator: Locator):
        locator.click()
        self.actions += 1

    def fill(self, locator: Locator, text: str):
        locator.fill(text)
        self.actions += 1

    def choose(self, locator: Locator, value: str):
        locator.select_option(value)
        self.actions += 1

    def chord(self, keys: str):
        self.page.keyboard.press(keys)
        self.actions += 1

    def select_passage(self, container: Locator, passage: str, occurrence: int = 0):
        """Selects the passage in the shown text, as a drag of the mouse does (one action).

        `occurrence` counts from 0: the passage's first occurrence, its second, ...
        """
        # The page's script must be listening for the selection first: a person cannot
        # select before the page has loaded, but a test can (it did in CI, on a busy
        # machine, and the citation went without its quote).
        container.wait_for()
        self.page.wait_for_load_state("load")
        container.evaluate(SELECT_PASSAGE, [passage, occurrence])
        self.actions += 1

    def autocomplete(self, field: Locator, typed: str, choice: str):
        """An admin autocomplete: open it, type, pick the result (three actions)."""
        self.click(field)
        self.fill(self.page.locator(".select2-search__field"), typed)
        self.click(self.page.locator(".select2-results__option", has_text=choice).first)
