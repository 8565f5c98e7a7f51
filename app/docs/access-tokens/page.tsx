import type { Metadata } from "next";
import Link from "next/link";

import { CodeBlock } from "@/components/docs/code-block";
import { CodeTabs } from "@/components/docs/code-tabs";
import { REFERENCE_PATH } from "@/components/docs/docs-pages";
import { DocsSection, PROSE } from "@/components/docs/docs-section";
import { HeaderTable } from "@/components/docs/header-table";
import { SequenceDiagram } from "@/components/docs/sequence-diagram";
import { TOKEN_PREFIX } from "@/lib/access-tokens";
import { codeSamples, exampleRequest } from "@/lib/api/code-samples";
import { endpoints } from "@/lib/api/endpoints";
import { EXAMPLES } from "@/lib/api/examples";
import { REQUEST_HEADERS } from "@/lib/api/headers";
import { apiBaseUrls } from "@/lib/env";
import { TOKEN_TTL_SECONDS } from "@/lib/limits";

export const metadata: Metadata = { title: "Access tokens" };
// The examples call this deployment's environment, read when the page is asked for.
export const dynamic = "force-dynamic";

const { apiKey, authorization, practiceGroupId, username } = REQUEST_HEADERS;
const exchange = endpoints.createAccessToken;
const minutes = TOKEN_TTL_SECONDS / 60;

// Seed 002's authentication flow, with the token sent as this API takes it.
const TOKEN_FLOW = {
  participants: ["Your Server", "Hero API"],
  steps: [
    { from: "Your Server", to: "Hero API", lines: [`${exchange.method} ${exchange.path}`, `Headers: ${apiKey.name}, ${practiceGroupId.name}`] },
    { from: "Hero API", to: "Your Server", lines: ["200 OK { access_token }"], reply: true },
    { from: "Your Server", to: "Hero API", lines: ["API requests", `Headers: ${authorization.name}: Bearer, ${practiceGroupId.name}`] },
    { from: "Hero API", to: "Your Server", lines: ["200 OK { data }"], reply: true },
  ],
};

export default function AccessTokensPage() {
  const base = apiBaseUrls().examples;
  return (
    <article className={PROSE}>
      <h1 className="text-3xl font-semibold">Access tokens</h1>
      <p>
        An access token stands in for your API key for {minutes} minutes, so the key itself need not travel with every request. Exchange the key for a token
        with <Link href={`${REFERENCE_PATH}#createAccessToken`}>{`${exchange.method} ${exchange.path}`}</Link>, then send the token as{" "}
        <code>{authorization.name}: Bearer …</code> instead of <code>{apiKey.name}</code> (a token sent in <code>{apiKey.name}</code> is refused with 401{" "}
        <code>invalid_credentials</code>, saying so).
      </p>
      <SequenceDiagram id="token-flow" title="Authentication flow with an access token" {...TOKEN_FLOW} />

      <DocsSection id="getting-a-token" title="Getting a token">
        <p>Send your key and the practice group you will act for:</p>
        <CodeTabs samples={codeSamples(base, exampleRequest("createAccessToken"))} what={`example for ${exchange.method} ${exchange.path}`} />
        <CodeBlock
          code={JSON.stringify(EXAMPLES.createAccessToken.response, null, 2)}
          label="200 OK"
          what={`response for ${exchange.method} ${exchange.path}`}
        />
        <p>
          Tokens start with <code>{TOKEN_PREFIX}</code>; <code>expires_in</code> is in seconds, and fewer than {TOKEN_TTL_SECONDS} when your key expires sooner:
          a token never outlives its key. A user key also sends <code>{username.name}</code> here, and its tokens remember it.
        </p>
      </DocsSection>

      <DocsSection id="using-a-token" title="Using a token">
        <HeaderTable headers={[authorization, practiceGroupId]} caption="Headers with a token" />
        <CodeTabs samples={codeSamples(base, exampleRequest("listPracticeGroups", "token"))} what="example with an access token" />
        <ul>
          <li>
            Send the same <code>{practiceGroupId.name}</code> you named when you got the token; another practice group is refused with 403{" "}
            <code>forbidden</code>.
          </li>
          <li>
            A token cannot get another token: <code>{`${exchange.method} ${exchange.path}`}</code> takes the key only. When a token expires, exchange the key
            again.
          </li>
          <li>
            If a request sends both <code>{apiKey.name}</code> and a token, the key is used.
          </li>
          <li>
            A token counts against its key&apos;s <Link href="/docs/rate-limits">rate limit</Link> and carries its key&apos;s{" "}
            <Link href="/docs/scopes">scopes</Link>.
          </li>
        </ul>
      </DocsSection>

      <DocsSection id="when-a-token-stops" title="When a token stops working">
        <p>
          Nothing about a token is stored: every request with a token looks its key up again. So a token stops at once, with 401{" "}
          <code>invalid_credentials</code>, when it or its key expires, when the practice or Hero support rotates or revokes the key or disconnects you, when
          Hero support suspends your partner account, and, for a user key, when its owner is deactivated, moved or removed or the key is deleted. It is refused
          with 403 when its key loses the endpoint&apos;s scope (<code>insufficient_permissions</code>), or when the practice group it acts for leaves your
          practice&apos;s network (<code>forbidden</code>).
        </p>
      </DocsSection>
    </article>
  );
}
