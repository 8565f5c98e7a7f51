import { CodeBlock } from "@/components/docs/code-block";
import { CodeTabs } from "@/components/docs/code-tabs";
import { resolve, type JsonSchema, type OperationView, type Parameter } from "@/components/docs/openapi-view";
import { fieldsOf, SchemaFields } from "@/components/docs/schema-fields";
import { TextWithCode } from "@/components/docs/text-with-code";
import { REQUEST_HEADERS } from "@/lib/api/headers";
import { IDEMPOTENCY_KEY_REF } from "@/lib/api/openapi";
import type { SampleLanguage } from "@/lib/api/sample-languages";

const METHOD_TONES: Record<string, string> = {
  GET: "bg-sky-100 text-sky-900",
  POST: "bg-green-100 text-green-900",
  DELETE: "bg-red-100 text-red-900",
};

function Subheading({ children }: { children: React.ReactNode }) {
  return <h4 className="text-sm font-semibold tracking-wide text-slate-700 uppercase">{children}</h4>;
}

function credentials(security: Record<string, string[]>[]) {
  const { apiKey, authorization, practiceGroupId } = REQUEST_HEADERS;
  if (security.length === 0) return "No key needed.";
  const token = security.some((scheme) => "AccessToken" in scheme);
  return token
    ? `Send \`${apiKey.name}\` or an access token (\`${authorization.name}: Bearer …\`), and \`${practiceGroupId.name}\`.`
    : `Send \`${apiKey.name}\` (an access token cannot stand in for it here) and \`${practiceGroupId.name}\`.`;
}

function idempotency(parameters: OperationView["operation"]["parameters"]) {
  const { idempotencyKey } = REQUEST_HEADERS;
  const takesKey = (parameters ?? []).some((p) => "$ref" in p && p.$ref === IDEMPOTENCY_KEY_REF);
  return takesKey ? ` Send \`${idempotencyKey.name}\` too, so a retry creates nothing twice (see Errors).` : "";
}

/** One operation of the OpenAPI document: what it takes and answers, with examples to copy. */
export function EndpointReference({
  view: { method, path, operation },
  schemas,
  samples,
}: {
  view: OperationView;
  schemas: Record<string, JsonSchema>;
  samples: Record<SampleLanguage, string>;
}) {
  const id = operation.operationId;
  const title = `${method} ${path}`;
  const parameters = (operation.parameters ?? []).filter((p): p is Parameter => !("$ref" in p) && p.in !== "header");
  const body = operation.requestBody?.content["application/json"];
  const [success, ...failures] = Object.entries(operation.responses);
  const [status, response] = success;
  const responseMedia = response.content?.["application/json"];
  const responseSchema = responseMedia ? resolve(responseMedia.schema, schemas) : null;

  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-20 space-y-4 border-t border-slate-200 pt-8">
      <h3 id={`${id}-title`} className="flex flex-wrap items-center gap-2 text-lg font-semibold">
        <span className={`rounded px-2 py-0.5 font-mono text-xs font-bold ${METHOD_TONES[method] ?? "bg-slate-200 text-slate-900"}`}>{method}</span>{" "}
        <code className="font-mono [overflow-wrap:anywhere]">{path}</code>
      </h3>
      <p>{operation.summary}.</p>
      <p className="text-sm text-slate-700">
        <TextWithCode text={`${operation.description ?? ""} ${credentials(operation.security)}${idempotency(operation.parameters)}`.trim()} />
      </p>

      <div className="grid gap-6 lg:grid-cols-2">
        <div className="min-w-0 space-y-5">
          {parameters.length > 0 && (
            <div className="space-y-2">
              <Subheading>{parameters.some((p) => p.in === "path") ? "Parameters" : "Query parameters"}</Subheading>
              <SchemaFields
                sent
                fields={parameters.map((p) => ({
                  name: p.name,
                  schema: p.schema ?? {},
                  required: p.required ?? false,
                  description: p.in === "path" ? `In the path. ${p.description ?? ""}`.trim() : p.description,
                }))}
              />
            </div>
          )}
          {body && (
            <div className="space-y-2">
              <Subheading>Request body (JSON)</Subheading>
              <SchemaFields sent fields={fieldsOf(body.schema)} />
              {body.schema.additionalProperties === false && <p className="text-sm text-slate-700">Unknown fields are refused, so a typo is reported.</p>}
            </div>
          )}
          {responseSchema && (
            <div className="space-y-2">
              <Subheading>
                Response {status} {response.description}
              </Subheading>
              <SchemaFields sent={false} fields={fieldsOf(responseSchema)} />
            </div>
          )}
          {failures.length > 0 && (
            <details className="text-sm">
              <summary className="min-h-8 cursor-pointer text-sm font-semibold tracking-wide text-slate-700 uppercase">
                Errors <span className="font-mono font-normal tracking-normal normal-case">{failures.map(([code]) => code).join(", ")}</span>
              </summary>
              <ul className="mt-2 list-none! space-y-1 pl-0!">
                {failures.map(([code, failure]) => (
                  <li key={code}>
                    <code className="font-mono font-semibold">{code}</code> <TextWithCode text={failure.description} />
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>

        <div className="min-w-0 space-y-5">
          <div className="space-y-2">
            <Subheading>Example request</Subheading>
            <CodeTabs samples={samples} what={`example for ${title}`} />
          </div>
          {body?.example !== undefined && (
            <div className="space-y-2">
              <Subheading>Example request body</Subheading>
              <CodeBlock code={JSON.stringify(body.example, null, 2)} label="JSON" what={`request body for ${title}`} />
            </div>
          )}
          {responseMedia?.example !== undefined && (
            <div className="space-y-2">
              <Subheading>Example response</Subheading>
              <CodeBlock
                tall
                code={JSON.stringify(responseMedia.example, null, 2)}
                label={`${status} ${response.description}`}
                what={`response for ${title}`}
              />
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
