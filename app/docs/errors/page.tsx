import type { Metadata } from "next";
import Link from "next/link";

import { CodeBlock } from "@/components/docs/code-block";
import { DocsSection, PROSE } from "@/components/docs/docs-section";
import { ErrorTable } from "@/components/docs/error-table";
import { TextWithCode } from "@/components/docs/text-with-code";
import { endpoints } from "@/lib/api/endpoints";
import { ApiError, INVALID_CREDENTIALS, REQUEST_ID_HEADER, type ErrorBody } from "@/lib/api/errors";
import { REQUEST_HEADERS } from "@/lib/api/headers";
import { createMessageBody } from "@/lib/api/schemas";
import { readJson } from "@/lib/api/validation";

export const metadata: Metadata = { title: "Errors" };

/** What POST /messages answers to a body with two mistakes: the real validation, run here. */
async function invalidRequestExample(): Promise<ErrorBody> {
  const request = new Request("http://localhost/", { method: "POST", body: JSON.stringify({ nhs_number: "99900000", body: " " }) });
  const error = await readJson(request, createMessageBody).then(
    () => new ApiError({ code: "internal_error", message: "The example body was accepted." }),
    (failure: ApiError) => failure,
  );
  return { error: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) };
}

export default async function ErrorsPage() {
  const { apiKey, practiceGroupId, idempotencyKey } = REQUEST_HEADERS;
  const credentials: ErrorBody = { error: "invalid_credentials", message: INVALID_CREDENTIALS };
  const { method, path } = endpoints.createMessage;

  return (
    <article className={PROSE}>
      <h1 className="text-3xl font-semibold">Errors</h1>
      <p>
        Every error is JSON with a stable <code>error</code> code and a <code>message</code> for people. Invalid input adds <code>fields</code>, one message per
        field. No stack trace and no part of your key is ever returned.
      </p>
      <CodeBlock code={JSON.stringify(credentials, null, 2)} label="401" what="invalid_credentials error" />
      <p>
        A <code>{`${method} ${path}`}</code> whose NHS number is too short and whose body is blank:
      </p>
      <CodeBlock code={JSON.stringify(await invalidRequestExample(), null, 2)} label="400" what="invalid_request error" />

      <DocsSection id="error-codes" title="Error codes">
        <ErrorTable caption="Every error code" />
        <p>
          Checks run in this order: HTTPS (403 <code>https_required</code>); the rate limit (429, or 503 <code>rate_limit_unavailable</code>); a credential
          refused without looking it up: a key of the wrong shape, checksum or environment, an access token sent in <code>{apiKey.name}</code>, a forged or
          expired token (401); a path that is no endpoint (404) or a method the endpoint does not take (405); your address&apos;s limit of failed
          authentications (429); then credentials (401, or 503 <code>service_unavailable</code> while the database does not answer); then{" "}
          <code>{practiceGroupId.name}</code> (400); then, for an access token, that it was issued for that practice group (403 <code>forbidden</code>); then
          scope (403 <code>insufficient_permissions</code>); then the network (403 <code>forbidden</code>); then the input. So a caller without a valid key
          learns nothing about practice groups or scopes.
        </p>
      </DocsSection>

      <DocsSection id="handling-errors" title="Handling errors">
        <ul>
          <li>
            Branch on the status and the <code>error</code> code, never on the message: messages may be reworded.
          </li>
          <li>
            On 429 and 503, wait for <code>Retry-After</code> seconds, then retry with exponential backoff (see{" "}
            <Link href="/docs/rate-limits">Rate limits</Link>
            ). A 429, or a 503 <code>rate_limit_unavailable</code>, did nothing. A 503 <code>service_unavailable</code> or a 500 <code>internal_error</code> on
            a POST usually wrote nothing, but not always: retry a POST only with the <code>{idempotencyKey.name}</code> of its first attempt (below).
          </li>
          <li>
            On 500, contact Hero support quoting the response&apos;s <code>{REQUEST_ID_HEADER}</code>; a GET may be tried once more later, a POST only with its{" "}
            <code>{idempotencyKey.name}</code>.
          </li>
          <li>
            On 401 <code>invalid_credentials</code>, stop using that credential: do not retry it, with or without backoff. With an access token, exchange the
            key once; if that is refused with 401 too, the key itself no longer works (rotated, revoked or expired; you were disconnected by the practice or by
            Hero support; your partner account is suspended): pause calls with it and ask the practice for its current key. Every key that turns out unknown,
            revoked or expired, and every token whose key has stopped working since (rotated, revoked, disconnected, your account suspended, a user key&apos;s
            owner deactivated or the key deleted), counts against your address&apos;s limit of failed authentications a minute (
            <Link href="/docs/rate-limits">Rate limits</Link>; an expired token does not: exchange the key again); past it, your address gets 429{" "}
            <code>rate_limit_exceeded</code> for every key that has not worked in the last minute, the practice&apos;s new key and your keys at other practices
            included.
          </li>
          <li>Do not retry 400, 401, 403, 404, 405, 409 or 413 unchanged: they will fail the same way.</li>
          <li>
            A 502 or 504 (from a proxy in front of the API, not from the API itself) or a dropped connection is usually a restart: retry a GET the same way, and
            a write as the next point says.
          </li>
          <li>
            A write whose answer never reached you (a timeout, a dropped connection) may have been made. <code>{idempotencyKey.name}</code>:{" "}
            <TextWithCode text={`${idempotencyKey.description}.`} /> Without it, each POST creates a new record: a message sent again reaches the patient twice.
          </li>
          <li>
            Every response of the API carries an <code>{REQUEST_ID_HEADER}</code> header (all but three given before the API reads the request: a TRACE
            request&apos;s 405 (404 on a path that is no endpoint), a connection upgrade&apos;s 400, and the 308 from a path written another way, such as with a
            trailing slash, to its usual form). Quote it to Hero support when you ask about a request.
          </li>
        </ul>
      </DocsSection>
    </article>
  );
}
