// The curl, Node.js (fetch) and Ruby (net/http) samples of the docs, in the shape seed 003 shows
// them, built for any endpoint of the registry from its example call (lib/api/examples.ts).
// Credentials are placeholders as in the seed: YOUR_API_KEY in curl, environment variables in code.
import { endpoints, type EndpointName, type Method } from "@/lib/api/endpoints";
import { ERROR_STATUS } from "@/lib/api/errors";
import { EXAMPLES } from "@/lib/api/examples";
import { RATE_LIMIT_HEADERS, REQUEST_HEADERS } from "@/lib/api/headers";
import type { SampleLanguage } from "@/lib/api/sample-languages";
import { PAGE_SIZE_MAX } from "@/lib/limits";

/** key: x-api-key; token: an access token instead; userKey: a user-owned key with its x-username; none: public. */
export type SampleAuth = "key" | "token" | "userKey" | "none";

/** `idempotent`: one of the POSTs that create, whose samples send an Idempotency-Key made once for the operation. */
export type SampleRequest = {
  method: Method;
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  auth: SampleAuth;
  idempotent?: boolean;
};

/** The example call of a registry endpoint. */
export function exampleRequest(name: EndpointName, auth: SampleAuth = "key"): SampleRequest {
  const endpoint = endpoints[name];
  const example = EXAMPLES[name];
  return {
    method: endpoint.method,
    path: example.id ? endpoint.path.replace("{id}", example.id) : endpoint.path,
    query: example.query as SampleRequest["query"],
    body: example.body,
    auth,
    idempotent: "idempotent" in endpoint && endpoint.idempotent,
  };
}

type Header = { name: string; curl: string; node: string; ruby: string };

function headersOf(request: SampleRequest): Header[] {
  const { apiKey, authorization, practiceGroupId, username, idempotencyKey } = REQUEST_HEADERS;
  if (request.auth === "none") return [];
  const headers: Header[] =
    request.auth === "token"
      ? [
          {
            name: authorization.name,
            curl: "Bearer YOUR_ACCESS_TOKEN",
            node: "`Bearer ${process.env.HERO_ACCESS_TOKEN}`",
            ruby: "\"Bearer #{ENV['HERO_ACCESS_TOKEN']}\"",
          },
        ]
      : [{ name: apiKey.name, curl: "YOUR_API_KEY", node: "process.env.HERO_API_KEY", ruby: "ENV['HERO_API_KEY']" }];
  if (request.auth === "userKey") headers.push({ name: username.name, curl: "YOUR_USERNAME", node: "process.env.HERO_USERNAME", ruby: "ENV['HERO_USERNAME']" });
  headers.push({
    name: practiceGroupId.name,
    curl: "YOUR_PRACTICE_GROUP_ID",
    node: "process.env.HERO_PRACTICE_GROUP_ID",
    ruby: "ENV['HERO_PRACTICE_GROUP_ID']",
  });
  if (request.idempotent) headers.push({ name: idempotencyKey.name, curl: "$IDEMPOTENCY_KEY", node: "idempotencyKey", ruby: "idempotency_key" });
  if (request.body !== undefined) headers.push({ name: "Content-Type", curl: "application/json", node: "'application/json'", ruby: "'application/json'" });
  return headers;
}

function urlOf(baseUrl: string, { path, query }: SampleRequest) {
  // ":" needs no escaping in a query, and timestamps read better without it.
  const search = Object.entries(query ?? {})
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value)).replace(/%3A/gi, ":")}`)
    .join("&");
  return `${baseUrl}${path}${search ? `?${search}` : ""}`;
}

const singleQuoted = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
// Ruby's double-quoted strings take JSON's escapes; "#" would start an interpolation.
const rubyString = (text: string) => JSON.stringify(text).replace(/#/g, "\\#");
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A JSON value as a JavaScript or Ruby literal, indented like the code around it. */
function literal(value: unknown, language: "node" | "ruby", indent: string): string {
  const quote = language === "ruby" ? rubyString : singleQuoted;
  if (value === null) return language === "ruby" ? "nil" : "null";
  if (typeof value === "string") return quote(value);
  if (typeof value !== "object") return String(value);
  const inner = `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((item) => literal(item, language, inner))
    : Object.entries(value).map(([key, item]) => {
        const text = literal(item, language, inner);
        if (IDENTIFIER.test(key)) return `${key}: ${text}`;
        return language === "ruby" ? `${quote(key)} => ${text}` : `${quote(key)}: ${text}`;
      });
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return items.length ? `${open}\n${items.map((item) => `${inner}${item},`).join("\n")}\n${indent}${close}` : `${open}${close}`;
}

// Made once for the operation, not per attempt: a retry after a timeout sends the same key, so the
// API answers it with what the first attempt did instead of doing it twice.
const KEEP_FOR_RETRIES = "keep it to retry this request";

