"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { connectPartnerAction, disconnectPartnerAction, rotatePartnerKeyAction, viewPartnerKeyAction } from "@/app/(dashboard)/apps/actions";
import { KeyOptionsDialog } from "@/components/keys/key-options-dialog";
import { defaultKeyOptions, keyOptionsInput, replacementKeyOptions } from "@/components/keys/key-options-fields";
import { NewKeyDialog, type NewKey } from "@/components/keys/new-key-dialog";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { useAnnounce } from "@/components/ui/status-message";
import type { ScopeName } from "@/lib/scopes";

type Props = {
  partnerId: string;
  partnerName: string;
  partnerScopes: ScopeName[];
  practiceGroupId: string;
  connected: boolean;
  /** Hero support has suspended the partner: it cannot be connected until resumed (lib/connections.ts). */
  suspended: boolean;
  /** The live key, when there is one; viewable when a copy is stored (Connect, Rotate API key). */
  liveKey: { id: string; name: string; scopes: ScopeName[]; expiresAt: Date | null; viewable: boolean } | null;
  /** What the live key did since it was made (the API access ledger), in words. */
  usage: string;
};

const failure = (result: { ok: false; error: string; fieldErrors?: Record<string, string> }) => result.fieldErrors ?? { form: result.error };

export function PartnerActions({ partnerId, partnerName, partnerScopes, practiceGroupId, connected, suspended, liveKey, usage }: Props) {
  const router = useRouter();
  const announce = useAnnounce();
  const [shown, setShown] = useState<(NewKey & { outcome?: string }) | null>(null);
  // View API key's refusal, for the key it was about: once the page shows another (a rotation, a reload), it no longer applies.
  const [error, setError] = useState<{ text: string; keyId: string | null } | null>(null);
  const keyId = liveKey?.id ?? null;
  const [viewing, startViewing] = useTransition();

  function view() {
    if (viewing) return;
    setError(null);
    startViewing(async () => {
      const result = await viewPartnerKeyAction({ partnerId });
      if (!result.ok) return setError({ text: result.error, keyId });
      setShown({ title: `API key for ${partnerName}`, note: "Viewing a key is recorded in your practice's activity.", key: result.key, shownOnce: false });
    });
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {!connected && !suspended && (
          <KeyOptionsDialog
            label="Connect"
            title={`Connect ${partnerName}`}
            description={`Connecting creates an API key for ${partnerName}. You can view it again from this page.`}
            partnerName={partnerName}
            partnerScopes={partnerScopes}
            initial={defaultKeyOptions(partnerScopes)}
            confirmLabel="Connect"
            pendingLabel="Connecting…"
            onSubmit={async (options) => {
              const result = await connectPartnerAction({ partnerId, replacing: "", ...keyOptionsInput(options) });
              if (!result.ok) return failure(result);
              setShown({
                title: `${partnerName} is connected`,
                note: `Share this API key with ${partnerName} so they can authenticate their requests. You can view it again from this page.`,
                key: result.key,
                shownOnce: false,
                outcome: `${partnerName} is connected.`,
              });
              router.refresh();
            }}
          />
        )}
        {/* Not disabled while loading: a disabled button drops focus, and the dialog could not hand it back on close. */}
        {connected && !suspended && liveKey?.viewable && (
          <Button variant="secondary" onClick={view} aria-busy={viewing || undefined}>
            {viewing ? "Loading…" : "View API key"}
          </Button>
        )}
        {connected && (
          <KeyOptionsDialog
            label="Rotate API key"
            variant="secondary"
            title={`Rotate the API key for ${partnerName}?`}
            description={`A new key will be generated and the current key stops working straight away. Share the new key with ${partnerName} promptly to avoid a gap in service. ${usage}`}
            partnerName={partnerName}
            partnerScopes={partnerScopes}
            initial={replacementKeyOptions(liveKey, partnerScopes)}
            confirmLabel="Rotate API key"
            pendingLabel="Rotating…"
            onSubmit={async (options) => {
              const result = await rotatePartnerKeyAction({
                partnerId,
                replacing: liveKey?.id ?? "",
                shownScopes: liveKey?.scopes,
                ...keyOptionsInput(options),
              });
              if (!result.ok) return failure(result);
              setShown({
                title: `New API key for ${partnerName}`,
                note: `The previous key no longer works. Share this key with ${partnerName}.`,
                key: result.key,
                shownOnce: false,
                outcome: `New API key issued for ${partnerName}. The previous key no longer works.`,
              });
              router.refresh();
            }}
          />
        )}
        {connected && (
          <ConfirmButton
            label="Disconnect"
            title={`Disconnect ${partnerName}?`}
            description={`This removes ${partnerName}'s access to your practice completely: the integration is disabled and its API key stops working immediately. To reconnect later you will need to go through the connection flow again and share the new key. ${usage}`}
            confirmLabel="Disconnect"
            pendingLabel="Disconnecting…"
            onConfirm={async () => {
              const result = await disconnectPartnerAction({ partnerId, replacing: liveKey?.id ?? "" });
              if (!result.ok) return result.error;
              announce(`${partnerName} is disconnected. Its API key no longer works.`);
              router.refresh();
            }}
          />
        )}
      </div>
      {error?.keyId === keyId && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {error.text}
        </p>
      )}
      <NewKeyDialog
        shown={shown}
        practiceGroupId={practiceGroupId}
        onClose={() => {
          // A new key's dialog says what was done; after View, focus simply goes back to View API key.
          if (shown?.outcome) announce(shown.outcome);
          setShown(null);
        }}
      />
    </div>
  );
}
