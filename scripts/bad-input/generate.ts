// One malformed request per index, from a seeded PRNG: a route of app/api/v1 (read from the
// folder, so a new route is fuzzed without touching this file) or a random path under
// /api/v1, with hostile ids, query strings, headers, credentials, bodies and framing.
import { readdirSync } from "node:fs";
import path from "node:path";

import { generateBody } from "./bodies";
import { malform } from "./malformations";
import type { FuzzRequest } from "./request";
import type { Rng } from "./rng";
import {
  CONTENT_TYPES,
  hostileHeaderValue,
  hostileString,
  INJECTIONS,
  INVALID_UTF8,
  PERCENT_JUNK,
  percentEncode,
  RANDOM_SEGMENTS,
  randomBytesString,
  randomChars,
  randomUuid,
  wellFormedUnknownKey,
} from "./strings";

export type ApiKeyCredentials = { key: string; practiceGroupId: string; username?: string };

export type GeneratorContext = {
  host: string;
  routes: string[];
  keys: ApiKeyCredentials[];
  tokens: Array<{ token: string; practiceGroupId: string }>;
};

/** Route templates under app/api/v1: "/booking-links/{id}", and "/{...path}" for the catch-all. */
export function listApiRoutes(dir = path.join(process.cwd(), "app/api/v1"), prefix = ""): string[] {
  const routes: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name === "route.ts") routes.push(prefix || "/");
    if (!entry.isDirectory()) continue;
    const segment = entry.name.startsWith("[[...") ? "{...path}" : entry.name.startsWith("[") ? `{${entry.name.slice(1, -1)}}` : entry.name;
    routes.push(...listApiRoutes(path.join(dir, entry.name), `${prefix}/${segment}`));
  }
  return routes.sort();
}

