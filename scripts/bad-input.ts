// Bad input at volume against a running app: malformed requests to /api/v1 over raw sockets,
// from a seeded generator, each judged by scripts/bad-input/check.ts; then a normal request
// must still work. `npm test` runs a bounded form (e2e/api/bad-input.spec.ts); the bench and
// scripts/bad-input-cli.ts run the full size.
//
// API (for scripts/bench.ts and the spec):
//   runBadInput({ baseUrl, count, seed, apiKeys, concurrency?, timeoutMs? }): Promise<BadInputSummary>
//     apiKeys: [{ key, practiceGroupId, username? }], valid keys of the app's database. With two
//     or more, the first is kept out of the run for the health check at the end.
//   createBadInputKeys(count, { databaseUrl? }): Promise<ApiKeyCredentials[]> — makes them.
//   formatSummary(summary): string — a readable report; keys in it are masked.
import { judge } from "./bad-input/check";
import { encodeRequest, generateRequest, listApiRoutes, type ApiKeyCredentials } from "./bad-input/generate";
import { exchange, type RawOutcome } from "./bad-input/raw-http";
import type { FuzzRequest } from "./bad-input/request";
import { createRng } from "./bad-input/rng";

export { createBadInputKeys } from "./bad-input/keys";
export type { ApiKeyCredentials } from "./bad-input/generate";

export type BadInputOptions = {
  baseUrl: string;
  count: number;
  seed: number;
  apiKeys: ApiKeyCredentials[];
  concurrency?: number;
  timeoutMs?: number;
};

export type BadInputFailure = { index: number; request: string; answer: string; problem: string };

export type BadInputSummary = {
  seed: number;
  sent: number;
  durationMs: number;
  /** "401", "400 (Node parser)", "308 (Next canonical path)", "closed", … */
  byStatus: Record<string, number>;
  /** Documented error codes, "success", "node-refusal", "redirect", "closed", or what went wrong. */
  byCode: Record<string, number>;
  failureCount: number;
  /** The first few, with keys masked. */
  failures: BadInputFailure[];
  healthy: boolean;
  health: string;
};

// Reported failures: a few of each kind, so one common failure does not hide a rare one.
const MAX_REPORTED = 20;
const MAX_REPORTED_PER_KIND = 3;

/** hero_test_…abcd, as the dashboard shows keys; tokens likewise. Never the whole secret. */
export function maskSecrets(text: string): string {
  return text.replace(/(hero_(?:test|live)_|hero_at_)[A-Za-z0-9_.-]{8,}/g, (secret, prefix: string) => `${prefix}…${secret.slice(-4)}`);
}

