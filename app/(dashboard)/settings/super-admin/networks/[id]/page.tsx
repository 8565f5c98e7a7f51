import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";

import { AddMemberButton, RemoveMemberButton } from "@/components/support/network-actions";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { getNetwork } from "@/lib/networks";
import { requireSuperAdmin } from "@/lib/session";

type Props = { params: Promise<{ id: string }> };

async function networkOf({ params }: Props) {
  await requireSuperAdmin();
  const id = z.uuid().safeParse((await params).id);
  return id.success ? await getNetwork(id.data) : null;
}

// Named, so that tabs and history tell one network from another.
export async function generateMetadata(props: Props): Promise<Metadata> {
  const network = await networkOf(props);
  return { title: network ? `${network.name} · Networks · Super admin` : "Network · Super admin" };
}

export default async function SupportNetworkPage(props: Props) {
  const network = await networkOf(props);
  if (!network) notFound();

  return (
    <>
      <Breadcrumb href="/settings/super-admin/networks" parent="Networks" current={network.name} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">
          {network.name} <span className="text-base font-normal text-slate-600">({network.code})</span>
        </h1>
        <AddMemberButton networkId={network.id} networkName={network.name} />
      </div>
      {network.members.length === 0 ? (
        <p className="text-sm">No practices yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label="Member practices">
          {network.members.map(({ practiceGroup }) => (
            <li key={practiceGroup.id} className="flex flex-wrap items-center justify-between gap-2 p-4 text-sm" data-testid="network-member">
              <span>
                {practiceGroup.name} <span className="text-slate-500">({practiceGroup.code})</span>
              </span>
              <RemoveMemberButton networkId={network.id} practiceGroupId={practiceGroup.id} practiceName={practiceGroup.name} networkName={network.name} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
