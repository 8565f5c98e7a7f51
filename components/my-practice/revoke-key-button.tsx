"use client";

import { useRouter } from "next/navigation";

import { revokeApiKeyAction } from "@/app/(dashboard)/settings/my-practice/actions";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { useAnnounce } from "@/components/ui/status-message";

/** Revoke a partner's live key. It is the partner's only access, so revoking it disconnects the partner. */
export function RevokeKeyButton({ keyId, label, partnerName, usage }: { keyId: string; label: string; partnerName: string; usage: string }) {
  const router = useRouter();
  const announce = useAnnounce();
  return (
    <ConfirmButton
      label="Revoke"
      title={`Revoke ${label}?`}
      description={
        <>
          <p>
            The key stops working immediately and <strong>{partnerName} is disconnected</strong>: it loses all access to your practice&apos;s data.
          </p>
          <p className="mt-2" data-testid="key-usage">
            {usage}
          </p>
          <p className="mt-2">
            To give {partnerName} a new key instead and keep it connected, use Rotate API key on its page in Apps, or Generate API Key here.
          </p>
        </>
      }
      confirmLabel="Revoke and disconnect"
      pendingLabel="Revoking…"
      onConfirm={async () => {
        const result = await revokeApiKeyAction({ keyId });
        if (!result.ok) return result.error;
        announce(`Revoked the ${label}. ${partnerName} is disconnected.`);
        router.refresh();
      }}
    />
  );
}