function printable(text: string, max: number): string {
  const shown = text.length > max ? `${text.slice(0, max)}…(${text.length} bytes)` : text;
  return shown.replace(/[^\x20-\x7e]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

function describeRequest(request: FuzzRequest): string {
  const headers = request.headers.map(([name, value]) => `${printable(name, 40)}: ${printable(value, 80)}`).join(" | ");
  const body = request.body.length ? `${request.body.length} bytes: ${printable(request.body.toString("latin1"), 120)}` : "none";
  return maskSecrets(
    `#${request.index} ${printable(request.method, 20)} ${printable(request.target, 160)} ${printable(request.version, 12)} [${request.notes.join(", ")}] headers: ${headers} body: ${body}`,
  );
}

function describeOutcome(outcome: RawOutcome): string {
  if (outcome.kind !== "response") return outcome.kind === "closed" ? `closed: ${outcome.detail}` : "timeout";
  const { status, headers, body } = outcome.response;
  const type = headers.find(([name]) => name === "content-type")?.[1] ?? "no content type";
  return maskSecrets(`${status} ${type} ${printable(body.toString("latin1"), 300)}`);
}

/** Bearer tokens for a couple of keys, so tokens are fuzzed too (setup, not counted as sent). */
async function fetchTokens(baseUrl: string, keys: ApiKeyCredentials[]) {
  const tokens: Array<{ token: string; practiceGroupId: string }> = [];
  for (const { key, practiceGroupId, username } of keys.slice(0, 2)) {
    const response = await fetch(`${baseUrl}/api/v1/access_token`, {
      method: "POST",
      headers: { "x-api-key": key, "x-practice-group-id": practiceGroupId, ...(username ? { "x-username": username } : {}) },
    });
    if (response.ok) tokens.push({ token: ((await response.json()) as { access_token: string }).access_token, practiceGroupId });
  }
  return tokens;
}

/** After the run: the public document and a normal keyed request must both still work. */
async function checkHealth(baseUrl: string, key: ApiKeyCredentials | undefined): Promise<{ healthy: boolean; health: string }> {
  const problems: string[] = [];
  try {
    const openapi = await fetch(`${baseUrl}/api/v1/openapi.json`, { signal: AbortSignal.timeout(10_000), headers: { "x-forwarded-for": "192.0.2.1" } });
    if (openapi.status !== 200 || !(await openapi.json())) problems.push(`GET /api/v1/openapi.json answered ${openapi.status}`);
    if (key) {
      const groups = await fetch(`${baseUrl}/api/v1/practice-groups`, {
        signal: AbortSignal.timeout(10_000),
        headers: { "x-api-key": key.key, "x-practice-group-id": key.practiceGroupId, ...(key.username ? { "x-username": key.username } : {}) },
      });
      const body = (await groups.json()) as { data?: { id?: string } };
      if (groups.status !== 200 || body.data?.id !== key.practiceGroupId) problems.push(`GET /api/v1/practice-groups answered ${groups.status}`);
    }
  } catch (error) {
    problems.push(`no answer: ${error instanceof Error ? error.message : String(error)}`);
  }
  return problems.length
    ? { healthy: false, health: problems.join("; ") }
    : { healthy: true, health: key ? "openapi.json and a keyed GET /practice-groups answer 200" : "openapi.json answers 200" };
}

export async function runBadInput({ baseUrl, count, seed, apiKeys, concurrency = 8, timeoutMs = 20_000 }: BadInputOptions): Promise<BadInputSummary> {
  const url = new URL(baseUrl);
  const [healthKey, fuzzKeys] = apiKeys.length >= 2 ? [apiKeys[0], apiKeys.slice(1)] : [apiKeys[0], apiKeys];
  // No answer may contain a key. (Tokens are left out: POST /access_token rightly returns one,
  // the same one within a second.)
  const secrets = apiKeys.map(({ key }) => key);
  const tokens = await fetchTokens(url.origin, fuzzKeys);

  const rng = createRng(seed);
  const context = { host: url.host, routes: listApiRoutes(), keys: fuzzKeys, tokens };

  const summary: BadInputSummary = { seed, sent: 0, durationMs: 0, byStatus: {}, byCode: {}, failureCount: 0, failures: [], healthy: false, health: "" };
  const started = Date.now();
  const reportedPerKind = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      // Generated in index order (this line is synchronous), so a seed always gives the same
      // requests however the answers interleave; and only `concurrency` bodies are in memory.
      const request = generateRequest(rng, context, next++);
      const outcome = await exchange({
        host: url.hostname,
        port: Number(url.port || 80),
        payload: encodeRequest(request),
        head: request.method === "HEAD",
        halfClose: request.halfClose,
        timeoutMs,
      });
      const verdict = judge(request, outcome, secrets);
      summary.sent += 1;
      summary.byStatus[verdict.bucket] = (summary.byStatus[verdict.bucket] ?? 0) + 1;
      summary.byCode[verdict.code] = (summary.byCode[verdict.code] ?? 0) + 1;
      if (!verdict.problem) continue;
      summary.failureCount += 1;
      const kind = `${verdict.bucket} ${verdict.code}`;
      reportedPerKind.set(kind, (reportedPerKind.get(kind) ?? 0) + 1);
      if (summary.failures.length < MAX_REPORTED && reportedPerKind.get(kind)! <= MAX_REPORTED_PER_KIND)
        summary.failures.push({ index: request.index, request: describeRequest(request), answer: describeOutcome(outcome), problem: verdict.problem });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  summary.durationMs = Date.now() - started;
  summary.failures.sort((a, b) => a.index - b.index);
  Object.assign(summary, await checkHealth(url.origin, healthKey));
  return summary;
}

export function formatSummary(summary: BadInputSummary): string {
  const counts = (record: Record<string, number>) =>
    Object.entries(record)
      .sort(([, a], [, b]) => b - a)
      .map(([name, n]) => `${name}: ${n}`)
      .join(", ");
  const lines = [
    `bad input: seed ${summary.seed}, ${summary.sent} requests in ${(summary.durationMs / 1000).toFixed(1)} s, ${summary.failureCount} failures, server ${summary.healthy ? "healthy" : "NOT healthy"} (${summary.health})`,
    `  by status: ${counts(summary.byStatus)}`,
    `  by code:   ${counts(summary.byCode)}`,
    ...summary.failures.map((failure) => `  ✗ ${failure.problem}\n    request: ${failure.request}\n    answer:  ${failure.answer}`),
  ];
  return maskSecrets(lines.join("\n"));
}
