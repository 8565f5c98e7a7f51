"use client";

import { useRouter } from "next/navigation";

import { revokeApiKeyAction } from "@/app/(dashboard)/settings/my-practice/actions";
import { ConfirmButton } from "@/components/ui/confirm-button";

export function RevokeKeyButton({ keyId, label }: { keyId: string; label: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Revoke"
      title={`Revoke ${label}?`}
      description="The key stops working immediately. The partner will need a new key, which you can generate here."
      confirmLabel="Revoke"
      pendingLabel="Revoking…"
      onConfirm={async () => {
        const result = await revokeApiKeyAction({ keyId });
        if (!result.ok) return result.error;
        router.refresh();
      }}
    />
  );
}
