import { dataObject, type JsonSchema } from "@/components/api-docs/json-schema";
import { SchemaFields } from "@/components/api-docs/schema-fields";

export type Operation = {
  summary: string;
  description?: string;
  parameters?: ({ name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema } | { $ref: string })[];
  requestBody?: { content: { "application/json": { schema: JsonSchema } } };
  responses: Record<string, { description: string; content?: { "application/json": { schema: JsonSchema } } }>;
};

const METHOD_TONES: Record<string, string> = {
  get: "bg-sky-100 text-sky-900",
  post: "bg-green-100 text-green-900",
  delete: "bg-red-100 text-red-900",
};

/** One endpoint of the OpenAPI document: what it does, what it takes and what it answers. */
export function EndpointSection({
  method,
  path,
  operation,
  schemas,
}: {
  method: string;
  path: string;
  operation: Operation;
  schemas: Record<string, JsonSchema>;
}) {
  const query = (operation.parameters ?? []).filter((p): p is Exclude<typeof p, { $ref: string }> => !("$ref" in p) && p.in === "query");
  const queryObject: JsonSchema = {
    properties: Object.fromEntries(query.map((p) => [p.name, { ...p.schema, description: p.description }])),
    required: query.filter((p) => p.required).map((p) => p.name),
  };
  const [success, ...failures] = Object.entries(operation.responses);
  const responseRef = success?.[1].content?.["application/json"].schema.$ref?.split("/").pop();
  const responseSchema = responseRef ? schemas[responseRef] : undefined;
  const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, "-");

  return (
    <article aria-labelledby={id} className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <h3 id={id} className="flex flex-wrap items-center gap-2 font-mono text-base">
        <span className={`rounded px-2 py-0.5 text-xs font-bold uppercase ${METHOD_TONES[method] ?? "bg-slate-200"}`}>{method}</span>{" "}
        <span className="break-all">/api/v1{path}</span>
      </h3>
      <p className="text-sm">
        {operation.summary}. <span className="text-slate-600">{operation.description}</span>
      </p>
      <SchemaFields schema={queryObject} caption="Query parameters" />
      {operation.requestBody && <SchemaFields schema={operation.requestBody.content["application/json"].schema} caption="Request body (JSON)" />}
      {success && responseSchema && <SchemaFields schema={dataObject(responseSchema)} caption={`Response ${success[0]}: data`} />}
      {failures.length > 0 && (
        <ul className="space-y-1 text-sm text-slate-700" aria-label="Errors">
          {failures.map(([status, response]) => (
            <li key={status}>
              <span className="font-mono font-semibold">{status}</span> {response.description}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
