import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { PartnerActions } from "@/components/apps/partner-actions";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/lib/format";
import { getPartnerPage } from "@/lib/partners";
import { SCOPE_LABELS } from "@/lib/scopes";
import { isPracticeAdmin, requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Apps" };

export default async function PartnerPage({ params }: { params: Promise<{ slug: string }> }) {
  const user = await requireUser();
  const page = await getPartnerPage(user.practiceGroupId, (await params).slug);
  if (!page) notFound();
  const { partner, connected, connection, connectionKey } = page;

  return (
    <>
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/apps" className="text-brand-700 underline">
          Apps
        </Link>{" "}
        / {partner.name}
      </nav>
      <div className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">{partner.name}</h1>
          <Badge tone={connected ? "green" : "grey"}>{connected ? "Connected" : "Not connected"}</Badge>
        </div>
        <p className="text-slate-700">{partner.description}</p>
        <p className="text-sm text-slate-600">Scopes: {partner.scopes.map((scope) => SCOPE_LABELS[scope]).join(", ")}</p>
        {connected && connection?.connectedAt && <p className="text-sm text-slate-600">Connected {formatDateTime(connection.connectedAt)}</p>}
      </div>

      <section aria-labelledby="access" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="access" className="text-lg font-semibold">
          Access
        </h2>
        {connected && (
          <p className="text-sm">
            API key:{" "}
            {connectionKey ? (
              <span className="font-mono" data-testid="display-key">
                {connectionKey.displayKey}
              </span>
            ) : (
              <span>keys for this partner were generated in Settings &gt; My Practice &gt; API Key and cannot be shown again. Rotate the API key to issue one you can view here.</span>
            )}
          </p>
        )}
        {isPracticeAdmin(user) ? (
          <PartnerActions partnerId={partner.id} partnerName={partner.name} connected={connected} hasViewableKey={Boolean(connectionKey)} />
        ) : (
          <p className="text-sm text-slate-600">Only practice admins can connect, rotate keys or disconnect apps.</p>
        )}
      </section>
    </>
  );
}
