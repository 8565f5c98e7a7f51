"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { addNetworkMemberAction, createNetworkAction, removeNetworkMemberAction } from "@/app/(dashboard)/settings/super-admin/networks/actions";
import { TextField } from "@/components/super-admin/text-field";
import { failureErrors, SupportActionDialog } from "@/components/support/support-action-dialog";
import { useAnnounce } from "@/components/ui/status-message";
import { NETWORK_CODE_MAX, NETWORK_NAME_MAX, PRACTICE_CODE_MAX } from "@/lib/schemas";

export function CreateNetworkButton() {
  const router = useRouter();
  const announce = useAnnounce();
  const [name, setName] = useState("");
  const [code, setCode] = useState("");
  return (
    <SupportActionDialog
      onOpen={() => {
        setName("");
        setCode("");
      }}
      label="Create network"
      title="Create network"
      description="Members of a network may make cross-organisational calls for each other."
      confirmLabel="Create network"
      pendingLabel="Creating…"
      // Said on the network's own page, where Create network goes.
      outcome={null}
      onSubmit={async (reason) => {
        const result = await createNetworkAction({ name, code, reason });
        if (!result.ok) return failureErrors(result);
        const path = `/settings/super-admin/networks/${result.id}`;
        announce(`Created ${name.trim()}.`, path);
        router.push(path);
      }}
    >
      {(field) => (
        <>
          <TextField {...field("name")} label="Network name" maxLength={NETWORK_NAME_MAX} value={name} onChange={setName} />
          <TextField {...field("code")} label="Network code" maxLength={NETWORK_CODE_MAX} value={code} onChange={setCode} />
        </>
      )}
    </SupportActionDialog>
  );
}

export function AddMemberButton({ networkId, networkName }: { networkId: string; networkName: string }) {
  const router = useRouter();
  const announce = useAnnounce();
  const [practiceCode, setPracticeCode] = useState("");
  return (
    <SupportActionDialog
      onOpen={() => setPracticeCode("")}
      label="Add practice"
      title={`Add a practice to ${networkName}`}
      description="Its partners' keys may act for the other members, and theirs for it, from their next request."
      confirmLabel="Add practice"
      pendingLabel="Adding…"
      outcome={null}
      onSubmit={async (reason) => {
        const result = await addNetworkMemberAction({ networkId, practiceCode, reason });
        if (!result.ok) return failureErrors(result);
        announce(`Added ${result.practice} to ${networkName}.`);
        router.refresh();
      }}
    >
      {(field) => <TextField {...field("practiceCode")} label="Practice code" maxLength={PRACTICE_CODE_MAX} value={practiceCode} onChange={setPracticeCode} />}
    </SupportActionDialog>
  );
}

export function RemoveMemberButton({
  networkId,
  practiceGroupId,
  practiceName,
  networkName,
}: {
  networkId: string;
  practiceGroupId: string;
  practiceName: string;
  networkName: string;
}) {
  const router = useRouter();
  return (
    <SupportActionDialog
      label="Remove"
      accessibleName={`Remove ${practiceName}`}
      title={`Remove ${practiceName} from ${networkName}?`}
      description="Cross-organisational calls between it and the other members are refused (403 forbidden) from their next request, except between practices that share another network."
      confirmLabel="Remove"
      pendingLabel="Removing…"
      outcome={`Removed ${practiceName} from ${networkName}.`}
      variant="danger"
      onSubmit={async (reason) => {
        const result = await removeNetworkMemberAction({ networkId, practiceGroupId, reason });
        if (!result.ok) return failureErrors(result);
        router.refresh();
      }}
    />
  );
}
