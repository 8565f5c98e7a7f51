"use client";

import { deleteUserKeyAction } from "@/app/(dashboard)/settings/super-admin/api-keys/actions";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { useAnnounce } from "@/components/ui/status-message";

export function DeleteKeyButton({ keyId, name, ownerName }: { keyId: string; name: string; ownerName: string }) {
  const announce = useAnnounce();
  return (
    <ConfirmButton
      label="Delete"
      title={`Delete the API key "${name}"?`}
      description={`The key stops working immediately: anything that uses it to act for ${ownerName} will be refused. This cannot be undone.`}
      confirmLabel="Delete"
      pendingLabel="Deleting…"
      onConfirm={async () => {
        const result = await deleteUserKeyAction({ keyId });
        if (!result.ok) return result.error;
        announce(`Deleted the API key "${name}". It no longer works.`);
      }}
    />
  );
}
