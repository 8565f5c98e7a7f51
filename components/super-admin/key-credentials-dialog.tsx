"use client";

import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { KeyField } from "@/components/ui/key-field";

export type KeyCredentials = { name: string; username: string; key: string };

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
          Both the username and the API key are required. Send the key in the <code>x-api-key</code> header and the username in the <code>x-username</code>{" "}
          header. Keep both confidential.
        </p>
      }
    >
      {credentials && (
        <>
          <label className="block text-sm font-medium">
            Username
            <input
              readOnly
              value={credentials.username}
              onFocus={(event) => event.currentTarget.select()}
              data-testid="key-username"
              className="mt-1 block w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm"
            />
          </label>
          <KeyField value={credentials.key} label="Key" copyLabel="Copy key" />
        </>
      )}
      <div className="flex justify-end">
        <Button onClick={onClose}>Close</Button>
      </div>
    </Dialog>
  );
}