const METHODS = ["GET", "GET", "GET", "POST", "POST", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS", "TRACE"];
// Methods Node's parser knows (it refuses the rest itself: see malformations.ts).
const ODD_METHODS = [
  "PROPFIND",
  "PROPPATCH",
  "MKCOL",
  "COPY",
  "MOVE",
  "LOCK",
  "UNLOCK",
  "SEARCH",
  "REPORT",
  "PURGE",
  "QUERY",
  "LINK",
  "M-SEARCH",
  "NOTIFY",
  "SUBSCRIBE",
  "ACL",
  "BIND",
];

function id(rng: Rng, keys: ApiKeyCredentials[]): string {
  switch (rng.int(0, 9)) {
    case 0:
      return randomUuid(rng).toUpperCase();
    case 1:
      return rng.pick([
        "00000000-0000-0000-0000-000000000000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff",
        `{${randomUuid(rng)}}`,
        randomUuid(rng).replace(/-/g, ""),
      ]);
    case 2:
      return percentEncode(rng.pick(INJECTIONS));
    case 3:
      return rng.pick(PERCENT_JUNK) + rng.pick(PERCENT_JUNK);
    case 4:
      return percentEncode(rng.pick(INVALID_UTF8));
    case 5:
      return "a".repeat(rng.pick([300, 3000, 9000]));
    case 6:
      return rng.pick(["1", "-1", "1e999", "0x10", ".", "..", "%2e%2e", "null", "undefined"]);
    case 7:
      return keys.length ? rng.pick(keys).practiceGroupId : randomUuid(rng);
    default:
      return randomUuid(rng);
  }
}

function fillRoute(rng: Rng, route: string, keys: ApiKeyCredentials[]): string {
  return route
    .replace(/\{\.\.\.path\}/, () => Array.from({ length: rng.int(0, 3) }, () => (rng.chance(0.7) ? rng.pick(RANDOM_SEGMENTS) : id(rng, keys))).join("/"))
    .replace(/\{[a-z]+\}/, () => id(rng, keys))
    .replace(/\/$/, "");
}

const QUERY_NAMES = ["limit", "limit", "cursor", "cursor", "status", "from", "to", "__proto__", "constructor[prototype][admin]", "limit[]", "", "%zz", "x%ff"];

function queryValue(rng: Rng, keys: ApiKeyCredentials[]): string {
  switch (rng.int(0, 7)) {
    case 0:
      return rng.pick(["20", "0", "-1", "101", "1e3", "1.5", "abc", "99999999999999999999", " 5", "", "NaN", "Infinity"]);
    case 1:
      return rng.pick(["booked", "cancelled", "BOOKED", "all", "booked,cancelled"]);
    case 2:
      return rng.pick([
        "2026-11-24T00:00:00Z",
        "2026-13-45T99:99:99Z",
        "0000-01-01T00:00:00Z",
        // Valid, with a default end (+7 days) past the year 9999 the database can hold.
        "9999-12-31T00:00:00Z",
        "+275760-09-13T00:00:00Z",
        "2026-11-24T00:00:00+25:00",
        "2026-11-24",
        "1700000000",
      ]);
    case 3: {
      // Cursors are base64url("<date>|<id>"): well-formed ones with dates the database cannot hold.
      const at = rng.pick(["2026-01-01T00:00:00.000Z", "+275760-09-13T00:00:00.000Z", "-271821-04-20T00:00:00.000Z", "0001-01-01T00:00:00.000Z", "garbage"]);
      return Buffer.from(`${at}|${rng.chance(0.8) ? randomUuid(rng) : hostileString(rng)}`).toString("base64url");
    }
    case 4:
      return percentEncode(hostileString(rng));
    case 5:
      return rng.pick(PERCENT_JUNK);
    case 6:
      return "9".repeat(rng.pick([50, 2000, 8000]));
    default:
      return keys.length ? rng.pick(keys).practiceGroupId : randomUuid(rng);
  }
}

function queryString(rng: Rng, keys: ApiKeyCredentials[]): string {
  if (rng.chance(0.5)) return "";
  const pairs = Array.from({ length: rng.int(1, 4) }, () => `${rng.pick(QUERY_NAMES)}=${queryValue(rng, keys)}`);
  return `?${pairs.join(rng.chance(0.9) ? "&" : ";")}`;
}

function mutatePath(rng: Rng, apiPath: string, notes: string[]): string {
  if (!rng.chance(0.12)) return apiPath;
  const mutation = rng.pick(["trailing-slash", "double-slash", "dot-segment", "backslash", "fragment", "matrix"]);
  notes.push(`path:${mutation}`);
  switch (mutation) {
    case "trailing-slash":
      return `${apiPath}/`;
    case "double-slash":
      return apiPath.replace("/api/v1/", "/api/v1//");
    case "dot-segment":
      return apiPath.replace("/api/v1/", "/api/v1/messages/../");
    case "backslash":
      return apiPath.replace("/api/v1/", "/api/v1\\");
    case "fragment":
      return `${apiPath}#frag`;
    default:
      return `${apiPath};jsessionid=${randomChars(rng, 8)}`;
  }
}

function credentialHeaders(rng: Rng, context: GeneratorContext, notes: string[]): Array<[string, string]> {
  const usable = context.keys;
  const roll = rng.next();
  if (roll < 0.5 && usable.length) {
    const key = rng.pick(usable);
    const group = rng.chance(0.85)
      ? key.practiceGroupId
      : rng.pick([rng.pick(usable).practiceGroupId, randomUuid(rng), hostileHeaderValue(rng), key.practiceGroupId.toUpperCase(), ""]);
    notes.push(group === key.practiceGroupId ? "key:valid" : "key:valid,group:other");
    const headers: Array<[string, string]> = [
      ["x-api-key", key.key],
      ["x-practice-group-id", group],
    ];
    if (key.username || rng.chance(0.05)) headers.push(["x-username", key.username && rng.chance(0.9) ? key.username : hostileHeaderValue(rng)]);
    return headers;
  }
  if (roll < 0.58 && context.tokens.length) {
    const token = rng.pick(context.tokens);
    notes.push("token:valid");
    return [
      ["authorization", `Bearer ${token.token}`],
      ["x-practice-group-id", rng.chance(0.9) ? token.practiceGroupId : randomUuid(rng)],
    ];
  }
  if (roll < 0.78) {
    const valid = usable.length ? rng.pick(usable).key : wellFormedUnknownKey(rng);
    const bad = rng.pick([
      wellFormedUnknownKey(rng),
      wellFormedUnknownKey(rng, "live"),
      valid.slice(0, -1) + (valid.endsWith("A") ? "B" : "A"),
      `${valid} `,
      `${valid}, ${valid}`,
      "",
      hostileHeaderValue(rng),
      `hero_test_${rng.pick(INVALID_UTF8)}`,
      "x".repeat(rng.pick([100, 8000])),
    ]);
    notes.push("key:invalid");
    const headers: Array<[string, string]> = rng.chance(0.8)
      ? [["x-api-key", bad]]
      : [["authorization", rng.pick([`Bearer ${bad}`, "Bearer ", "Bearer hero_at_e30.AAAA", `Basic ${Buffer.from("a:b").toString("base64")}`, bad])]];
    if (rng.chance(0.7)) headers.push(["x-practice-group-id", rng.chance(0.5) ? randomUuid(rng) : hostileHeaderValue(rng)]);
    return headers;
  }
  notes.push("key:none");
  return rng.chance(0.6) ? [["x-practice-group-id", rng.chance(0.5) ? randomUuid(rng) : hostileHeaderValue(rng)]] : [];
}

function randomIp(rng: Rng): string {
  return rng.chance(0.9) ? `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}` : `fd00::${rng.int(1, 65535).toString(16)}`;
}

/** Headers that are legal HTTP but hostile: repeated, large, unknown, injected as a new line. */
function hostileHeaders(rng: Rng, notes: string[]): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  for (let i = rng.int(0, 3); i > 0; i--) headers.push([`x-${randomChars(rng, rng.int(1, 12)).toLowerCase()}`, randomBytesString(rng, rng.int(0, 60))]);
  if (!rng.chance(0.2)) return headers;
  const mutation = rng.pick(["large", "many", "crlf-injection", "expect", "upgrade", "repeat-host", "repeat-content-type", "repeat-group"]);
  notes.push(`headers:${mutation}`);
  switch (mutation) {
    case "large":
      headers.push(["x-large", randomBytesString(rng, 9000)]);
      break;
    case "many":
      for (let i = 0; i < 100; i++) headers.push([`x-h${i}`, randomChars(rng, 40)]);
      break;
    case "crlf-injection":
      // Over a raw socket CRLF in a value starts a new header line: it must not come back.
      headers.push(["x-note", "a\r\nx-fuzz-injected: 1"]);
      break;
    case "expect":
      headers.push(["expect", "100-continue"]);
      break;
    case "upgrade":
      headers.push(["connection", "Upgrade"], ["upgrade", rng.pick(["websocket", "h2c"])]);
      break;
    case "repeat-host":
      headers.push(["host", rng.pick(["evil.example", "127.0.0.1"])]);
      break;
    case "repeat-content-type":
      headers.push(["content-type", rng.pick(CONTENT_TYPES)]);
      break;
    default:
      headers.push(["x-practice-group-id", randomUuid(rng)]);
  }
  return headers;
}

