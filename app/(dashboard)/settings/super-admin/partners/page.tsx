import type { Metadata } from "next";
import Link from "next/link";

import { SuperAdminTitle } from "@/components/super-admin/page-title";
import { PartnerFormDialog } from "@/components/support/partner-form-dialog";
import { Badge } from "@/components/ui/badge";
import { listPartnersForSupport } from "@/lib/partner-admin";
import { SCOPE_LABELS } from "@/lib/scopes";
import { requireSuperAdmin } from "@/lib/session";

export const metadata: Metadata = { title: "Partners · Super admin" };

export default async function SupportPartnersPage() {
  await requireSuperAdmin();
  const partners = await listPartnersForSupport();

  return (
    <>
      <SuperAdminTitle title="Partners">
        <PartnerFormDialog />
      </SuperAdminTitle>
      <p className="text-sm text-slate-600">
        The partners practices can connect in Apps, and the scopes each may be granted (partners email Hero support with the scopes they need).
      </p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-5">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Partners</caption>
          <thead className="border-b border-slate-200 text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-3">
                Partner
              </th>
              <th scope="col" className="py-2 pr-3">
                Slug
              </th>
              <th scope="col" className="py-2 pr-3">
                Scopes
              </th>
              <th scope="col" className="py-2 pr-3">
                Connected practices
              </th>
              <th scope="col" className="py-2">
                Status
              </th>
            </tr>
          </thead>
          <tbody>
            {partners.map((partner) => (
              <tr key={partner.id} className="border-b border-slate-100" data-testid="support-partner-row">
                <td className="py-2 pr-3">
                  <Link href={`/settings/super-admin/partners/${partner.id}`} className="text-brand-700 underline">
                    {partner.name}
                  </Link>
                </td>
                <td className="py-2 pr-3 font-mono">{partner.slug}</td>
                <td className="py-2 pr-3">{partner.scopes.map((scope) => SCOPE_LABELS[scope]).join(", ")}</td>
                <td className="py-2 pr-3">{partner._count.connections}</td>
                <td className="py-2">{partner.suspendedAt ? <Badge tone="red">Suspended</Badge> : <Badge tone="green">Active</Badge>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
