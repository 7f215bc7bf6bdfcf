"""axe-core checks in the page, limited to WCAG 2.0/2.1 A and AA rules."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def axe_violations(page):
    """Run axe on the loaded page; return readable lines, one per violating element."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    lines = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            lines.append(
                f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']}"
                f" -> {' '.join(node['target'])}: {node.get('failureSummary', '')}"
            )
    return lines


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, "axe-core WCAG A/AA violations:\n" + "\n".join(violations)
