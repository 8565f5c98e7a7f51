// Request bodies: near-valid JSON for the endpoint (wrong types, unknown and prototype fields,
// hostile strings), then sometimes broken on purpose — truncated, nested thousands deep, larger
// than the API's 16 KB limit, not UTF-8, not JSON at all.
import { MAX_BODY_BYTES } from "@/lib/limits";

import type { Rng } from "./rng";
import { hostileString, INVALID_UTF8, randomUuid } from "./strings";

function value(rng: Rng, depth = 0): unknown {
  switch (rng.int(0, 9)) {
    case 0:
      return rng.pick([0, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER + 2, 9990000018]);
    case 1:
      return rng.pick([null, true, false]);
    case 2:
      return depth < 3 ? [value(rng, depth + 1), value(rng, depth + 1)] : [];
    case 3:
      return depth < 3 ? { [hostileString(rng)]: value(rng, depth + 1) } : {};
    case 4:
      return randomUuid(rng);
    case 5:
      return new Date(Date.now() + rng.int(-40, 40) * 86_400_000).toISOString();
    default:
      return hostileString(rng);
  }
}

const FIELDS: Record<string, string[]> = {
  messages: ["patient_id", "nhs_number", "body"],
  "booking-links": ["patient_id", "nhs_number", "appointment_type", "expires_at"],
  appointments: ["slot_id", "patient_id", "nhs_number"],
};

/** The JSON text a partner might send to this path, with some fields wrong. */
function jsonFor(rng: Rng, path: string): string {
  const fields = FIELDS[path.split("/")[1] ?? ""] ?? ["data", "id", "name"];
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    if (rng.chance(0.25)) continue;
    // Mostly the right kind of value, so validation passes often enough to reach the database.
    if (rng.chance(0.5))
      body[field] = field.endsWith("_id")
        ? randomUuid(rng)
        : field === "nhs_number"
          ? "9990000018"
          : field === "expires_at"
            ? new Date(Date.now() + 86_400_000).toISOString()
            : hostileString(rng);
    else body[field] = value(rng);
  }
  if (rng.chance(0.15)) body[hostileString(rng)] = value(rng);
  // Text PostgreSQL cannot store, in a field that is otherwise valid: a NUL, a lone surrogate.
  if (rng.chance(0.1)) body[rng.pick(fields)] = rng.pick(["a\u0000b", "Blood\u0000test", "\ud800", "x\udc00y"]);
  let text = JSON.stringify(body);
  // Prototype pollution attempts, and duplicate keys, need raw text: object literals drop them.
  if (rng.chance(0.1))
    text = text.replace(/^\{/, rng.pick(['{"__proto__":{"admin":true},', '{"constructor":{"prototype":{"admin":true}},', '{"body":"first","body":"second",']));
  return text.replace(/,}$/, "}");
}

function nested(rng: Rng, depth: number): string {
  return rng.chance(0.5) ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}

function huge(rng: Rng): string {
  const size = rng.chance(0.02) ? 11 * 1024 * 1024 : rng.pick([MAX_BODY_BYTES + 1, MAX_BODY_BYTES * 2, 200_000, 1_000_000]);
  return `{"body":"${"x".repeat(size)}"}`;
}

export type BodyKind = "none" | "json" | "truncated" | "nested" | "huge" | "not-utf8" | "bom" | "binary" | "form" | "scalar";

export function generateBody(rng: Rng, path: string, wantsBody: boolean): { kind: BodyKind; body: Buffer } {
  if (!wantsBody && rng.chance(0.85)) return { kind: "none", body: Buffer.alloc(0) };
  const kind = rng.pick<BodyKind>(["json", "json", "json", "json", "truncated", "nested", "huge", "not-utf8", "bom", "binary", "form", "scalar", "none"]);
  const json = jsonFor(rng, path);
  switch (kind) {
    case "none":
      return { kind, body: Buffer.alloc(0) };
    case "json":
      return { kind, body: Buffer.from(json) };
    case "truncated":
      return { kind, body: Buffer.from(json.slice(0, rng.int(0, Math.max(0, json.length - 1)))) };
    case "nested":
      return { kind, body: Buffer.from(nested(rng, rng.pick([100, 1000, 5000, 20_000]))) };
    case "huge":
      return { kind, body: Buffer.from(huge(rng)) };
    case "not-utf8": {
      const at = rng.int(1, Math.max(1, json.length - 2));
      return { kind, body: Buffer.concat([Buffer.from(json.slice(0, at)), Buffer.from(rng.pick(INVALID_UTF8), "latin1"), Buffer.from(json.slice(at))]) };
    }
    case "bom":
      return { kind, body: Buffer.concat([Buffer.from(rng.pick(["\xef\xbb\xbf", "\xff\xfe", "\xfe\xff"]), "latin1"), Buffer.from(json)]) };
    case "binary":
      return { kind, body: Buffer.from(Array.from({ length: rng.int(1, 2000) }, () => rng.int(0, 255))) };
    case "form":
      return {
        kind,
        body: Buffer.from(
          rng.pick(["patient_id=1&body=hi", "<xml><body>hi</body></xml>", '--fuzz\r\nContent-Disposition: form-data; name="body"\r\n\r\nhi\r\n--fuzz--']),
        ),
      };
    default:
      return { kind, body: Buffer.from(rng.pick(["null", "[]", "1e999", '"text"', "true", "{}", "", " ", "{}{}", "[1,2,"])) };
  }
}
