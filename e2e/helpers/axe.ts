// Accessibility checks shared by the specs: axe-core's WCAG 2.1 A/AA rules on the page as it
// stands (a dialog open included), failing on serious or critical violations only. Soft: a test
// that visits many pages reports every page's violations, not just the first page's.
import { expect, type Page } from "@playwright/test";
import axe from "axe-core";

export const WIDTHS = [1280, 390] as const;

const OPTIONS = {
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
  // Experimental in axe, so off by default: a link or button whose name leaves out its visible text (issue 16).
  rules: { "label-content-name-mismatch": { enabled: true } },
  // Passes and incomplete results are not read; axe then keeps one node of each.
  resultTypes: ["violations"],
} satisfies axe.RunOptions;

declare global {
  interface Window {
    axe: typeof axe;
  }
}

/**
 * axe-core itself, injected once per document: @axe-core/playwright injects its 550 KB source
 * three times a check and finishes each in a new page, which took ten times the check itself.
 */
export async function seriousViolations(page: Page, within?: string) {
  // Colours mid-transition (a button just enabled fades in over 150 ms) are not the page's colours;
  // a spinner's endless turn does not count.
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== "running" || animation.effect?.getTiming().iterations === Infinity),
  );
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  return page.evaluate(
    async ({ within, options }) => {
      const results = await window.axe.run(within ? { include: [within] } : document, options as axe.RunOptions);
      return results.violations
        .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
        .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
    },
    { within, options: OPTIONS },
  );
}

/** `within`: a selector to check only part of the page, e.g. an open dialog once the page behind it is checked. */
export async function expectNoSeriousViolations(page: Page, where: string, within?: string) {
  expect.soft(await seriousViolations(page, within), `${where}: axe found serious or critical violations`).toEqual([]);
}

export async function expectNoSidewaysScroll(page: Page, where: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect.soft(overflow, `${where} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
}
