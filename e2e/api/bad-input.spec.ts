// Bad input at volume, bounded: 2,000 malformed requests over raw sockets (scripts/bad-input.ts)
// against the in-process-limiter instance. No 5xx; every answer of the app is JSON with a
// documented code; Node's own parser refusals are counted apart; the server still answers a
// normal request afterwards. The seed is in the title: BAD_INPUT_SEED=<seed> reruns a failure.
import { expect, test } from "@playwright/test";

import { createBadInputKeys, formatSummary, runBadInput } from "../../scripts/bad-input";
import { BACKENDS } from "./helpers/partner-api";

const COUNT = 2000;
const SEED = Number(process.env.BAD_INPUT_SEED ?? 20261123);

test(`${COUNT} malformed requests (seed ${SEED}): no 5xx, documented JSON errors, server healthy after`, async () => {
  test.setTimeout(300_000);
  // Nine keys: one kept for the health check, eight share the run's keyed requests (~1,100),
  // well under 300 a minute each, so the handlers see them rather than the rate limit.
  const apiKeys = await createBadInputKeys(9);
  const summary = await runBadInput({ baseUrl: BACKENDS.memory, count: COUNT, seed: SEED, apiKeys, timeoutMs: 15_000 });
  const report = formatSummary(summary);
  console.log(report);

  expect(summary.sent).toBe(COUNT);
  expect(summary.failureCount, report).toBe(0);
  expect(summary.healthy, report).toBe(true);
  // The run must reach the handlers, not stop at the parser, the middleware or the limiter.
  for (const code of ["success", "invalid_request", "not_found", "method_not_allowed", "invalid_credentials", "forbidden", "insufficient_permissions"]) {
    expect(summary.byCode[code] ?? 0, `${code} never answered:\n${report}`).toBeGreaterThan(0);
  }
  expect(summary.byCode["node-refusal"] ?? 0, report).toBeLessThan(COUNT / 3);
});
