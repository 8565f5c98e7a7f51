"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { connectionScopesAction, suspendPartnerAction } from "@/app/(dashboard)/settings/super-admin/partners/actions";
import { ScopeCheckboxes } from "@/components/support/scope-checkboxes";
import { failureErrors, SupportActionDialog } from "@/components/support/support-action-dialog";
import type { ScopeName } from "@/lib/scopes";

/** Suspend partner / Resume partner: the switch for a compromised partner. */
export function SuspendPartnerButton({ partnerId, partnerName, suspended }: { partnerId: string; partnerName: string; suspended: boolean }) {
  const router = useRouter();
  return (
    <SupportActionDialog
      label={suspended ? "Resume partner" : "Suspend partner"}
      title={suspended ? `Resume ${partnerName}?` : `Suspend ${partnerName}?`}
      description={
        suspended
          ? `${partnerName}'s keys work again on their next request, on every practice still connected.`
          : `Every key of ${partnerName}, on every practice, is refused (401 invalid_credentials) from its next request until you resume the partner. Connections and keys are kept.`
      }
      confirmLabel={suspended ? "Resume partner" : "Suspend partner"}
      pendingLabel="Saving…"
      outcome={suspended ? `${partnerName} is resumed: its keys work again.` : `${partnerName} is suspended: its keys are refused.`}
      variant={suspended ? "primary" : "danger"}
      onSubmit={async (reason) => {
        const result = await suspendPartnerAction({ partnerId, suspended: !suspended, reason });
        if (!result.ok) return failureErrors(result);
        router.refresh();
      }}
    />
  );
}

type ConnectionScopesProps = {
  partnerId: string;
  practiceGroupId: string;
  practiceName: string;
  partnerScopes: ScopeName[];
  keyId: string;
  scopes: ScopeName[];
};

/** Per connection: what its key may do, within the partner's scopes. */
export function ConnectionScopesButton({ partnerId, practiceGroupId, practiceName, partnerScopes, keyId, scopes }: ConnectionScopesProps) {
  const router = useRouter();
  const [chosen, setChosen] = useState(scopes);
  return (
    <SupportActionDialog
      onOpen={() => setChosen(scopes)}
      label="Change scopes"
      title={`Scopes of the key at ${practiceName}`}
      description="The change applies to the key and its access tokens on their next request."
      confirmLabel="Save scopes"
      pendingLabel="Saving…"
      outcome={`Saved the scopes of the key at ${practiceName}.`}
      variant="secondary"
      onSubmit={async (reason) => {
        const result = await connectionScopesAction({ partnerId, practiceGroupId, scopes: chosen, reason, replacing: keyId, shown: scopes });
        if (!result.ok) return failureErrors(result);
        router.refresh();
      }}
    >
      {(field) => <ScopeCheckboxes {...field("scopes")} value={chosen} onChange={setChosen} allowed={partnerScopes} />}
    </SupportActionDialog>
  );
}
