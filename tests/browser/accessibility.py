"""axe-core in the browser: the accessibility rules a page breaks, as readable strings.

The vendored `vendor/axe.min.js` is injected into the page; the page's
Content-Security-Policy (this origin only) would refuse it, so contexts that
run axe are opened with `bypass_csp=True`.
"""

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def violations(page) -> list[str]:
    """Each violated rule with the elements that break it; [] for a clean page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{violation['id']}: {violation['help']} "
        f"{[node['target'] for node in violation['nodes']][:5]}"
        for violation in result["violations"]
    ]
