// The OpenAPI 3.1 description of /api/v1, generated from the endpoint registry
// (lib/api/endpoints.ts) and the zod schemas the handlers validate with, by zod's own JSON
// Schema output.
import { z } from "zod";

import { ENDPOINTS, OPENAPI_PATH, RESPONSE_SCHEMAS, type Endpoint } from "@/lib/api/endpoints";
import { ERROR_STATUS, type ErrorCode } from "@/lib/api/errors";
import { MAX_BODY_BYTES, RATE_LIMIT } from "@/lib/limits";

export const ERROR_CAUSES: Record<ErrorCode, string> = {
  invalid_request: "Missing or malformed x-practice-group-id, malformed JSON, or input that fails validation (see fields)",
  invalid_credentials: "API key or access token is missing, invalid, expired or revoked; or a user key without its owner's x-username",
  insufficient_permissions: "Key does not have the required scope for this endpoint",
  forbidden: "Cross-org access denied — practices are not in the same network (or the practice group does not exist)",
  not_found: "No such booking link, message, slot, appointment, patient or endpoint in the acting practice group",
  method_not_allowed: "The endpoint does not accept this HTTP method (see the Allow header)",
  slot_unavailable: "The slot is already booked or has already started",
  payload_too_large: `The request body is larger than ${MAX_BODY_BYTES / 1024} KB`,
  https_required: "Production only: the request came over plain HTTP. All API calls must use HTTPS (never redirected: rotate a key sent over HTTP)",
  rate_limit_exceeded: `Too many requests (${RATE_LIMIT} a minute per key unless Hero support set a higher limit), or too many failed authentications from one address — implement retry with exponential backoff`,
  internal_error: "Something failed on our side; nothing secret is returned",
  rate_limit_unavailable: "The rate limiter is unreachable and RATE_LIMIT_FAILURE_MODE=closed",
  service_unavailable: "The database did not answer within a few seconds; retry with exponential backoff",
};

function jsonSchema(schema: z.ZodType, io: "input" | "output") {
  // Embedded in the OpenAPI document, whose dialect is already JSON Schema 2020-12.
  const generated = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  delete generated.$schema;
  return generated;
}

function queryParameters(query: z.ZodObject) {
  const schema = jsonSchema(query, "input") as { properties?: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: schema.required?.includes(name) ?? false,
    description: property.description,
    schema: property,
  }));
}

const rateLimitHeaders = {
  "X-RateLimit-Limit": { $ref: "#/components/headers/X-RateLimit-Limit" },
  "X-RateLimit-Remaining": { $ref: "#/components/headers/X-RateLimit-Remaining" },
  "X-RateLimit-Reset": { $ref: "#/components/headers/X-RateLimit-Reset" },
};

function errorResponses(codes: readonly ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, group]) => [
      String(status),
      {
        description: group.map((code) => `\`${code}\`: ${ERROR_CAUSES[code]}`).join("; "),
        headers: status === 429 ? { ...rateLimitHeaders, "Retry-After": { $ref: "#/components/headers/Retry-After" } } : rateLimitHeaders,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    ]),
  );
}

function operation(endpoint: Endpoint) {
  const parameters: unknown[] = [{ $ref: "#/components/parameters/PracticeGroupId" }, { $ref: "#/components/parameters/Username" }];
  if (endpoint.path.includes("{id}")) parameters.push({ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } });
  if (endpoint.query) parameters.push(...queryParameters(endpoint.query));
  return {
    summary: endpoint.summary,
    description: endpoint.scope ? `Scope: \`${endpoint.scope}\`.` : "Any valid key; no scope needed.",
    security: endpoint.bearer ? [{ ApiKey: [] }, { AccessToken: [] }] : [{ ApiKey: [] }],
    parameters,
    ...(endpoint.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(endpoint.body, "input") } } } } : {}),
    responses: {
      [String(endpoint.response.status)]: {
        description: endpoint.response.status === 201 ? "Created" : "OK",
        headers: rateLimitHeaders,
        content: { "application/json": { schema: { $ref: `#/components/schemas/${endpoint.response.schema}` } } },
      },
      ...errorResponses(endpoint.errors),
    },
  };
}

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of ENDPOINTS) paths[endpoint.path] = { ...paths[endpoint.path], [endpoint.method.toLowerCase()]: operation(endpoint) };
  paths[OPENAPI_PATH] = {
    get: { summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1 document", headers: rateLimitHeaders } } },
  };

  return {
    openapi: "3.1.0",
    info: {
      title: "Hero Partner API",
      version: "1.0.0",
      description: `Every request needs x-api-key (or an access token) and x-practice-group-id. ${RATE_LIMIT} requests per minute per API key.`,
    },
    servers: [{ url: "/api/v1" }],
    paths,
    components: {
      securitySchemes: {
        ApiKey: { type: "apiKey", in: "header", name: "x-api-key", description: "A partner key or a user key (user keys also need x-username)." },
        AccessToken: { type: "http", scheme: "bearer", description: "From POST /access_token; valid 15 minutes and only while its key is." },
      },
      parameters: {
        PracticeGroupId: {
          name: "x-practice-group-id",
          in: "header",
          required: true,
          description: "The practice group you act for: your key's, or one in the same network.",
          schema: { type: "string", format: "uuid" },
        },
        Username: {
          name: "x-username",
          in: "header",
          required: false,
          description: "User-owned keys only: the key owner's username.",
          schema: { type: "string" },
        },
      },
      headers: {
        "X-RateLimit-Limit": { description: "Requests allowed per minute.", schema: { type: "integer" } },
        "X-RateLimit-Remaining": { description: "Requests left in the current window.", schema: { type: "integer" } },
        "X-RateLimit-Reset": { description: "When the current window ends, in Unix seconds.", schema: { type: "integer" } },
        "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer" } },
      },
      schemas: Object.fromEntries(Object.entries(RESPONSE_SCHEMAS).map(([name, schema]) => [name, jsonSchema(schema, "output")])),
    },
  };
}
