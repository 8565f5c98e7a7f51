// Reading and validating what a partner sends: the JSON body (size-limited), the query string
// and path ids. Every failure is an ApiError with a fixed message and, for zod, field errors.
import { z } from "zod";

import { ApiError } from "@/lib/api/errors";
import { isUuid, notFound } from "@/lib/domain-error";
import { MAX_BODY_BYTES } from "@/lib/limits";
import { findUnstorable, UNSTORABLE_MESSAGE } from "@/lib/text";

const tooLarge = () => new ApiError({ code: "payload_too_large", message: `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.` });

export function fieldErrors(error: z.ZodError, fallback: string): Record<string, string> {
  // A Map, then fromEntries: a field named "__proto__" is an own entry, not the object's prototype.
  const fields = new Map<string, string>();
  const add = (name: string, message: string) => fields.has(name) || fields.set(name, message);
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".");
    // An unknown field is reported under its own name, so a typo is easy to spot.
    if (issue.code === "unrecognized_keys") for (const key of issue.keys) add(path ? `${path}.${key}` : key, "Unknown field");
    else add(path || fallback, issue.message);
  }
  return Object.fromEntries(fields);
}

function refuseUnstorable(value: unknown, what: string) {
  const field = findUnstorable(value);
  if (field)
    throw new ApiError({
      code: "invalid_request",
      message: `The ${what} is not valid: see fields.`,
      fields: Object.fromEntries([[field, UNSTORABLE_MESSAGE]]),
    });
}

function invalid(error: z.ZodError, fallback: string, what: string) {
  return new ApiError({ code: "invalid_request", message: `The ${what} is not valid: see fields.`, fields: fieldErrors(error, fallback) });
}

/** The body as text, refusing more than MAX_BODY_BYTES whether or not Content-Length says so. */
async function readLimited(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    // fatal: bytes that are not UTF-8 are refused, never stored as U+FFFD in their place.
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiError({ code: "invalid_request", message: "The request body is not valid UTF-8." });
  }
}

export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  return parseJson(await readLimited(request), schema);
}

/** What an endpoint without a body accepts: none, or `{}` (some clients always send one); fields sent by mistake are refused, not ignored. */
const NO_BODY = z.strictObject({});
const NO_BODY_MESSAGE = "This endpoint takes no request body: send none, or {}.";

export async function readNoBody(request: Request): Promise<undefined> {
  const text = await readLimited(request);
  if (!text.trim()) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a form body, as OAuth clients send for a token): said for what it is.
    throw new ApiError({ code: "invalid_request", message: NO_BODY_MESSAGE });
  }
  const parsed = NO_BODY.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error, "body", "request body");
  return undefined;
}

function parseJson<S extends z.ZodType>(text: string, schema: S): z.output<S> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError({ code: "invalid_request", message: "The request body is not valid JSON." });
  }
  refuseUnstorable(body, "request body");
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error, "body", "request body");
  return parsed.data;
}

/** What an endpoint without parameters accepts: none, so one sent by mistake is refused, not ignored. */
const NO_QUERY = z.strictObject({});

export function parseQuery<S extends z.ZodType>(request: Request, schema?: S): z.output<S> {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  refuseUnstorable(query, "query string");
  const parsed = (schema ?? NO_QUERY).safeParse(query);
  if (!parsed.success) throw invalid(parsed.error, "query", "query string");
  return parsed.data as z.output<S>;
}

/** A path id that cannot be a UUID cannot name anything: not found, like an unknown one. */
export function parseId(id: string, what: string): string {
  if (!isUuid(id)) throw notFound(what);
  return id;
}
