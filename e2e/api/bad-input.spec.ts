// Bad input at volume, bounded: 2,000 malformed requests over raw sockets (scripts/bad-input.ts)
// against the in-process-limiter instance. No 5xx; every answer of the app is JSON with a
// documented code; Node's own parser refusals are counted apart; the server still answers a
// normal request afterwards. The seed is in the title: BAD_INPUT_SEED=<seed> reruns a failure.
// A second test keeps what the fuzzing found as fixed cases.
import { expect, test } from "@playwright/test";

import { createBadInputKeys, formatSummary, runBadInput } from "../../scripts/bad-input";
import { exchange } from "../../scripts/bad-input/raw-http";
import { BACKENDS, connect } from "./helpers/partner-api";

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

// What the first runs found, kept as fixed cases: each used to be a 500, an empty answer, a
// redirect loop or a hang. Raw requests, since fetch refuses TRACE and cannot send most of them.
const FOUND = [
  { name: "TRACE (Next cannot build a fetch Request for it)", line: "TRACE /api/v1/slots", status: 405, error: "method_not_allowed", allow: "GET, HEAD" },
  { name: "PROPFIND", line: "PROPFIND /api/v1/appointments/x", status: 405, error: "method_not_allowed", allow: "GET, HEAD, DELETE" },
  { name: "OPTIONS", line: "OPTIONS /api/v1/booking-links", status: 405, error: "method_not_allowed", allow: "GET, HEAD, POST" },
  { name: "an odd method on no endpoint", line: "LOCK /api/v1/patients", status: 404, error: "not_found" },
  { name: "a path that is not UTF-8 once decoded", line: "GET /api/v1/messages/%c3%28", status: 404, error: "not_found" },
  { name: "an absolute-form target", line: "GET http://evil.example/api/v1/practice-groups", status: 200 },
  { name: "Connection: Upgrade", line: "GET /api/v1/slots", extra: "connection: Upgrade\r\nupgrade: websocket\r\n", status: 400, error: "invalid_request" },
  // Next resolves the dots before routing: these are /api/v1/slots too.
  {
    name: "Connection: Upgrade by a path with dot segments",
    line: "GET /x/%2e%2e/api/v1/slots",
    extra: "connection: Upgrade\r\nupgrade: websocket\r\n",
    status: 400,
    error: "invalid_request",
  },
  { name: "TRACE by a path with dot segments", line: "TRACE /x/../api/v1/slots", status: 405, error: "method_not_allowed", allow: "GET, HEAD" },
  {
    name: "a cursor with a date PostgreSQL cannot hold",
    line: `GET /api/v1/messages?cursor=${Buffer.from("-271821-04-20T00:00:00.000Z|6f1c3b1e-8d2a-4c55-9a57-0e2f3b4c5d6e").toString("base64url")}`,
    status: 400,
    error: "invalid_request",
  },
];

// Next leaves an upgrade to a path it does not serve unanswered, its socket open past every timeout.
/** A raw request's head to the memory server, and what came back within 10 s. */
function sendHead(head: (host: string) => string) {
  const url = new URL(BACKENDS.memory);
  return exchange({ host: url.hostname, port: Number(url.port), payload: Buffer.from(head(url.host)), head: false, halfClose: false, timeoutMs: 10_000 });
}

test("an upgrade to any other path is refused at once, not held open", async () => {
  for (const path of ["/no-such-page", "/sign-in", "/%61pi/v1/slots"]) {
    const outcome = await sendHead((host) => `GET ${path} HTTP/1.1\r\nhost: ${host}\r\nconnection: Upgrade\r\nupgrade: websocket\r\n\r\n`);
    expect(outcome.kind, path).toBe("response");
    if (outcome.kind !== "response") continue;
    expect([path, outcome.response.status]).toEqual([path, 400]);
    expect(outcome.response.body.toString()).toMatch(/does not upgrade connections/);
  }
});

test("what the fuzzing found gets a documented JSON answer", async () => {
  const { key, practice } = await connect();
  for (const { name, line, extra = "", status, error, allow } of FOUND) {
    const outcome = await sendHead(
      (host) => `${line} HTTP/1.1\r\nhost: ${host}\r\nx-api-key: ${key}\r\nx-practice-group-id: ${practice.id}\r\n${extra}connection: close\r\n\r\n`,
    );
    expect(outcome.kind, name).toBe("response");
    if (outcome.kind !== "response") continue;
    const { response } = outcome;
    const body = JSON.parse(response.body.toString());
    expect([name, response.status]).toEqual([name, status]);
    if (error) expect(body, name).toMatchObject({ error, message: expect.any(String) });
    if (allow) expect(response.headers.find(([header]) => header === "allow")?.[1], name).toBe(allow);
  }
});
