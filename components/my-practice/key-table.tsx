import Link from "next/link";

import { RevokeKeyButton } from "@/components/my-practice/revoke-key-button";
import { Badge } from "@/components/ui/badge";
import { ActionsCell, cardRow, CardTable, Cell } from "@/components/ui/card-table";
import type { KeyUsage } from "@/lib/api-activity";
import { formatDateTime, formatExpiry } from "@/lib/format";
import { describeUsage, expiresInDays, expiryWarning, KEY_STATUS_TONES, keyLabel } from "@/lib/key-status";
import type { listPracticeKeys } from "@/lib/practice-keys";
import { scopeLabels } from "@/lib/scopes";

const COLUMNS = ["Partner", "Name", "Key", "Scopes", "Created by", "Created", "Expires", "Last used", "Status"];

type Key = Awaited<ReturnType<typeof listPracticeKeys>>[number];

/** Settings > My Practice > API Key: the practice's live partner keys, then its newest revoked ones (listPracticeKeys). */
type Props = { keys: Key[]; caption: string; canRevoke: boolean; usage?: Map<string, KeyUsage> };

export function PracticeKeyTable({ keys, caption, canRevoke, usage }: Props) {
  return (
    <CardTable caption={caption} columns={COLUMNS} actions={canRevoke}>
      {keys.map((key) => {
        const days = expiresInDays(key);
        const partnerName = key.partner?.name ?? "Partner";
        return (
          <tr key={key.id} className={cardRow} data-testid="api-key-row">
            <Cell label="Partner" className="font-medium">
              {partnerName}
            </Cell>
            <Cell label="Name" className="[overflow-wrap:anywhere]">
              {key.name || "—"}
            </Cell>
            <Cell label="Key" className="font-mono">
              {key.displayKey}
            </Cell>
            <Cell label="Scopes">{scopeLabels(key.scopes)}</Cell>
            <Cell label="Created by">{key.createdBy.name}</Cell>
            <Cell label="Created">{formatDateTime(key.createdAt)}</Cell>
            <Cell label="Expires">
              {formatExpiry(key.expiresAt)}
              {days !== null && (
                <span className="ml-1">
                  <Badge tone="amber">{expiryWarning(days)}</Badge>
                </span>
              )}
            </Cell>
            <Cell label="Last used">{formatDateTime(key.lastUsedAt)}</Cell>
            <Cell label="Status">
              <Badge tone={KEY_STATUS_TONES[key.status]}>{key.status}</Badge>
            </Cell>
            {canRevoke && (
              <ActionsCell label={`Actions for ${keyLabel(key)}`}>
                {key.revokedAt === null && (
                  <RevokeKeyButton
                    keyId={key.id}
                    label={`${partnerName} key ${keyLabel(key)}`}
                    partnerName={partnerName}
                    usage={describeUsage(usage?.get(key.id), formatDateTime)}
                  />
                )}
                <Link href={`/settings/keys/${key.id}`} className="inline-flex min-h-10 items-center font-medium text-brand-700 underline">
                  Key report<span className="sr-only"> for {keyLabel(key)}</span>
                </Link>
              </ActionsCell>
            )}
          </tr>
        );
      })}
    </CardTable>
  );
}
