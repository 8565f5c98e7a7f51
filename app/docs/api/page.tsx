import type { Metadata } from "next";
import Link from "next/link";

import { CodeBlock } from "@/components/docs/code-block";
import { OPENAPI_URL } from "@/components/docs/docs-pages";
import { PROSE } from "@/components/docs/docs-section";
import { EndpointReference } from "@/components/docs/endpoint-reference";
import { openApiView } from "@/components/docs/openapi-view";
import { TextWithCode } from "@/components/docs/text-with-code";
import { codeSamples, exampleRequest, pagingSample } from "@/lib/api/code-samples";
import { NAMED_ENDPOINTS } from "@/lib/api/endpoints";
import { apiBaseUrls } from "@/lib/env";

export const metadata: Metadata = { title: "API reference" };
// The examples call this deployment's environment, read when the page is asked for.
export const dynamic = "force-dynamic";

const tagId = (tag: string) => `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

// Every operation of the OpenAPI document, the description the handlers validate with.
export default function ApiReferencePage() {
  const { tags, schemas } = openApiView();
  const base = apiBaseUrls().examples;
  const samplesFor = (operationId: string, method: string, path: string) => {
    const named = NAMED_ENDPOINTS.find(([name]) => name === operationId);
    return codeSamples(base, named ? exampleRequest(named[0]) : { method: method as "GET", path, auth: "none" });
  };

  return (
    <article className={PROSE}>
      <h1 className="text-3xl font-semibold">API reference</h1>
      <p>
        Every endpoint of the Hero Health Public API. Paths are relative to the base URL of an <Link href="/docs#environments">environment</Link>; the examples
        use <code className="[overflow-wrap:anywhere]">{base}</code>, with made-up ids and times: use the practice group ID the practice gave you (shown in its
        Settings &gt; My Practice; <code>GET /practice-groups</code> lists those of its networks), and the ids your own calls return. Each request needs the
        headers in <Link href="/docs">Authentication</Link>. The same description, as OpenAPI 3.1 for your tools: <a href={OPENAPI_URL}>openapi.json</a>.
      </p>
      <p>
        Single resources come back as <code>{'{ "data": { … } }'}</code> (except <code>POST /access_token</code>, whose fields are at the top level), lists as{" "}
        <code>{'{ "data": [ … ], "next_cursor": … }'}</code>: pass <code>next_cursor</code> as <code>cursor</code> for the next page, with the same query
        parameters as the first (a cursor holds only a position). JSON fields are snake_case; times are ISO 8601 in UTC. A time in a query needs seconds and an
        offset (<code>Z</code>, or <code>+01:00</code> written <code>%2B01:00</code>: a bare <code>+</code> in a query is a space).
      </p>
      <p id="paging-and-retrying" className="scroll-mt-20">
        A Node.js client that reads every page of a list and waits out a <Link href="/docs/rate-limits#over-the-limit">rate limit</Link>, a busy moment or a
        restart as the docs ask (it retries GETs only: to retry a POST that creates, send the <code>Idempotency-Key</code> of its first attempt again):
      </p>
      <CodeBlock code={pagingSample(base)} label="Node.js" what="Node.js example of paging and retrying" tall />
      {tags.map((tag) => (
        <section key={tag.name} aria-labelledby={tagId(tag.name)} className="space-y-6">
          <div className="space-y-1 border-t-2 border-slate-300 pt-8">
            <h2 id={tagId(tag.name)} className="scroll-mt-20 text-2xl font-semibold">
              {tag.name}
            </h2>
            <p className="text-slate-700">
              <TextWithCode text={tag.description} />
            </p>
          </div>
          {tag.operations.map((view) => (
            <EndpointReference
              key={view.operation.operationId}
              view={view}
              schemas={schemas}
              samples={samplesFor(view.operation.operationId, view.method, view.path)}
            />
          ))}
        </section>
      ))}
    </article>
  );
}
