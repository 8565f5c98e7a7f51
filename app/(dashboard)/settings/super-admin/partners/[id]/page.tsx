import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";

import { Pagination } from "@/components/super-admin/pagination";
import { PartnerFormDialog } from "@/components/support/partner-form-dialog";
import { ConnectionScopesButton, SuspendPartnerButton } from "@/components/support/partner-support-actions";
import { Badge } from "@/components/ui/badge";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { ActionsCell, cardRow, CardTable, Cell } from "@/components/ui/card-table";
import { formatDateTime } from "@/lib/format";
import { pageNumber } from "@/lib/pagination";
import { getPartnerForSupport } from "@/lib/partner-admin";
import { scopeLabels } from "@/lib/scopes";
import { requireSuperAdmin } from "@/lib/session";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function partnerOf({ params, searchParams }: Props) {
  await requireSuperAdmin();
  const id = z.uuid().safeParse((await params).id);
  const page = pageNumber.parse([(await searchParams).page].flat()[0]);
  return id.success ? await getPartnerForSupport(id.data, page) : null;
}

// Named, so that tabs and history tell one partner from another.
export async function generateMetadata(props: Props): Promise<Metadata> {
  const partner = await partnerOf(props);
  return { title: partner ? `${partner.name} · Partners · Super admin` : "Partner · Super admin" };
}

export default async function SupportPartnerPage(props: Props) {
  const partner = await partnerOf(props);
  if (!partner) notFound();
  const pagePath = `/settings/super-admin/partners/${partner.id}`;

  return (
    <>
      <Breadcrumb href="/settings/super-admin/partners" parent="Partners" current={partner.name} />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{partner.name}</h1>
        {partner.suspendedAt ? <Badge tone="red">Suspended {formatDateTime(partner.suspendedAt)}</Badge> : <Badge tone="green">Active</Badge>}
      </div>
      <p className="text-slate-700">{partner.description}</p>
      <p className="text-sm text-slate-600" data-testid="partner-scopes">
        May be granted: {scopeLabels(partner.scopes)}
      </p>
      <div className="flex flex-wrap gap-2">
        <PartnerFormDialog
          partner={{
            id: partner.id,
            name: partner.name,
            slug: partner.slug,
            description: partner.description,
            scopes: partner.scopes,
            loadedAt: partner.updatedAt.toISOString(),
          }}
        />
        <SuspendPartnerButton partnerId={partner.id} partnerName={partner.name} suspended={partner.suspendedAt !== null} />
      </div>

      <section aria-labelledby="connections" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="connections" className="text-lg font-semibold">
          Connected practices
        </h2>
        {partner.connections.length === 0 ? (
          <p className="text-sm">No practice has connected {partner.name}.</p>
        ) : (
          <CardTable caption={`Practices connected to ${partner.name}`} columns={["Practice", "Key", "Key scopes"]} actions>
            {partner.connections.map((connection) => {
              const key = connection.apiKeys[0];
              return (
                <tr key={connection.id} className={cardRow} data-testid="support-connection-row">
                  <Cell label="Practice">
                    {connection.practiceGroup.name} <span className="text-slate-500">({connection.practiceGroup.code})</span>
                  </Cell>
                  <Cell label="Key" className="font-mono">
                    {key?.displayKey ?? "—"}
                  </Cell>
                  <Cell label="Key scopes">{key ? scopeLabels(key.scopes) : "—"}</Cell>
                  <ActionsCell label={`Actions for ${connection.practiceGroup.name}`}>
                    {key && (
                      <ConnectionScopesButton
                        partnerId={partner.id}
                        practiceGroupId={connection.practiceGroup.id}
                        practiceName={connection.practiceGroup.name}
                        partnerScopes={partner.scopes}
                        keyId={key.id}
                        scopes={key.scopes}
                      />
                    )}
                  </ActionsCell>
                </tr>
              );
            })}
          </CardTable>
        )}
        {partner.connectionsPage.pageCount > 1 && (
          <Pagination path={pagePath} query="" noun={["connected practice", "connected practices"]} {...partner.connectionsPage} />
        )}
      </section>
    </>
  );
}
