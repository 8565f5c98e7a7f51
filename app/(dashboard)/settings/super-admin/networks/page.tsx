import type { Metadata } from "next";
import Link from "next/link";

import { SuperAdminTitle } from "@/components/super-admin/page-title";
import { CreateNetworkButton } from "@/components/support/network-actions";
import { listNetworks } from "@/lib/networks";
import { requireSuperAdmin } from "@/lib/session";

export const metadata: Metadata = { title: "Networks · Super admin" };

export default async function SupportNetworksPage() {
  await requireSuperAdmin();
  const networks = await listNetworks();

  return (
    <>
      <SuperAdminTitle title="Networks">
        <CreateNetworkButton />
      </SuperAdminTitle>
      <p className="text-sm text-slate-600">
        Hero-configured networks, such as a Primary Care Network: a partner key of one member may act for the others (cross-organisational calls).
      </p>
      {networks.length === 0 ? (
        <p className="text-sm">No networks yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label="Networks">
          {networks.map((network) => (
            <li key={network.id} className="flex flex-wrap justify-between gap-2 p-4 text-sm">
              <Link href={`/settings/super-admin/networks/${network.id}`} className="font-medium text-brand-700 underline">
                {network.name}
              </Link>
              <span className="text-slate-600">
                {network.code} · {network._count.members} {network._count.members === 1 ? "practice" : "practices"}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
