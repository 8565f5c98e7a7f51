// Reading the OpenAPI document (lib/api/openapi.ts) for the Reference: its operations by tag,
// and a JSON Schema's type and bounds in words. Only the shapes that document holds are handled.
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { plural } from "@/lib/format";

export type JsonSchema = {
  type?: string | string[];
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  /** On a body: exactly one of these alternatives, each naming the field it requires. */
  oneOf?: JsonSchema[];
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  default?: unknown;
  $ref?: string;
};

type Media = { schema: JsonSchema; example?: unknown };
export type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema; example?: unknown };
export type Operation = {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  security: Record<string, string[]>[];
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { content: { "application/json": Media } };
  responses: Record<string, { description: string; content?: { "application/json": Media } }>;
};
export type OperationView = { method: string; path: string; operation: Operation };
export type TagView = { name: string; description: string; operations: OperationView[] };
export type OpenApiView = {
  doc: ReturnType<typeof buildOpenApiDocument>;
  tags: TagView[];
  schemas: Record<string, JsonSchema>;
  parameters: Record<string, Parameter>;
};

export function openApiView(): OpenApiView {
  const doc = buildOpenApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
  return {
    doc,
    tags: doc.tags.map((tag) => ({ ...tag, operations: operations.filter(({ operation }) => operation.tags.includes(tag.name)) })),
    schemas: doc.components.schemas as Record<string, JsonSchema>,
    parameters: doc.components.parameters as Record<string, Parameter>,
  };
}

/** A schema by reference (#/components/schemas/Name), or the schema itself. */
export function resolve(schema: JsonSchema, schemas: Record<string, JsonSchema>): JsonSchema {
  return schema.$ref ? (schemas[schema.$ref.split("/").pop()!] ?? schema) : schema;
}

export function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" | ");
  if (schema.type === "array") return `array of ${schema.items ? typeOf(schema.items) : "values"}`;
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any value");
  return schema.format ? `${type} (${schema.format})` : type;
}

/** Bounds and defaults in words: "1 to 100 characters", "default 20". Backticks mark code. */
export function constraintsOf(schema: JsonSchema): string[] {
  const notes: string[] = [];
  const { minLength, maxLength, minimum, maximum } = schema;
  if (minLength !== undefined && maxLength !== undefined) notes.push(`${minLength} to ${plural(maxLength, "character")}`);
  else if (minLength !== undefined) notes.push(`at least ${plural(minLength, "character")}`);
  else if (maxLength !== undefined) notes.push(`at most ${plural(maxLength, "character")}`);
  if (minimum !== undefined && maximum !== undefined) notes.push(`from ${minimum} to ${maximum}`);
  else if (minimum !== undefined) notes.push(`at least ${minimum}`);
  else if (maximum !== undefined) notes.push(`at most ${maximum}`);
  // Formats (uuid, date-time) say what their long patterns check; other patterns are shown.
  if (schema.pattern && !schema.format) notes.push(`matches \`${schema.pattern}\``);
  if (schema.default !== undefined) notes.push(`default \`${JSON.stringify(schema.default)}\``);
  return notes;
}

/** The object fields a schema (or the array it is) holds, for nested field lists. */
export function objectOf(schema: JsonSchema): JsonSchema | null {
  if (schema.properties) return schema;
  if (schema.type === "array" && schema.items?.properties) return schema.items;
  return null;
}
