"use client";

import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { KeyField } from "@/components/ui/key-field";
import { REQUEST_HEADERS } from "@/lib/api/headers";

export type KeyCredentials = { name: string; username: string; practiceGroupId: string; key: string };

const { apiKey, username, practiceGroupId } = REQUEST_HEADERS;

function ReadOnlyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <label className="block text-sm font-medium">
      {label}
      <input
        readOnly
        value={value}
        onFocus={(event) => event.currentTarget.select()}
        data-testid={testId}
        className="mt-1 block w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm"
      />
    </label>
  );
}

type Props = { credentials: KeyCredentials | null; title: string; onClose: () => void };

/** What View (and Create, once the key exists) shows. The key lives only in the caller's state: Close forgets it. */
export function KeyCredentialsDialog({ credentials, title, onClose }: Props) {
  return (
    <Dialog
      open={credentials !== null}
      title={title}
      onClose={onClose}
      description={
        <p className="rounded-md bg-amber-50 p-3 text-amber-900">
          Both the username and the API key are required. Send the key in the <code>{apiKey.name}</code> header, the username in the{" "}
          <code>{username.name}</code> header and, with every call too, the practice group ID in the <code>{practiceGroupId.name}</code> header. Keep the
          username and key confidential.
        </p>
      }
    >
      {credentials && (
        <>
          <ReadOnlyField label="Username" value={credentials.username} testId="key-username" />
          <KeyField value={credentials.key} label="Key" copyLabel="Copy key" />
          <ReadOnlyField label="Practice group ID" value={credentials.practiceGroupId} testId="key-practice-group-id" />
        </>
      )}
      <div className="flex justify-end">
        <Button onClick={onClose}>Close</Button>
      </div>
    </Dialog>
  );
}
