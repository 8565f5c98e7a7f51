import type { Metadata } from "next";
import Link from "next/link";

import { Badge } from "@/components/ui/badge";
import { expiresInDays, expiryWarning, keyLabel } from "@/lib/key-status";
import { getDashboardSummary, getPracticeGroupWithNetworks } from "@/lib/practice-groups";
import { isPracticeAdmin, requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser();
  const [practice, summary] = await Promise.all([getPracticeGroupWithNetworks(user.practiceGroupId), getDashboardSummary(user.practiceGroupId)]);
  // Staff cannot connect partners or generate keys: point them to who can.
  const admin = isPracticeAdmin(user);

  return (
    <>
      <h1 className="text-2xl font-semibold">Dashboard</h1>
      <section aria-labelledby="integrations" className="grid gap-4 sm:grid-cols-2">
        <h2 id="integrations" className="sr-only">
          Integrations
        </h2>
        <Link href="/apps" className="rounded-lg border border-slate-200 bg-white p-5 hover:border-brand-600">
          <p className="text-3xl font-semibold">{summary.connectedPartners}</p>
          <p className="text-sm text-slate-600">Connected partners</p>
          {summary.connectedPartners === 0 && (
            <p className="mt-2 text-sm text-brand-700 underline">{admin ? "Connect a partner in Apps" : "Ask a practice admin to connect a partner in Apps"}</p>
          )}
        </Link>
        <Link href="/settings/my-practice" className="rounded-lg border border-slate-200 bg-white p-5 hover:border-brand-600">
          <p className="text-3xl font-semibold">{summary.activeKeys}</p>
          <p className="text-sm text-slate-600">Active partner API keys</p>
          {summary.activeKeys === 0 && (
            <p className="mt-2 text-sm text-brand-700 underline">
              {admin ? "Generate API Key in Settings > My Practice" : "Ask a practice admin to generate an API key in Settings > My Practice"}
            </p>
          )}
        </Link>
      </section>
      {summary.expiringKeys.length > 0 && (
        <section aria-labelledby="expiring" className="space-y-2 rounded-lg border border-amber-200 bg-amber-50 p-5">
          <h2 id="expiring" className="text-lg font-semibold">
            API keys to rotate
          </h2>
          <ul className="space-y-1 text-sm">
            {summary.expiringKeys.map((key) => {
              const days = expiresInDays(key);
              return (
                <li key={key.id} className="flex flex-wrap items-center gap-2" data-testid="expiring-key">
                  <Link href={`/apps/${key.partner?.slug}`} className="text-brand-700 underline">
                    {key.partner?.name}
                  </Link>
                  <span className="font-mono">{keyLabel(key)}</span>
                  <Badge tone="amber">{days === null ? "Expired" : expiryWarning(days)}</Badge>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <section aria-labelledby="practice" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="practice" className="mb-2 text-lg font-semibold">
          {practice.name}
        </h2>
        <p className="text-sm text-slate-600">
          Practice code {practice.code}
          {practice.networks.length > 0 && <> · Member of {practice.networks.map((network) => network.name).join(", ")}</>}
        </p>
      </section>
    </>
  );
}
