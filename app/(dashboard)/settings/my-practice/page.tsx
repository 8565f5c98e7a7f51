import type { Metadata } from "next";

import { GenerateKeyDialog } from "@/components/my-practice/generate-key-dialog";
import { RevokeKeyButton } from "@/components/my-practice/revoke-key-button";
import { Badge } from "@/components/ui/badge";
import { AUDIT_ACTIONS, listAuditEvents } from "@/lib/audit";
import { formatDateTime } from "@/lib/format";
import { expiresInDays, expiryWarning, keyLabel } from "@/lib/key-status";
import { listPartnersWithStatus } from "@/lib/partners";
import { getPracticeGroupWithNetworks } from "@/lib/practice-groups";
import { listPracticeKeys } from "@/lib/practice-keys";
import { SCOPE_LABELS } from "@/lib/scopes";
import { isPracticeAdmin, requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "My Practice" };

const STATUS_TONES = { Active: "green", Expired: "amber", Rotated: "grey", Revoked: "red", Deleted: "red" } as const;

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
          {admin && <GenerateKeyDialog partners={partners} practiceGroupId={practice.id} />}
        </div>
        <p className="text-sm text-slate-600">
          API keys connect Hero with other systems, such as a triage provider, without sharing login details. Each connected partner has one live key. A generated key is displayed only once; if it is lost, generate a new one for the same partner: it replaces the old key, which stops working at once.
        </p>
        {keys.length === 0 ? (
          <p className="text-sm">No API keys yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">API keys of {practice.name}</caption>
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-3">Partner</th>
                  <th scope="col" className="py-2 pr-3">Name</th>
                  <th scope="col" className="py-2 pr-3">Key</th>
                  <th scope="col" className="py-2 pr-3">Scopes</th>
                  <th scope="col" className="py-2 pr-3">Created by</th>
                  <th scope="col" className="py-2 pr-3">Created</th>
                  <th scope="col" className="py-2 pr-3">Expires</th>
                  <th scope="col" className="py-2 pr-3">Last used</th>
                  <th scope="col" className="py-2 pr-3">Status</th>
                  {admin && <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>}
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => {
                  const days = expiresInDays(key);
                  const partnerName = key.partner?.name ?? "Partner";
                  return (
                    <tr key={key.id} className="border-b border-slate-100" data-testid="api-key-row">
                      <td className="py-2 pr-3">{partnerName}</td>
                      <td className="py-2 pr-3">{key.name || "—"}</td>
                      <td className="py-2 pr-3 font-mono">{key.displayKey}</td>
                      <td className="py-2 pr-3">{key.scopes.map((scope) => SCOPE_LABELS[scope]).join(", ")}</td>
                      <td className="py-2 pr-3">{key.createdBy?.name ?? "Hero"}</td>
                      <td className="py-2 pr-3">{formatDateTime(key.createdAt)}</td>
                      <td className="py-2 pr-3">
                        {formatDateTime(key.expiresAt)}
                        {days !== null && (
                          <span className="ml-1">
                            <Badge tone="amber">{expiryWarning(days)}</Badge>
                          </span>
                        )}
                      </td>
                      <td className="py-2 pr-3">{formatDateTime(key.lastUsedAt)}</td>
                      <td className="py-2 pr-3">
                        <Badge tone={STATUS_TONES[key.status]}>{key.status}</Badge>
                      </td>
                      {admin && (
                        <td className="py-2">
                          {key.revokedAt === null && <RevokeKeyButton keyId={key.id} label={`${partnerName} key ${keyLabel(key)}`} partnerName={partnerName} />}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
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
