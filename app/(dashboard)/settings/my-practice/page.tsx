import type { Metadata } from "next";

import { GenerateKeyDialog } from "@/components/my-practice/generate-key-dialog";
import { PracticeKeyTable } from "@/components/my-practice/key-table";
import { AUDIT_ACTIONS, listAuditEvents } from "@/lib/audit";
import { formatDateTime } from "@/lib/format";
import { listPartnersWithStatus } from "@/lib/partners";
import { getPracticeGroupWithNetworks } from "@/lib/practice-groups";
import { listPracticeKeys } from "@/lib/practice-keys";
import { isPracticeAdmin, requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "My Practice" };

export default async function MyPracticePage() {
  const user = await requireUser();
  const admin = isPracticeAdmin(user);
  const [practice, keys, events, partners] = await Promise.all([
    getPracticeGroupWithNetworks(user.practiceGroupId),
    listPracticeKeys(user.practiceGroupId),
    listAuditEvents(user.practiceGroupId),
    listPartnersWithStatus(user.practiceGroupId),
  ]);

  return (
    <>
      <h1 className="text-2xl font-semibold">My Practice</h1>

      <section aria-labelledby="practice-details" className="space-y-2 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="practice-details" className="text-lg font-semibold">
          {practice.name}
        </h2>
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
          <dt className="text-slate-600">Practice code</dt>
          <dd>{practice.code}</dd>
          <dt className="text-slate-600">Practice group ID</dt>
          <dd className="font-mono break-all" data-testid="practice-group-id">
            {practice.id}
          </dd>
          <dt className="text-slate-600">Networks</dt>
          <dd>{practice.networks.length ? practice.networks.map((m) => m.network.name).join(", ") : "None"}</dd>
        </dl>
        <p className="text-xs text-slate-500">Partners send the practice group ID in the x-practice-group-id header.</p>
      </section>

      <section aria-labelledby="api-key" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="api-key" className="text-lg font-semibold">
            API Key
          </h2>
          {admin ? (
            <GenerateKeyDialog partners={partners} practiceGroupId={practice.id} />
          ) : (
            <p className="text-sm text-slate-600" data-testid="read-only-note">
              Only practice admins can generate or revoke API keys. Ask a practice admin if a partner needs a key.
            </p>
          )}
        </div>
        <p className="text-sm text-slate-600">
          API keys connect Hero with other systems, such as a triage provider, without sharing login details. Each connected partner has one live key. A
          generated key is displayed only once; if it is lost, generate a new one for the same partner: it replaces the old key, which stops working at once.
        </p>
        {keys.length === 0 ? (
          <p className="text-sm">No API keys yet. {admin ? "Generate API Key creates one for a partner, or connect a partner in Apps." : ""}</p>
        ) : (
          <PracticeKeyTable keys={keys} caption={`API keys of ${practice.name}`} canRevoke={admin} />
        )}
      </section>

      <section aria-labelledby="activity" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="activity" className="text-lg font-semibold">
          Activity
        </h2>
        {events.length === 0 ? (
          <p className="text-sm">Nothing yet.</p>
        ) : (
          <ol className="divide-y divide-slate-100 text-sm" aria-label="Activity">
            {events.map((event) => (
              <li key={event.id} className="flex flex-wrap justify-between gap-2 py-2" data-testid="activity-item">
                <span>
                  <strong>{event.actorName}</strong> · {AUDIT_ACTIONS[event.action as keyof typeof AUDIT_ACTIONS] ?? event.action} · {event.targetLabel}
                </span>
                <time dateTime={event.createdAt.toISOString()} className="text-slate-500">
                  {formatDateTime(event.createdAt)}
                </time>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
