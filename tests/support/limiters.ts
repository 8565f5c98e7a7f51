// The app's limiters are one set per process, kept on a global (lib/ratelimit.ts) that module
// reloads do not clear: forgotten here, so modules loaded afresh configure them from the
// environment the test has set.
export function forgetLimiters() {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("hero.limiters")];
}

/**
 * Waits out a minute's last `marginMs`. The limits slide over one-minute windows, and as the next
 * window starts the previous one's count is weighted down (floor(0.99 × 4) = 3): a test that counts
 * to a limit exactly must not straddle that moment. Vitest's and Playwright's specs alike.
 */
export async function clearOfMinuteEnd(marginMs = 10_000) {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 500));
}
