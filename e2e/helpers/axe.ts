// Accessibility checks shared by the specs: axe-core's WCAG 2.1 A/AA rules on the page as it
// stands (a dialog open included), failing on serious or critical violations only. Soft: a test
// that visits many pages reports every page's violations, not just the first page's.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const WIDTHS = [1280, 390] as const;

// Experimental in axe, so off by default: a link or button whose name leaves out its visible text (issue 16).
const EXTRA_RULES = { "label-content-name-mismatch": { enabled: true } };

/** `within`: a selector to check only part of the page, e.g. an open dialog once the page behind it is checked. */
export async function expectNoSeriousViolations(page: Page, where: string, within?: string) {
  // Colours mid-transition (a button just enabled fades in over 150 ms) are not the page's colours;
  // a spinner's endless turn does not count.
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== "running" || animation.effect?.getTiming().iterations === Infinity),
  );
  const builder = new AxeBuilder({ page })
    // options() first: it replaces every option, withTags' included.
    .options({ rules: EXTRA_RULES })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  const results = await (within ? builder.include(within) : builder).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  expect.soft(serious, `${where}: axe found serious or critical violations`).toEqual([]);
}

export async function expectNoSidewaysScroll(page: Page, where: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect.soft(overflow, `${where} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
}