/**
 * The request: well-formed HTTP/1.1 carrying hostile content (most of them, so the app is what
 * gets tested), or with one message-level malformation that Node's parser may refuse itself.
 */
export function generateRequest(rng: Rng, context: GeneratorContext, index: number): FuzzRequest {
  const notes: string[] = [];
  const method = rng.chance(0.9) ? rng.pick(METHODS) : rng.pick(ODD_METHODS);
  const route = rng.chance(0.88) ? rng.pick(context.routes) : "/{...path}";
  let apiPath = mutatePath(rng, `/api/v1${fillRoute(rng, route, context.keys)}`, notes);
  // "/api/v1/%2e%2e/x" is "/api/x" by the URL standard (after Next merges "//" and "\\"): not
  // an API request. Keep it inside.
  if (!/^\/api\/v1(\/|$)/.test(new URL(apiPath.replace(/[\\/]+/g, "/"), "http://h").pathname))
    apiPath = `/api/v1/${percentEncode(apiPath.slice("/api/v1/".length)).replace(/\./g, "_")}`;
  let target = apiPath + queryString(rng, context.keys);
  if (rng.chance(0.02)) {
    target = `http://${rng.pick([context.host, "evil.example"])}${target}`;
    notes.push("target:absolute-form");
  }

  const headers: Array<[string, string]> = [];
  const host = rng.chance(0.97) ? context.host : rng.pick(["", "evil.example", "[::1", "127.0.0.1:99999", "x".repeat(3000)]);
  if (host !== context.host) notes.push("host:odd");
  headers.push(["host", host], ...credentialHeaders(rng, context, notes));
  // Keyless and bad-key requests are limited per client address: a fresh one for most of them.
  if (rng.chance(0.95)) headers.push(["x-forwarded-for", rng.chance(0.95) ? randomIp(rng) : hostileHeaderValue(rng)]);

  const wantsBody = method === "POST" || method === "PUT" || method === "PATCH";
  const { kind, body: content } = generateBody(rng, route, wantsBody);
  if (kind !== "none") notes.push(`body:${kind}`);
  if ((content.length || wantsBody) && rng.chance(0.8)) headers.push(["content-type", rng.chance(0.6) ? "application/json" : rng.pick(CONTENT_TYPES)]);
  headers.push(...hostileHeaders(rng, notes));

  let body = content;
  if (rng.chance(0.1)) {
    notes.push("framing:chunked");
    headers.push(["transfer-encoding", "chunked"]);
    body = Buffer.concat([Buffer.from(body.length ? `${body.length.toString(16)}\r\n` : ""), body, Buffer.from(body.length ? "\r\n0\r\n\r\n" : "0\r\n\r\n")]);
  } else if (body.length || wantsBody) {
    headers.push(["content-length", String(body.length)]);
  }
  headers.push(["connection", "close"]);
  const request: FuzzRequest = { index, method, target, version: "HTTP/1.1", headers, body, route, halfClose: false, mayClose: false, notes };
  return rng.chance(0.2) ? malform(rng, request) : request;
}

export function encodeRequest(request: FuzzRequest): Buffer {
  const lines = request.headers.map(([name, value]) => (name ? `${name}: ${value}` : value));
  const head = `${request.method} ${request.target} ${request.version}\r\n${lines.join("\r\n")}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), request.body]);
}
