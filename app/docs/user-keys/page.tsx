import type { Metadata } from "next";
import Link from "next/link";

import { CodeTabs } from "@/components/docs/code-tabs";
import { DocsSection, PROSE } from "@/components/docs/docs-section";
import { ErrorTable } from "@/components/docs/error-table";
import { HeaderTable } from "@/components/docs/header-table";
import { codeSamples, exampleRequest } from "@/lib/api/code-samples";
import { endpoints } from "@/lib/api/endpoints";
import { REQUEST_HEADERS } from "@/lib/api/headers";
import { apiBaseUrls } from "@/lib/env";

export const metadata: Metadata = { title: "User keys" };
// The examples call this deployment's environment, read when the page is asked for.
export const dynamic = "force-dynamic";

const { apiKey, practiceGroupId, username } = REQUEST_HEADERS;

export default function UserKeysPage() {
  const { method, path } = endpoints.listAppointments;
  return (
    <article className={PROSE}>
      <h1 className="text-3xl font-semibold">User keys</h1>
      <p>
        Some keys belong to a person rather than to a partner: Hero super admins create them under Settings &gt; Super admin &gt; API keys, for one user of a
        practice, for services such as Zapier. A user key acts as its owner, so it needs the owner&apos;s username as well as the key.
      </p>

      <DocsSection id="headers" title="Headers">
        <HeaderTable headers={[apiKey, username, practiceGroupId]} caption="Headers for a user key" />
        <CodeTabs
          samples={codeSamples(apiBaseUrls().examples, exampleRequest("listAppointments", "userKey"))}
          what={`example for ${method} ${path} with a user key`}
        />
      </DocsSection>

      <DocsSection id="what-a-user-key-can-do" title="What a user key can do">
        <ul>
          <li>
            It carries every <Link href="/docs/scopes">scope</Link>.
          </li>
          <li>
            It acts for its owner&apos;s practice group, and for the practice groups of that practice&apos;s networks as in{" "}
            <Link href="/docs#cross-organisational-calls">cross-organisational calls</Link>.
          </li>
          <li>
            It can be exchanged for <Link href="/docs/access-tokens">access tokens</Link> (send <code>{username.name}</code> with the exchange).
          </li>
          <li>
            It stops working for good when its owner is deactivated, moved to another practice or removed, or the key is deleted, from the next request: ask
            Hero support for a new key.
          </li>
        </ul>
      </DocsSection>

      <DocsSection id="errors" title="Errors">
        <p>
          A missing or different <code>{username.name}</code> is refused like a wrong key:
        </p>
        <ErrorTable codes={["invalid_credentials"]} caption="User key error" />
      </DocsSection>
    </article>
  );
}
