import Link from "next/link";

import { Badge } from "@/components/ui/badge";
import { cardRow, CardTable, Cell } from "@/components/ui/card-table";
import type { listPartnersForSupport } from "@/lib/partner-admin";
import { scopeLabels } from "@/lib/scopes";

type Partner = Awaited<ReturnType<typeof listPartnersForSupport>>[number];

/** Super admin > Partners: every partner, or, before the first, how to add one. */
export function PartnersTable({ partners }: { partners: Partner[] }) {
  return (
    <section aria-label="Partners" className="rounded-lg border border-slate-200 bg-white p-5">
      {partners.length === 0 ? (
        <p className="text-sm" data-testid="no-partners">
          No partners yet: Create partner adds the first, for practices to connect in Apps.
        </p>
      ) : (
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
      )}
    </section>
  );
}
