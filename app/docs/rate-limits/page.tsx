import type { Metadata } from "next";
import Link from "next/link";

import { CodeBlock } from "@/components/docs/code-block";
import { DocsSection, PROSE } from "@/components/docs/docs-section";
import { ErrorTable } from "@/components/docs/error-table";
import { HeaderTable } from "@/components/docs/header-table";
import { HeroSupportLink } from "@/components/ui/hero-support-link";
import { ERROR_STATUS } from "@/lib/api/errors";
import { RATE_LIMIT_HEADERS } from "@/lib/api/headers";
import { keyPrefix } from "@/lib/key-format";
import { AUTH_FAILURE_EXEMPT_MS, RATE_LIMIT, RATE_LIMIT_OVERRIDE_MAX, RATE_WINDOW_MS } from "@/lib/limits";
import { overrideRefreshMs } from "@/lib/rate-limit-overrides";
import { authFailureLimit, rateLimitHeaders } from "@/lib/ratelimit";

export const metadata: Metadata = { title: "Rate limits" };
// The failure budget per address is this deployment's setting, read when the page is asked for.
export const dynamic = "force-dynamic";

/** The headers of a refused request, as the limiter writes them: 17 seconds before the window ends. */
function refusedHeaders() {
  const reset = Date.parse("2027-01-11T10:16:00Z");
  const headers = rateLimitHeaders({ outcome: "limited", limit: RATE_LIMIT, remaining: 0, reset }, reset - 17_000);
  return [`HTTP/1.1 ${ERROR_STATUS.rate_limit_exceeded} Too Many Requests`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)].join("\n");
}

export default function RateLimitsPage() {
  const { limit, remaining, reset, retryAfter } = RATE_LIMIT_HEADERS;
  const windowSeconds = RATE_WINDOW_MS / 1000;

  return (
    <article className={PROSE}>
      <h1 className="text-3xl font-semibold">Rate limits</h1>
      <p>
        The API enforces a limit of <strong>{RATE_LIMIT} requests per minute</strong> per API key, counted over a sliding {windowSeconds}-second window. Contact{" "}
        <HeroSupportLink /> if your integration requires a higher limit: Hero support can raise it, up to {RATE_LIMIT_OVERRIDE_MAX.toLocaleString("en-GB")} a
        minute, for your key at one practice (a rotated key keeps it: at once on the server that rotated it, on Hero&apos;s other servers within{" "}
        {Math.ceil(overrideRefreshMs() / 1000)} seconds, meanwhile {RATE_LIMIT} a minute) or for a user-owned key.
      </p>

      <DocsSection id="headers" title="Headers">
        <p>
          Every response says where you stand (all but 403 <code>https_required</code>, refused before it is counted, a TRACE or WebSocket request, and the 308
          redirect from a path with a trailing slash to the path without):
        </p>
        <HeaderTable headers={Object.values(RATE_LIMIT_HEADERS)} caption="Rate limit headers" />
        <p>
          <code>{limit.name}</code> is {RATE_LIMIT} unless Hero support set a higher limit for your key. They describe your key&apos;s limit for a call counted
          against your key. A request counted against your address instead shows your address&apos;s count of {RATE_LIMIT} a minute, shared by everything you
          send from it: one without a usable credential (none; a key of the wrong shape or environment, such as a <code>{keyPrefix("live")}</code> key on
          staging; a forged or expired token), one to a path that is no endpoint or with a method the endpoint does not take, and the OpenAPI document.
        </p>
      </DocsSection>

      <DocsSection id="over-the-limit" title="Over the limit">
        <p>A request over the limit is refused before it does anything:</p>
        <ErrorTable codes={["rate_limit_exceeded"]} caption="Rate limit error" />
        <CodeBlock code={refusedHeaders()} label="429 response headers" what="example of a refused request's headers" />
        <ul>
          <li>
            Wait <code>{retryAfter.name}</code> seconds, then retry with exponential backoff (and some jitter, so your retries do not arrive together):{" "}
            <Link href="/docs/api#paging-and-retrying">a sample client</Link>.
          </li>
          <li>
            Because the window slides, part of the previous minute still counts after <code>{reset.name}</code>: do not send a burst the moment it passes.
          </li>
          <li>
            Watch <code>{remaining.name}</code> and slow down as it nears 0.
          </li>
        </ul>
      </DocsSection>

      <DocsSection id="what-counts" title="What counts">
        <ul>
          <li>
            Every request with your key to an endpoint, by a method it takes, counts against the key, at every practice it acts for; a request refused for its
            credential (a revoked key, a user key without its owner&apos;s username) is taken back, except when its body came in a later minute than its
            headers, or in a minute&apos;s first quarter second, where it may belong to the minute before (it stays counted: one too many, never too few). An{" "}
            <Link href="/docs/access-tokens">access token</Link> counts against the key it was issued for. A path that is no endpoint, a method an endpoint does
            not take and the OpenAPI document count against the address they came from, never against a key.
          </li>
          <li>
            Requests whose key turns out missing, unknown, revoked or expired, or whose token&apos;s key has stopped working since, also count against the
            address they came from (an expired or altered token is refused before any key is looked up, and does not): past {authFailureLimit()} a minute, that
            address gets 429 <code>rate_limit_exceeded</code> too. A key that has worked within the last {AUTH_FAILURE_EXEMPT_MS / 1000} seconds is not held up
            by someone else&apos;s failures behind the same address on the server that saw it work; a key unused for longer, or reaching another of Hero&apos;s
            servers, may be, while that address is over its limit. That 429&apos;s message says it is the address&apos;s limit, and{" "}
            <code>{retryAfter.name}</code> when to retry; its <code>{remaining.name}</code> still describes your key&apos;s own limit, so a figure above 0 there
            does not mean you may retry sooner.
          </li>
        </ul>
      </DocsSection>
    </article>
  );
}
