import type { Metadata } from "next";
import Link from "next/link";

import { CodeTabs } from "@/components/docs/code-tabs";
import { DocTable } from "@/components/docs/doc-table";
import { PARTNER_GET_STARTED_URL, REFERENCE_PATH } from "@/components/docs/docs-pages";
import { Callout, DocsSection, PROSE } from "@/components/docs/docs-section";
import { ErrorTable } from "@/components/docs/error-table";
import { HeaderTable } from "@/components/docs/header-table";
import { SequenceDiagram } from "@/components/docs/sequence-diagram";
import { HeroSupportLink } from "@/components/ui/hero-support-link";
import { codeSamples, exampleRequest } from "@/lib/api/code-samples";
import { endpoints } from "@/lib/api/endpoints";
import { RATE_LIMIT_HEADERS, REQUEST_HEADERS } from "@/lib/api/headers";
import { apiBaseUrls } from "@/lib/env";
import { EXPIRY_CHOICES } from "@/lib/key-expiry";
import { keyPrefix } from "@/lib/key-format";
import { RATE_LIMIT } from "@/lib/limits";

// The expiries a practice chooses from, in days (lib/key-expiry.ts).
const EXPIRY_DAYS = EXPIRY_CHOICES.filter((choice) => /^\d+$/.test(choice));

export const metadata: Metadata = { title: "Authentication" };
// The Environments table shows this deployment's configuration, read when the page is asked for.
export const dynamic = "force-dynamic";

const { apiKey, practiceGroupId } = REQUEST_HEADERS;

// Seed 003's cross-organisational call flow.
const CROSS_ORG_FLOW = {
  participants: ["Your Server", "Hero API", "Network Check"],
  steps: [
    { from: "Your Server", to: "Hero API", lines: ["API request", `${apiKey.name}: YOUR_KEY`, `${practiceGroupId.name}: target-practice`] },
    { from: "Hero API", to: "Network Check", lines: ["Verify practices share a network"] },
    {
      alt: [
        {
          condition: "Network exists",
          messages: [
            { from: "Network Check", to: "Hero API", lines: ["Confirmed"], reply: true },
            { from: "Hero API", to: "Your Server", lines: ["200 OK { data from target practice }"], reply: true },
          ],
        },
        {
          condition: "No network",
          messages: [
            { from: "Network Check", to: "Hero API", lines: ["Denied"], reply: true },
            { from: "Hero API", to: "Your Server", lines: ["403 Forbidden"], reply: true },
          ],
        },
      ],
    },
  ],
};

