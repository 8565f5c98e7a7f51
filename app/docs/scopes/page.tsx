import type { Metadata } from "next";
import Link from "next/link";

import { DocTable } from "@/components/docs/doc-table";
import { REFERENCE_PATH } from "@/components/docs/docs-pages";
import { DocsSection, PROSE } from "@/components/docs/docs-section";
import { ErrorTable } from "@/components/docs/error-table";
import { HeroSupportLink } from "@/components/ui/hero-support-link";
import { NAMED_ENDPOINTS } from "@/lib/api/endpoints";
import { ALL_SCOPES, SCOPE_ABILITIES, SCOPE_LABELS, type ScopeName } from "@/lib/scopes";

export const metadata: Metadata = { title: "Scopes" };

function EndpointLinks({ scope }: { scope: ScopeName | null }) {
  return (
    <ul className="list-none! pl-0!">
      {NAMED_ENDPOINTS.filter(([, endpoint]) => endpoint.scope === scope).map(([name, endpoint]) => (
        <li key={name}>
          <Link href={`${REFERENCE_PATH}#${name}`} className="font-mono text-xs [overflow-wrap:anywhere] md:whitespace-nowrap">
            {endpoint.method} {endpoint.path}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export default function ScopesPage() {
  return (
    <article className={PROSE}>
      <h1 className="text-3xl font-semibold">Scopes</h1>
      <p>
        Access to the API&apos;s calls is controlled by scopes, so each integration has the level of access it needs and no more. A partner&apos;s key carries
        some of these, chosen from its partner&apos;s when the key was made; a <Link href="/docs/user-keys">user-owned key</Link> carries them all.
      </p>
      <DocTable columns={["Scope", "Name", "Endpoints"]} caption="Scopes">
        {ALL_SCOPES.map((scope) => (
          <tr key={scope}>
            <td>
              <code>{scope}</code>
            </td>
            <td>
              {SCOPE_LABELS[scope]}
              <p className="mt-1 text-xs text-slate-600">The dashboard tells a practice you will be able to “{SCOPE_ABILITIES[scope]}”.</p>
            </td>
            <td>
              <EndpointLinks scope={scope} />
            </td>
          </tr>
        ))}
      </DocTable>
      <p>These need no scope, only a valid key:</p>
      <EndpointLinks scope={null} />

      <DocsSection id="how-a-key-gets-its-scopes" title="How a key gets its scopes">
        <ul>
          <li>
            To be configured with the right functionality, email <HeroSupportLink /> with the scopes you need (
            {ALL_SCOPES.map((scope) => SCOPE_LABELS[scope]).join(", ")}) and the proposed use case for your integration. Hero support sets the scopes a practice
            may grant you.
          </li>
          <li>
            A practice&apos;s key for you carries those scopes, or fewer: when it connects you, generates a key or rotates it, the practice may narrow them (to
            at least one). The dashboard tells the practice, in plain words, what you will be able to do.
          </li>
          <li>
            Hero support can change the scopes of one practice&apos;s key, or take a scope from you on every practice; either holds from the next request.
          </li>
          <li>
            <Link href="/docs/access-tokens">Access tokens</Link> carry their key&apos;s scopes. <Link href="/docs/user-keys">User keys</Link> carry every
            scope.
          </li>
          <li>Request only the minimum scopes your integration needs.</li>
        </ul>
      </DocsSection>

      <DocsSection id="missing-a-scope" title="Calling without the scope">
        <p>A call to an endpoint whose scope the key lacks is refused:</p>
        <ErrorTable codes={["insufficient_permissions"]} caption="Scope error" />
      </DocsSection>
    </article>
  );
}
