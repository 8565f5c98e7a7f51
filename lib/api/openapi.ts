// The OpenAPI 3.1 description of /api/v1, generated from the endpoint registry
// (lib/api/endpoints.ts) and the zod schemas the handlers validate with, by zod's own JSON
// Schema output.
import { z } from "zod";

import { EVERY_CALL_ERRORS, NAMED_ENDPOINTS, OPENAPI_PATH, RESPONSE_SCHEMAS, TAGS, type Endpoint, type EndpointName } from "@/lib/api/endpoints";
import { ERROR_CAUSES, ERROR_STATUS, type ErrorCode } from "@/lib/api/errors";
import { EXAMPLES } from "@/lib/api/examples";
import { IDEMPOTENCY_KEY_PATTERN, RATE_LIMIT_HEADERS, REQUEST_HEADERS, RESPONSE_HEADERS } from "@/lib/api/headers";
import { apiBaseUrls } from "@/lib/env";
import { RATE_LIMIT, TOKEN_TTL_SECONDS } from "@/lib/limits";

/** Where the Idempotency-Key parameter is described once; the POSTs that take it point here. */
export const IDEMPOTENCY_KEY_REF = "#/components/parameters/IdempotencyKey";

function jsonSchema(schema: z.ZodType, io: "input" | "output") {
  // Embedded in the OpenAPI document, whose dialect is already JSON Schema 2020-12.
  const generated = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    // zod bounds every .int() by JavaScript's safe integers: not a limit of this API, so not shown.
    override: ({ jsonSchema }) => {
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    },
  }) as Record<string, unknown>;
  delete generated.$schema;
  return generated;
}

function queryParameters(query: z.ZodObject, examples: Record<string, string | number> = {}) {
  const schema = jsonSchema(query, "input") as { properties?: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: schema.required?.includes(name) ?? false,
    description: property.description,
    schema: property,
    ...(examples[name] !== undefined ? { example: examples[name] } : {}),
  }));
}

const headerRef = ({ name }: { name: string }) => [name, { $ref: `#/components/headers/${name}` }] as const;
const rateLimitHeaders = Object.fromEntries([RATE_LIMIT_HEADERS.limit, RATE_LIMIT_HEADERS.remaining, RATE_LIMIT_HEADERS.reset].map(headerRef));
// Every answer of an operation names its request (the middleware's refusals too).
const answerHeaders = { ...rateLimitHeaders, ...Object.fromEntries([headerRef(RESPONSE_HEADERS.requestId)]) };

function errorResponses(codes: readonly ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, group]) => [
      String(status),
      {
        description: [
          group.map((code) => `\`${code}\`: ${ERROR_CAUSES[code]}`).join("; "),
          // Refused before the limit counts it, so it has nothing to report (lib/api/edge.ts).
          ...(group.includes("https_required") ? ["`https_required` carries no X-RateLimit headers."] : []),
        ].join(". "),
        headers: status === 429 || status === 503 ? { ...answerHeaders, ...Object.fromEntries([headerRef(RATE_LIMIT_HEADERS.retryAfter)]) } : answerHeaders,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    ]),
  );
}

function operation(name: EndpointName, endpoint: Endpoint) {
  const example = EXAMPLES[name];
  const parameters: unknown[] = [{ $ref: "#/components/parameters/PracticeGroupId" }, { $ref: "#/components/parameters/Username" }];
  if (endpoint.path.includes("{id}"))
    parameters.push({ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" }, example: example.id });
  if (endpoint.query) parameters.push(...queryParameters(endpoint.query, example.query));
  if (endpoint.idempotent) parameters.push({ $ref: IDEMPOTENCY_KEY_REF });
  return {
    operationId: name,
    tags: [endpoint.tag],
    summary: endpoint.summary,
    description: endpoint.scope ? `Scope: \`${endpoint.scope}\`.` : "Any valid key; no scope needed.",
    security: endpoint.bearer ? [{ ApiKey: [] }, { AccessToken: [] }] : [{ ApiKey: [] }],
    parameters,
    ...(endpoint.body
      ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(endpoint.body, "input"), example: example.body } } } }
      : {}),
    responses: {
      [String(endpoint.response.status)]: {
        description: endpoint.response.status === 201 ? "Created" : "OK",
        headers: endpoint.idempotent ? { ...answerHeaders, ...Object.fromEntries([headerRef(RESPONSE_HEADERS.replayed)]) } : answerHeaders,
        content: { "application/json": { schema: { $ref: `#/components/schemas/${endpoint.response.schema}` }, example: example.response } },
      },
      ...withReplayedOn404(endpoint, errorResponses([...endpoint.errors, ...EVERY_CALL_ERRORS])),
    },
  };
}