export default function AuthenticationPage() {
  const urls = apiBaseUrls();
  const environment = process.env.HERO_ENVIRONMENT || "development";

  return (
    <article className={PROSE}>
      <h1 className="text-3xl font-semibold">Authentication</h1>
      <p>
        The Hero Health Public API uses API key authentication on all requests. Every API key is tied to a specific Hero practice group and partner. Scopes
        control which endpoints your key can access. (A key Hero support makes for one person, for a service such as Zapier, is tied to that person instead: see{" "}
        <Link href="/docs/user-keys">User keys</Link>.)
      </p>

      <DocsSection id="getting-your-api-key" title="Getting your API key">
        <h3>Step 1: Join the Partner Programme</h3>
        <p>Before you can access Hero&apos;s APIs, you need to become a verified partner:</p>
        <ol>
          <li>
            Fill out our partner onboarding form at our <a href={PARTNER_GET_STARTED_URL}>Get Started page</a>
          </li>
          <li>Review and sign our Partner Agreement (includes SLA and rate limits)</li>
          <li>
            Tell <HeroSupportLink /> which <Link href="/docs/scopes">scopes</Link> you need and your proposed use case: Hero support sets the scopes a practice
            may grant you
          </li>
          <li>Receive access credentials for both staging and production environments</li>
        </ol>

        <h3>Step 2: Access developer resources</h3>
        <p>Once approved, you&apos;ll receive:</p>
        <ul>
          <li>
            A <strong>staging API key</strong> for development and testing
          </li>
          <li>
            A <strong>practice group ID</strong> for each practice you&apos;re integrating with
          </li>
          <li>Access to our Slack environment for developer support</li>
        </ul>
        <p>
          Every key, the staging one included, is made for you at one practice group: there is no key for a partner on its own. Each practice you integrate with
          creates your key in its Hero dashboard (a practice admin does this, or Hero support at the practice), in either of two ways, and shares it with you
          together with its practice group ID (shown under Settings &gt; My Practice):
        </p>
        <ul>
          <li>
            <strong>Apps &gt; Connect</strong>: the practice goes to Apps, selects your partner and selects Connect. Hero sets up the integration and generates
            your API key; the practice can view or copy it at any time from your page in Apps.
          </li>
          <li>
            <strong>Settings &gt; My Practice &gt; API Key &gt; Generate API Key</strong>: the practice chooses you from the list of partners. The key is
            displayed only once, so the practice copies it then.
          </li>
        </ul>
        <p>
          A key carries the scopes Hero support set for you, or fewer if the practice narrowed them. A practice can replace your key at any time, with Rotate
          API key or by generating a new key for you in Settings &gt; My Practice: the old key stops working straight away, and so do its access tokens. A write
          under way with the old key is refused (401) and nothing is written: send it again with the new key and the same <code>Idempotency-Key</code>. Keys
          start with <code>{keyPrefix("test")}</code> on staging and <code>{keyPrefix("live")}</code> on production; a key only works in its own environment.
        </p>
        <p>
          A practice may also give your key an expiry when it connects you, rotates or generates the key: {EXPIRY_DAYS.slice(0, -1).join(", ")} or{" "}
          {EXPIRY_DAYS.at(-1)} days, or a date (the key then works until the end of that day, UK time). The practice&apos;s dashboard warns it as the day nears;
          the API does not warn you. After it, every call with the key or its access tokens is refused with 401 <code>invalid_credentials</code>. Ask the
          practice when your key expires, and for a new one before then (a key that replaces one keeps its last day unless the practice chooses another). An
          access token&apos;s <code>expires_at</code> is never later than its key&apos;s expiry.
        </p>

        <h3>Step 3: Secure your credentials</h3>
        <Callout title="Keep your keys secret">
          <p>
            Never expose API keys in client-side code or commit them to source control. Store keys securely using environment variables or a secrets manager.
            Use separate keys for staging and production.
          </p>
        </Callout>
      </DocsSection>

      <DocsSection id="making-authenticated-requests" title="Making authenticated requests">
        <p>All requests require two headers:</p>
        <HeaderTable headers={[apiKey, practiceGroupId]} caption="Request headers" />
        <CodeTabs
          samples={codeSamples(urls.examples, exampleRequest("listPracticeGroups"))}
          what={`example for ${endpoints.listPracticeGroups.method} ${endpoints.listPracticeGroups.path}`}
        />
        <p>
          Keys that Hero support issues to a person also need <Link href="/docs/user-keys">the owner&apos;s username</Link>, and an{" "}
          <Link href="/docs/access-tokens">access token</Link> can stand in for the key.
        </p>
      </DocsSection>

      <DocsSection id="environments" title="Environments">
        <DocTable columns={["Environment", "Base URL", "Use for"]} caption="Environments">
          <tr>
            <td>
              <strong>Staging</strong>
            </td>
            <td>
              <code>{urls.staging}</code>
            </td>
            <td>Development, testing, and integration verification</td>
          </tr>
          <tr>
            <td>
              <strong>Production</strong>
            </td>
            <td>
              <code>{urls.production}</code>
            </td>
            <td>Live applications serving real practices</td>
          </tr>
          <tr>
            <td>
              <strong>This deployment</strong> ({environment})
            </td>
            <td>
              <code>{urls.thisDeployment}</code>
            </td>
            <td>The deployment serving these pages; the examples here call {urls.examples === urls.thisDeployment ? "it" : <code>{urls.examples}</code>}</td>
          </tr>
        </DocTable>
        <p>Use test data only in staging — it does not contain real patient information.</p>
      </DocsSection>

      <DocsSection id="cross-organisational-calls" title="Cross-organisational calls">
        <Callout title="Cross-org access">
          <p>
            Cross-organisational calls allow you to make API requests on behalf of a different practice group, provided both practices belong to the same
            Hero-configured network.
          </p>
        </Callout>
        <p>
          Hero supports cross-organisational API calls. If the <code>{practiceGroupId.name}</code> header you pass does not match the practice group ID
          configured on your API key, Hero will verify that the target practice exists within a Hero-configured network alongside your key&apos;s practice. If
          such a network exists, the call returns data from the specified practice group.
        </p>
        <p>
          The primary use case is cross-organisational bookings — for example, a practice within a PCN inviting patients to book at a hub site. A booking,
          booking link or message may name a patient of the practice group you act for or of your key&apos;s own practice group; what it creates belongs to the
          practice group you act for. Reading or cancelling works the same way: acting for another practice group, you see its appointments, booking links and
          messages for its own patients and for your key&apos;s practice&apos;s, not those another member of the network made there for theirs.
        </p>
        <h3>Cross-organisational call flow</h3>
        <SequenceDiagram id="cross-org-flow" title="Cross-organisational call flow" {...CROSS_ORG_FLOW} />
      </DocsSection>

      <DocsSection id="authentication-errors" title="Authentication errors">
        <ErrorTable codes={["invalid_credentials", "insufficient_permissions", "forbidden", "rate_limit_exceeded"]} caption="Authentication errors" />
        <p>
          The API enforces a limit of <strong>{RATE_LIMIT} requests per minute</strong> per API key. Contact <HeroSupportLink /> if your integration requires a
          higher limit. Every response over HTTPS says where you stand:
        </p>
        <HeaderTable headers={Object.values(RATE_LIMIT_HEADERS)} caption="Rate limit headers" />
        <p>
          Every error and its cause: <Link href="/docs/errors">Errors</Link>. How the limit counts: <Link href="/docs/rate-limits">Rate limits</Link>.
        </p>
      </DocsSection>

      <DocsSection id="security-best-practices" title="Security best practices">
        <ul>
          <li>Store API keys in environment variables or a secrets manager — never in source code</li>
          <li>Use separate keys for staging and production</li>
          <li>Request only the minimum scopes your integration needs</li>
          <li>All API calls must use HTTPS (staging and production refuse plain HTTP, and a key sent over it should be rotated)</li>
          <li>Contact Hero support to rotate a compromised key immediately (a practice can also rotate it: Apps &gt; the partner &gt; Rotate API key)</li>
        </ul>
      </DocsSection>

      <DocsSection id="next-steps" title="Next steps">
        <ul>
          <li>
            <Link href="/docs/scopes">Scopes</Link> — what each scope lets your key do
          </li>
          <li>
            <Link href={REFERENCE_PATH}>API reference</Link> — every endpoint, with examples to copy
          </li>
        </ul>
      </DocsSection>
    </article>
  );
}
