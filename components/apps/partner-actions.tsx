"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { connectPartnerAction, disconnectPartnerAction, rotatePartnerKeyAction, viewPartnerKeyAction } from "@/app/(dashboard)/apps/actions";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Dialog } from "@/components/ui/dialog";
import { KeyField } from "@/components/ui/key-field";

type Props = { partnerId: string; partnerName: string; connected: boolean; hasViewableKey: boolean };
type Shown = { title: string; note: string; key: string };

export function PartnerActions({ partnerId, partnerName, connected, hasViewableKey }: Props) {
  const router = useRouter();
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [viewing, startViewing] = useTransition();

  function connect() {
    setError(null);
    startTransition(async () => {
      const result = await connectPartnerAction({ partnerId });
      if (!result.ok) return setError(result.error);
      setShown({ title: `${partnerName} is connected`, note: `Share this API key with ${partnerName} so they can authenticate their requests. You can view it again from this page.`, key: result.key });
      router.refresh();
    });
  }

  function view() {
    setError(null);
    startViewing(async () => {
      const result = await viewPartnerKeyAction({ partnerId });
      if (!result.ok) return setError(result.error);
      setShown({ title: `API key for ${partnerName}`, note: "Viewing a key is recorded in your practice's activity.", key: result.key });
    });
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {!connected && (
          <Button onClick={connect} pending={pending} pendingLabel="Connecting…">
            Connect
          </Button>
        )}
        {connected && hasViewableKey && (
          <Button variant="secondary" onClick={view} pending={viewing} pendingLabel="Loading…">
            View API key
          </Button>
        )}
        {connected && (
          <ConfirmButton
            label="Rotate API key"
            title={`Rotate the API key for ${partnerName}?`}
            description={`A new key will be generated immediately and the old key stops working straight away. Share the new key with ${partnerName} promptly to avoid a gap in service.`}
            confirmLabel="Rotate API key"
            pendingLabel="Rotating…"
            onConfirm={async () => {
              const result = await rotatePartnerKeyAction({ partnerId });
              if (!result.ok) return result.error;
              setShown({ title: `New API key for ${partnerName}`, note: `The old key no longer works. Share this key with ${partnerName}.`, key: result.key });
              router.refresh();
            }}
          />
        )}
        {connected && (
          <ConfirmButton
            label="Disconnect"
            title={`Disconnect ${partnerName}?`}
            description={`This removes ${partnerName}'s access to your practice completely: the integration is disabled and its API keys stop working immediately. To reconnect later you will need to go through the connection flow again and share the new key.`}
            confirmLabel="Disconnect"
            pendingLabel="Disconnecting…"
            onConfirm={async () => {
              const result = await disconnectPartnerAction({ partnerId });
              if (!result.ok) return result.error;
              router.refresh();
            }}
          />
        )}
      </div>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {error}
        </p>
      )}
      <Dialog open={shown !== null} title={shown?.title ?? ""} description={shown?.note} onClose={() => setShown(null)} role="alertdialog">
        {shown && <KeyField value={shown.key} />}
        <div className="flex justify-end">
          <Button onClick={() => setShown(null)}>Close</Button>
        </div>
      </Dialog>
    </div>
  );
}