/** A replay whose record is no longer there is a 404 that says it is a replay too (lib/idempotency.ts). */
function withReplayedOn404(endpoint: Endpoint, responses: Record<string, { headers: Record<string, unknown> }>) {
  const notFound = responses["404"];
  if (!endpoint.idempotent || !notFound) return responses;
  return { ...responses, "404": { ...notFound, headers: { ...notFound.headers, ...Object.fromEntries([headerRef(RESPONSE_HEADERS.replayed)]) } } };
}

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, endpoint] of NAMED_ENDPOINTS)
    paths[endpoint.path] = { ...paths[endpoint.path], [endpoint.method.toLowerCase()]: operation(name, endpoint) };
  paths[OPENAPI_PATH] = {
    get: {
      operationId: "getOpenApiDocument",
      tags: ["OpenAPI document"] satisfies (keyof typeof TAGS)[],
      summary: "This document",
      security: [],
      responses: {
        "200": { description: "OpenAPI 3.1 document", headers: answerHeaders, content: { "application/json": { schema: { type: "object" } } } },
        // A malformed x-api-key or Authorization header is refused by the middleware even here.
        ...errorResponses(["invalid_credentials", "rate_limit_exceeded", "https_required", "rate_limit_unavailable"]),
      },
    },
  };
  const { staging, production, thisDeployment, examples } = apiBaseUrls();
  // The docs' examples' server first: tools call servers[0]. In staging and production this
  // deployment's is absolute: a relative /api/v1, read through the API's own host (which serves
  // only /v1), is no path there. In development it is relative, right on whatever port is served.
  const own = { url: examples === thisDeployment ? "/api/v1" : thisDeployment, description: "This deployment" };
  const deployed = [
    { url: production, description: "Production" },
    { url: staging, description: "Staging" },
  ].sort((a, b) => Number(b.url === examples) - Number(a.url === examples));
  const { apiKey, practiceGroupId, username, idempotencyKey } = REQUEST_HEADERS;

  return {
    openapi: "3.1.0",
    info: {
      title: "Hero Health Public API",
      version: "1.0.0",
      description: `Every request needs \`${apiKey.name}\` (or an access token) and \`${practiceGroupId.name}\`. ${RATE_LIMIT} requests per minute per API key.`,
      // Partners use the API under the Partner Agreement they sign when they join (seed 001/003).
      license: { name: "Hero Partner Agreement" },
    },
    servers: examples === thisDeployment ? [own, ...deployed] : [...deployed, own],
    tags: Object.entries(TAGS).map(([tag, description]) => ({ name: tag, description })),
    paths,
    components: {
      securitySchemes: {
        ApiKey: { type: "apiKey", in: "header", name: apiKey.name, description: `A partner key or a user key (user keys also need \`${username.name}\`).` },
        AccessToken: {
          type: "http",
          scheme: "bearer",
          description: `From \`POST /access_token\`; valid ${TOKEN_TTL_SECONDS / 60} minutes and only while its key is.`,
        },
      },
      parameters: {
        PracticeGroupId: {
          name: practiceGroupId.name,
          in: "header",
          required: true,
          description: `${practiceGroupId.description}: your key's, or one in the same network.`,
          schema: { type: "string", format: "uuid" },
        },
        Username: { name: username.name, in: "header", required: false, description: `${username.description}.`, schema: { type: "string" } },
        IdempotencyKey: {
          name: idempotencyKey.name,
          in: "header",
          required: false,
          description: `${idempotencyKey.description}.`,
          schema: { type: "string", pattern: IDEMPOTENCY_KEY_PATTERN },
        },
      },
      headers: Object.fromEntries([
        ...Object.values(RATE_LIMIT_HEADERS).map(({ name, description }) => [name, { description: `${description}.`, schema: { type: "integer" } }]),
        [RESPONSE_HEADERS.requestId.name, { description: `${RESPONSE_HEADERS.requestId.description}.`, schema: { type: "string", format: "uuid" } }],
        [RESPONSE_HEADERS.replayed.name, { description: `${RESPONSE_HEADERS.replayed.description}.`, schema: { type: "string", enum: ["true"] } }],
      ]),
      schemas: Object.fromEntries(Object.entries(RESPONSE_SCHEMAS).map(([name, schema]) => [name, jsonSchema(schema, "output")])),
    },
  };
}
