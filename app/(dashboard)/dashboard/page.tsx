import type { Metadata } from "next";
import Link from "next/link";

import { getDashboardSummary, getPracticeGroupWithNetworks } from "@/lib/practice-groups";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser();
  const [practice, summary] = await Promise.all([getPracticeGroupWithNetworks(user.practiceGroupId), getDashboardSummary(user.practiceGroupId)]);

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
        </Link>
        <Link href="/settings/my-practice" className="rounded-lg border border-slate-200 bg-white p-5 hover:border-brand-600">
          <p className="text-3xl font-semibold">{summary.activeKeys}</p>
          <p className="text-sm text-slate-600">Active partner API keys</p>
        </Link>
      </section>
      <section aria-labelledby="practice" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="practice" className="mb-2 text-lg font-semibold">
          {practice.name}
        </h2>
        <p className="text-sm text-slate-600">
          Practice code {practice.code}
          {practice.networks.length > 0 && <> · Member of {practice.networks.map((m) => m.network.name).join(", ")}</>}
        </p>
      </section>
    </>
  );
}
