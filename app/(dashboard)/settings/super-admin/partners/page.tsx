import type { Metadata } from "next";
import Link from "next/link";

import { SuperAdminTitle } from "@/components/super-admin/page-title";
import { PartnerFormDialog } from "@/components/support/partner-form-dialog";
import { Badge } from "@/components/ui/badge";
import { cardRow, CardTable, Cell } from "@/components/ui/card-table";
import { listPartnersForSupport } from "@/lib/partner-admin";
import { scopeLabels } from "@/lib/scopes";
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
      <section aria-label="Partners" className="rounded-lg border border-slate-200 bg-white p-5">
        <CardTable caption="Partners" columns={["Partner", "Slug", "Scopes", "Connected practices", "Status"]}>
          {partners.map((partner) => (
            <tr key={partner.id} className={cardRow} data-testid="support-partner-row">
              <Cell label="Partner">
                <Link href={`/settings/super-admin/partners/${partner.id}`} className="text-brand-700 underline">
                  {partner.name}
                </Link>
              </Cell>
              <Cell label="Slug" className="font-mono break-all">
                {partner.slug}
              </Cell>
              <Cell label="Scopes">{scopeLabels(partner.scopes)}</Cell>
              <Cell label="Connected practices">{partner._count.connections}</Cell>
              <Cell label="Status">{partner.suspendedAt ? <Badge tone="red">Suspended</Badge> : <Badge tone="green">Active</Badge>}</Cell>
            </tr>
          ))}
        </CardTable>
      </section>
    </>
  );
}
