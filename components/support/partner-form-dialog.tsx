"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";

import { createPartnerAction, updatePartnerAction } from "@/app/(dashboard)/settings/super-admin/partners/actions";
import { ScopeCheckboxes } from "@/components/support/scope-checkboxes";
import { failureErrors, SupportActionDialog } from "@/components/support/support-action-dialog";
import type { ScopeName } from "@/lib/scopes";

type Partner = { id: string; name: string; slug: string; description: string; scopes: ScopeName[] };
const EMPTY = { name: "", slug: "", description: "", scopes: [] as ScopeName[] };

function Field({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (value: string) => void }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input id={id} type="text" value={value} onChange={(event) => onChange(event.target.value)} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2" />
    </div>
  );
}

/** Create partner / Edit partner: name, slug, description and the scopes it may be granted. */
export function PartnerFormDialog({ partner }: { partner?: Partner }) {
  const router = useRouter();
  const id = useId();
  const [fields, setFields] = useState(partner ?? EMPTY);
  const set = (patch: Partial<typeof fields>) => setFields({ ...fields, ...patch });

  return (
    <SupportActionDialog
      label={partner ? "Edit partner" : "Create partner"}
      title={partner ? `Edit ${partner.name}` : "Create partner"}
      description={partner ? "Removing a scope takes it from every key of this partner on its next request." : undefined}
      confirmLabel={partner ? "Save" : "Create partner"}
      pendingLabel="Saving…"
      outcome={partner ? `Saved ${fields.name}.` : `Created ${fields.name}.`}
      onSubmit={async (reason) => {
        const input = { name: fields.name, slug: fields.slug, description: fields.description, scopes: fields.scopes, reason };
        const result = partner ? await updatePartnerAction({ partnerId: partner.id, ...input }) : await createPartnerAction(input);
        if (!result.ok) return failureErrors(result);
        if (!partner) setFields(EMPTY);
        router.refresh();
      }}
    >
      <Field id={`${id}-name`} label="Name" value={fields.name} onChange={(name) => set({ name })} />
      <Field id={`${id}-slug`} label="Slug" value={fields.slug} onChange={(slug) => set({ slug })} />
      <Field id={`${id}-description`} label="Description" value={fields.description} onChange={(description) => set({ description })} />
      <ScopeCheckboxes value={fields.scopes} onChange={(scopes) => set({ scopes })} />
    </SupportActionDialog>
  );
}
