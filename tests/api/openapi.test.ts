// The OpenAPI document is generated from the handlers' schemas; here it is checked against the
// route files, so an endpoint cannot be documented without existing, or exist undocumented.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

import { describe, expect, it, onTestFinished, vi } from "vitest";

import { ENDPOINT_METHODS, ENDPOINTS, NAMED_ENDPOINTS, RESPONSE_SCHEMAS } from "@/lib/api/endpoints";
import { ERROR_CAUSES, ERROR_CODES, ERROR_STATUS, NO_SUCH_ENDPOINT } from "@/lib/api/errors";
import { EXAMPLES } from "@/lib/api/examples";
import { buildOpenApiDocument, IDEMPOTENCY_KEY_REF } from "@/lib/api/openapi";
import { createMessageBody } from "@/lib/api/schemas";
import { appOrigin } from "@/lib/env";
import { MESSAGE_MAX_LENGTH } from "@/lib/limits";

const API_DIR = path.resolve("app/api/v1");
const routeFile = (apiPath: string) => path.join(API_DIR, apiPath.replace(/\{(\w+)\}/g, "[$1]"), "route.ts");

function routeDirs(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.includes("..."))
    .flatMap((entry) => {
      const child = `${prefix}/${entry.name.replace(/^\[(\w+)\]$/, "{$1}")}`;
      const nested = routeDirs(path.join(dir, entry.name), child);
      return existsSync(path.join(dir, entry.name, "route.ts")) ? [child, ...nested] : nested;
    });
}

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument();

  it("is OpenAPI 3.1 and documents every route file, and only those", () => {
    expect(doc.openapi).toBe("3.1.0");
    // Seed 001/003: "The Hero Health Public API uses API key authentication on all requests."
    expect(doc.info.title).toBe("Hero Health Public API");
    expect(Object.keys(doc.paths).sort()).toEqual(routeDirs(API_DIR).sort());
  });

  it.each(ENDPOINTS.map((endpoint) => [`${endpoint.method} ${endpoint.path}`, endpoint] as const))(
    "%s has a handler that asks for a key",
    async (_, endpoint) => {
      const route = await import(routeFile(endpoint.path));
      const response: Response = await route[endpoint.method](
        new Request(`http://localhost/api/v1${endpoint.path.replace("{id}", "x")}`, { method: endpoint.method }),
        { params: Promise.resolve({ id: "x" }) },
      );
      expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([401, "invalid_credentials"]);
    },
  );

  it.each(routeDirs(API_DIR).filter((dir) => dir !== "/openapi.json"))("%s answers every other method with 405 and the registry's Allow", async (dir) => {
    const route = await import(routeFile(dir));
    const allowed = ENDPOINTS.filter((endpoint) => endpoint.path === dir).map((endpoint) => endpoint.method);
    expect(allowed.length).toBeGreaterThan(0);
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => !allowed.includes(m as never))) {
      const response: Response = await route[method](new Request(`http://localhost/api/v1${dir}`, { method }));
      expect([response.status, response.headers.get("Allow")]).toEqual([405, ENDPOINT_METHODS[dir]]);
    }
  });

  it("lists first the server the docs' examples use, absolute in staging and production", () => {
    // Read through the API's host (https://api.herohealth.net/v1/openapi.json), a relative /api/v1 is no path there.
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    for (const [environment, first] of [
      ["production", "https://api.herohealth.net/v1"],
      ["staging", "https://api.staging.htech.app/v1"],
      ["development", "/api/v1"],
    ]) {
      vi.stubEnv("HERO_ENVIRONMENT", environment);
      const { servers } = buildOpenApiDocument();
      expect(servers[0].url, environment).toBe(first);
      // This deployment's too, absolute where the document may be read through the API's host.
      const own = environment === "development" ? "/api/v1" : `${appOrigin()}/api/v1`;
      expect(servers.map((server) => server.url).sort()).toEqual([own, "https://api.herohealth.net/v1", "https://api.staging.htech.app/v1"].sort());
    }
  });

  it("describes request bodies with the schemas the handlers validate with", () => {
    const schema = (doc.paths["/messages"].post as { requestBody: { content: { "application/json": { schema: Record<string, unknown> } } } }).requestBody
      .content["application/json"].schema;
    expect(schema).toMatchObject({ type: "object", additionalProperties: false, properties: { body: { maxLength: MESSAGE_MAX_LENGTH } } });
    expect(createMessageBody.safeParse({ patient_id: "6f1c3b1e-8d2a-4c55-9a57-0e2f3b4c5d6e", body: "x".repeat(MESSAGE_MAX_LENGTH + 1) }).success).toBe(false);
  });

  it("says a body names its patient by exactly one of patient_id and nhs_number, as the handlers require", () => {
    const bodies = Object.entries(doc.paths).flatMap(([apiPath, operations]) =>
      Object.values(operations as Record<string, { requestBody?: { content: { "application/json": { schema: Record<string, unknown> } } } }>).flatMap(
        (operation) => {
          const schema = operation.requestBody?.content["application/json"].schema as { properties?: Record<string, unknown>; oneOf?: unknown } | undefined;
          return schema?.properties?.patient_id ? [[apiPath, schema.oneOf]] : [];
        },
      ),
    );
    expect(bodies.map(([apiPath]) => apiPath).sort()).toEqual(["/appointments", "/booking-links", "/messages"]);
    for (const [, oneOf] of bodies) expect(oneOf).toEqual([{ required: ["patient_id"] }, { required: ["nhs_number"] }]);
    const patientId = "6f1c3b1e-8d2a-4c55-9a57-0e2f3b4c5d6e";
    expect(createMessageBody.safeParse({ body: "Hello" }).success).toBe(false);
    expect(createMessageBody.safeParse({ body: "Hello", patient_id: patientId, nhs_number: "9990000018" }).success).toBe(false);
    expect(createMessageBody.safeParse({ body: "Hello", patient_id: patientId }).success).toBe(true);
  });

  it("offers Idempotency-Key on the POSTs that create, and nowhere else", () => {
    const takingKey = Object.entries(doc.paths).flatMap(([apiPath, operations]) =>
      Object.entries(operations)
        .filter(([, op]) => ((op as { parameters?: { $ref?: string }[] }).parameters ?? []).some((p) => p.$ref === IDEMPOTENCY_KEY_REF))
        .map(([method]) => `${method.toUpperCase()} ${apiPath}`),
    );
    expect(takingKey.sort()).toEqual(["POST /appointments", "POST /booking-links", "POST /messages"]);
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ name: "Idempotency-Key", in: "header", required: false });
  });

  it("lists the seeds' error codes, the rate-limit headers, x-request-id and Idempotent-Replayed", () => {
    const text = JSON.stringify(doc);
    for (const code of ["invalid_credentials", "insufficient_permissions", "forbidden", "rate_limit_exceeded"]) expect(text).toContain(code);
    expect(doc.components.headers).toHaveProperty("X-RateLimit-Reset");
    // Every answer names its request; the answer to a replayed create says so.
    for (const [name, endpoint] of NAMED_ENDPOINTS) {
      const responses = (doc.paths[endpoint.path][endpoint.method.toLowerCase()] as { responses: Record<string, { headers: object; description?: string }> })
        .responses;
      for (const [status, response] of Object.entries(responses)) expect(response.headers, `${name} ${status}`).toHaveProperty("x-request-id");
      expect(Object.keys(responses[endpoint.response.status].headers).includes("Idempotent-Replayed"), name).toBe(endpoint.idempotent === true);
      // A replay whose record is gone is a 404 with the header too (lib/idempotency.ts).
      if (endpoint.idempotent) expect(responses["404"].headers, name).toHaveProperty("Idempotent-Replayed");
      // Every endpoint reads its body, one that takes none too, and refuses one over the size limit.
      expect(responses["413"]?.description, name).toContain("`payload_too_large`");
    }
    const document = (doc.paths["/openapi.json"].get as { responses: Record<string, { headers: object }> }).responses;
    expect(document["200"].headers).toHaveProperty("x-request-id");
    expect(doc.components.schemas).toHaveProperty("Error");
  });

  it.each(NAMED_ENDPOINTS)("%s: its example call passes the schemas the handler validates with", (name, endpoint) => {
    const example = EXAMPLES[name];
    expect(example.id !== undefined, "a path with {id} has an example id, and only such a path").toBe(endpoint.path.includes("{id}"));
    expect(example.body !== undefined, "an endpoint with a body has an example body, and only such an endpoint").toBe(endpoint.body !== undefined);
    if (endpoint.body) expect(endpoint.body.safeParse(example.body).error).toBeUndefined();
    if (endpoint.query) expect(endpoint.query.safeParse(example.query ?? {}).error).toBeUndefined();
    expect(RESPONSE_SCHEMAS[endpoint.response.schema].safeParse(example.response).error).toBeUndefined();
    const operation = doc.paths[endpoint.path][endpoint.method.toLowerCase()] as { operationId: string; responses: Record<string, { content: object }> };
    expect(operation.operationId).toBe(name);
    expect(operation.responses[endpoint.response.status].content).toMatchObject({ "application/json": { example: example.response } });
  });

  it("lists on every operation what any call can get: 403 https_required, 500, and 503 with Retry-After", () => {
    type Responses = Record<string, { description: string; headers: Record<string, unknown> }>;
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods as Record<string, { responses: Responses }>));
    expect(operations.length).toBeGreaterThan(NAMED_ENDPOINTS.length);
    for (const { responses } of operations) {
      expect(responses["403"].description).toContain("`https_required`");
      // The limit headers are optional in OpenAPI, and this refusal comes before the limit.
      expect(responses["403"].description).toContain("`https_required` carries no X-RateLimit headers.");
      expect(responses["503"].description).toContain("`rate_limit_unavailable`");
      expect(responses["503"].headers).toHaveProperty("Retry-After");
    }
    for (const [, endpoint] of NAMED_ENDPOINTS) {
      const { responses } = doc.paths[endpoint.path][endpoint.method.toLowerCase()] as { responses: Responses };
      expect(responses["500"].description).toContain("`internal_error`");
      expect(responses["503"].description).toContain("`service_unavailable`");
    }
    expect((doc.paths["/openapi.json"].get as { responses: Responses }).responses["401"].description).toContain("`invalid_credentials`");
  });

  it("points a 404 for no such endpoint at this document by its path under every server's base URL", () => {
    const named = /See GET (\/\S+)\.$/.exec(NO_SUCH_ENDPOINT)?.[1];
    expect(named && doc.paths).toHaveProperty([named as string]);
  });

  it("shows only the API's own bounds: no JavaScript safe-integer limits", () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain(String(Number.MAX_SAFE_INTEGER));
    expect(doc.components.schemas.AccessToken).toMatchObject({ properties: { expires_in: { type: "integer" } } });
    expect((doc.components.schemas.AccessToken as { properties: { expires_in: object } }).properties.expires_in).not.toHaveProperty("minimum");
  });

  it("describes each error with its cause from the one error table", () => {
    expect(ERROR_CODES).toHaveLength(Object.keys(ERROR_STATUS).length);
    expect(ERROR_CODES.map((code) => ERROR_STATUS[code])).toEqual([...ERROR_CODES.map((code) => ERROR_STATUS[code])].sort((a, b) => a - b));
    const slots = doc.paths["/slots"].get as { responses: Record<string, { description: string }> };
    expect(slots.responses["403"].description).toContain(`\`insufficient_permissions\`: ${ERROR_CAUSES.insufficient_permissions}`);
  });
});
