// What counts as a good answer to a bad request. From the app: never 5xx; a JSON body, which
// for an error is { error, message } with a documented code and that code's status. Before the
// app: Node refuses malformed messages itself (400, 417, 431, … empty and without the
// app's headers, or a closed connection for a malformed message), and Next redirects non-canonical
// paths (repeated or trailing slashes) to the canonical one with 308. Those are counted apart.
import { ERROR_STATUS } from "@/lib/api/errors";
import { MAX_BODY_BYTES } from "@/lib/limits";

import type { RawOutcome, RawResponse } from "./raw-http";
import type { FuzzRequest } from "./request";

export type Verdict = { bucket: string; code: string; problem: string | null };

const header = (response: RawResponse, name: string) => response.headers.find(([key]) => key === name)?.[1];

/**
 * Node's own refusal, before Next runs: the parser's canned 400/413/431 (no Date header), or the
 * HTTP server's 400 for a missing Host and 417 for an unknown Expect. Empty and without the
 * X-Content-Type-Options header that next.config.mjs puts on every answer of the app.
 */
function isNodeRefusal(response: RawResponse): boolean {
  const fromApp = header(response, "x-content-type-options") !== undefined || header(response, "content-type") !== undefined;
  return response.status >= 400 && response.status < 500 && !fromApp && response.body.length === 0;
}

/** Next's 308 from /api/v1//x, /api/v1/x/ or /api/v1\x to the same path, never elsewhere. */
function isCanonicalRedirect(response: RawResponse): boolean {
  const location = header(response, "location") ?? "";
  return response.status === 308 && /^\/api\/v1(\/|$|\?)/.test(location) && !location.startsWith("//") && !location.includes("\\");
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString("utf8")) };
  } catch {
    return { ok: false };
  }
}

export function judge(request: FuzzRequest, outcome: RawOutcome, secrets: string[]): Verdict {
  if (outcome.kind === "timeout") return { bucket: "timeout", code: "timeout", problem: "no answer before the timeout" };
  if (outcome.kind === "closed") {
    if (request.mayClose) return { bucket: "closed", code: "closed", problem: null };
    // A body over the limit is answered before it is read (401, 404, 413, Next's 308); Node then
    // closes without draining it, and the reset our unread bytes cause can overtake the answer
    // (curl, reading sooner, sees it). Node's HTTP server, not the app: counted apart.
    if (request.body.length > MAX_BODY_BYTES && /EPIPE|ECONNRESET/.test(outcome.detail))
      return { bucket: "reset (body over the limit, unread)", code: "closed", problem: null };
    return { bucket: "closed", code: "closed", problem: `connection closed without an answer (${outcome.detail})` };
  }
  const { response } = outcome;
  const status = String(response.status);
  if (response.status >= 500) return { bucket: status, code: "5xx", problem: `server error ${status}` };
  if (isNodeRefusal(response)) return { bucket: `${status} (Node parser)`, code: "node-refusal", problem: null };
  if (isCanonicalRedirect(response)) return { bucket: "308 (Next canonical path)", code: "redirect", problem: null };

  const raw = `${response.headers.map(([name, value]) => `${name}: ${value}`).join("\n")}\n${response.body.toString("latin1")}`;
  if (header(response, "x-fuzz-injected") !== undefined)
    return { bucket: status, code: "injected", problem: "a header injected with CRLF came back in the response" };
  if (secrets.some((secret) => raw.includes(secret))) return { bucket: status, code: "leak", problem: "the response contains an API key" };

  const documented = (Object.values(ERROR_STATUS) as number[]).includes(response.status);
  const json = (header(response, "content-type") ?? "").startsWith("application/json");
  if (request.method === "HEAD") {
    // No body to read: the status and the content type are all there is.
    const ok = (response.status < 300 || documented) && json;
    return { bucket: status, code: "head", problem: ok ? null : `HEAD answered ${status} with ${header(response, "content-type") ?? "no content type"}` };
  }
  const parsed = parseJson(response.body);
  if (!json || !parsed.ok) return { bucket: status, code: "not-json", problem: `${status} with a body that is not JSON` };
  if (response.status >= 200 && response.status < 300) return { bucket: status, code: "success", problem: null };

  const body = parsed.value as { error?: unknown; message?: unknown };
  const code = typeof body?.error === "string" ? body.error : "missing";
  if (!(code in ERROR_STATUS)) return { bucket: status, code, problem: `error code ${JSON.stringify(code)} is not documented` };
  if (ERROR_STATUS[code as keyof typeof ERROR_STATUS] !== response.status) return { bucket: status, code, problem: `${code} answered with ${status}` };
  if (typeof body.message !== "string") return { bucket: status, code, problem: "error without a message" };
  return { bucket: status, code, problem: null };
}
