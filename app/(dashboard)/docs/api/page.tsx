import type { Metadata } from "next";

import { EndpointSection, type Operation } from "@/components/api-docs/endpoint-section";
import { ErrorTable } from "@/components/api-docs/error-table";
import type { JsonSchema } from "@/components/api-docs/json-schema";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "API docs" };

export default async function ApiDocsPage() {
  await requireUser();
  const doc = buildOpenApiDocument();
  const schemas = doc.components.schemas as Record<string, JsonSchema>;
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })),
  );

  return (
    <>
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">API docs</h1>
        <p className="text-sm text-slate-700">
          The Partner API, v1. Every request sends the partner&apos;s key in <code>x-api-key</code> and the practice it acts for in{" "}
          <code>x-practice-group-id</code> (a user-owned key also sends its owner&apos;s <code>x-username</code>). A key may act for another practice group only
          when both are in the same network. Each key may make 300 requests a minute; every response carries <code>X-RateLimit-Limit</code>,{" "}
          <code>X-RateLimit-Remaining</code> and <code>X-RateLimit-Reset</code> (Unix seconds).
        </p>
        <p className="text-sm">
          <a href="/api/v1/openapi.json" className="font-medium text-brand-700 underline">
            OpenAPI 3.1 document (openapi.json)
          </a>
        </p>
      </div>

      <section aria-labelledby="errors" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="errors" className="text-lg font-semibold">
          Errors
        </h2>
        <p className="text-sm text-slate-700">
          Every error is JSON: <code>{'{ "error": code, "message": text }'}</code>, with <code>fields</code> for invalid input.
        </p>
        <ErrorTable />
      </section>

      <section aria-labelledby="endpoints" className="space-y-4">
        <h2 id="endpoints" className="text-lg font-semibold">
          Endpoints
        </h2>
        {operations.map(({ path, method, operation }) => (
          <EndpointSection key={`${method} ${path}`} method={method} path={path} operation={operation} schemas={schemas} />
        ))}
      </section>
    </>
  );
}