function curl(url: string, request: SampleRequest, headers: Header[]) {
  const lines = [`curl -X ${request.method} "${url}"`, ...headers.map((header) => `  -H "${header.name}: ${header.curl}"`)];
  if (request.body !== undefined) lines.push(`  -d '${JSON.stringify(request.body, null, 2).replace(/'/g, "'\\''").replace(/\n/g, "\n  ")}'`);
  return `${request.idempotent ? `IDEMPOTENCY_KEY=$(openssl rand -hex 16)  # ${KEEP_FOR_RETRIES}\n` : ""}${lines.join(" \\\n")}`;
}

function node(url: string, request: SampleRequest, headers: Header[]) {
  return [
    ...(request.idempotent ? [`const idempotencyKey = crypto.randomUUID(); // ${KEEP_FOR_RETRIES}`] : []),
    `const response = await fetch(${singleQuoted(url)}, {`,
    `  method: '${request.method}',`,
    ...(headers.length ? ["  headers: {", ...headers.map((header) => `    '${header.name}': ${header.node},`), "  },"] : []),
    ...(request.body !== undefined ? [`  body: JSON.stringify(${literal(request.body, "node", "  ")}),`] : []),
    "});",
    "if (!response.ok) {",
    "  throw new Error(`Request failed: ${response.status}`);",
    "}",
    "const data = await response.json();",
  ].join("\n");
}

function ruby(url: string, request: SampleRequest, headers: Header[]) {
  const verb = request.method.charAt(0) + request.method.slice(1).toLowerCase();
  return [
    "require 'net/http'",
    "require 'json'",
    ...(request.idempotent ? ["require 'securerandom'"] : []),
    "",
    ...(request.idempotent ? [`idempotency_key = SecureRandom.uuid # ${KEEP_FOR_RETRIES}`] : []),
    `uri = URI(${singleQuoted(url)})`,
    "http = Net::HTTP.new(uri.host, uri.port)",
    ...(url.startsWith("https:") ? ["http.use_ssl = true"] : []),
    `request = Net::HTTP::${verb}.new(uri)`,
    ...headers.map((header) => `request['${header.name}'] = ${header.ruby}`),
    ...(request.body !== undefined ? [`request.body = JSON.generate(${literal(request.body, "ruby", "")})`] : []),
    "response = http.request(request)",
    "data = JSON.parse(response.body)",
  ].join("\n");
}

/** The three samples of one call against a base URL (e.g. https://api.herohealth.net/v1). */
export function codeSamples(baseUrl: string, request: SampleRequest): Record<SampleLanguage, string> {
  const url = urlOf(baseUrl, request);
  const headers = headersOf(request);
  return { curl: curl(url, request, headers), node: node(url, request, headers), ruby: ruby(url, request, headers) };
}

// 502 and 504: what a proxy or load balancer in front of the API answers while it restarts.
const RETRIED = [...new Set([ERROR_STATUS.rate_limit_exceeded, ERROR_STATUS.service_unavailable, 502, 504])];
const ATTEMPTS = 6;

/**
 * A Node.js client the docs show once, for what every integration writes: a GET that waits out
 * 429 and 503 as the Rate limits page says (and a proxy's 502 and 504, or a dropped connection),
 * and a loop over every page of a list.
 */
export function pagingSample(baseUrl: string) {
  const { apiKey, practiceGroupId } = REQUEST_HEADERS;
  const { retryAfter } = RATE_LIMIT_HEADERS;
  const query = { ...EXAMPLES.listSlots.query, limit: PAGE_SIZE_MAX };
  return `const BASE_URL = ${singleQuoted(baseUrl)};
const headers = {
  '${apiKey.name}': process.env.HERO_API_KEY,
  '${practiceGroupId.name}': process.env.HERO_PRACTICE_GROUP_ID,
};

// A GET, retried on ${RETRIED.join(", ")} or a dropped connection (a GET changes nothing, so
// retrying is safe): wait Retry-After, longer on each attempt, with jitter.
async function get(path, query = {}) {
  const url = \`\${BASE_URL}\${path}?\${new URLSearchParams(query)}\`;
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, { headers }).catch((error) => {
      if (attempt === ${ATTEMPTS}) throw error;
    });
    if (response?.ok) return response.json();
    if (response && (![${RETRIED.join(", ")}].includes(response.status) || attempt === ${ATTEMPTS})) {
      const body = await response.json().catch(() => ({}));
      throw new Error(\`\${response.status} \${body.error ?? response.statusText}: \${body.message ?? ''}\`);
    }
    await new Promise((resolve) => setTimeout(resolve, waitMs(response, attempt)));
  }
}

// Retry-After in seconds (as this API sends it) or as a date (as a proxy may), at least 2^(attempt - 1) seconds, plus up to a second.
function waitMs(response, attempt) {
  const retryAfter = response?.headers.get('${retryAfter.name}') ?? '';
  const asked = Number(retryAfter) * 1000 || Date.parse(retryAfter) - Date.now() || 0;
  return Math.max(asked, 2 ** (attempt - 1) * 1000) + Math.random() * 1000;
}

// Every page of a list: next_cursor goes back as cursor, with the first page's query.
async function getAll(path, query = {}) {
  const items = [];
  let cursor = null;
  do {
    const page = await get(path, cursor ? { ...query, cursor } : query);
    items.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

const slots = await getAll('${endpoints.listSlots.path}', ${literal(query, "node", "")});`;
}
