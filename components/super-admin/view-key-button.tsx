"use client";

import { useState, useTransition } from "react";

import { viewUserKeyAction } from "@/app/(dashboard)/settings/super-admin/api-keys/actions";
import { KeyCredentialsDialog, type KeyCredentials } from "@/components/super-admin/key-credentials-dialog";
import { Button } from "@/components/ui/button";

/** View: fetches the key only when asked (each view is audited), never with the page. */
export function ViewKeyButton({ keyId }: { keyId: string }) {
  const [credentials, setCredentials] = useState<KeyCredentials | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function view() {
    if (pending) return;
    setError(null);
    startTransition(async () => {
      const result = await viewUserKeyAction({ keyId });
      if (!result.ok) return setError(result.error);
      setCredentials({ name: result.name, username: result.username, practiceGroupId: result.practiceGroupId, key: result.key });
    });
  }

  return (
    <>
      {/* Not disabled while loading: a disabled button drops focus, and the dialog could not hand it back on close. */}
      <Button variant="secondary" onClick={view} aria-busy={pending || undefined}>
        {pending ? "Loading…" : "View"}
      </Button>
      {error && (
        <p role="alert" className="basis-full text-sm text-red-700">
          {error}
        </p>
      )}
      <KeyCredentialsDialog credentials={credentials} title={`API key: ${credentials?.name ?? ""}`} onClose={() => setCredentials(null)} />
    </>
  );
}
