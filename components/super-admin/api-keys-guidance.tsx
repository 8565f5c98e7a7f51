// The seed's caution and help text for Super admin > API keys, shared by the list and Add API Key.
import { REQUEST_HEADERS } from "@/lib/api/headers";

const { apiKey, username, practiceGroupId } = REQUEST_HEADERS;

export function ApiKeysCaution() {
  return (
    <div role="note" aria-label="Caution" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
      <p>
        <strong>Caution:</strong> API keys provide unrestricted access to your data. They should only be used to connect with trusted external services such as
        Zapier.
      </p>
      <p className="mt-2">
        A key acts for the user who owns it: it carries every scope for that user&apos;s practice group (cross-organisational rules still apply) and is revoked
        for good as soon as the user is deactivated, moved to another practice or removed, or the key is deleted.
      </p>
    </div>
  );
}

export function ApiKeysHelp() {
  return (
    <details className="rounded-md border border-slate-200 bg-white p-4 text-sm">
      <summary className="cursor-pointer font-semibold">Help</summary>
      <div className="mt-3 space-y-3">
        <p>
          API keys are secure authentication tokens that let external services connect to your practice data and automate work, for example with Zapier. Each
          key is associated with one user.
        </p>
        <p>
          To call the API, send the key in the <code>{apiKey.name}</code> header, the owner&apos;s username in the <code>{username.name}</code> header and the
          owner&apos;s practice group ID (View shows it) in the <code>{practiceGroupId.name}</code> header. All three go with every call: a key with the wrong
          username is refused.
        </p>
        <h2 className="font-semibold">Security best practices</h2>
        <ul className="list-disc space-y-1 pl-5">
          <li>Only create API keys for trusted external services.</li>
          <li>Delete unused or unnecessary API keys promptly.</li>
          <li>Keep API key credentials confidential.</li>
          <li>Periodically review active API keys and their access.</li>
          <li>Consider rotating keys for sensitive integrations: create a new key, switch the service over, then delete the old one.</li>
        </ul>
      </div>
    </details>
  );
}
