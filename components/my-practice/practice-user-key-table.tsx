import Link from "next/link";

import { Badge } from "@/components/ui/badge";
import { ActionsCell, cardRow, CardTable, Cell } from "@/components/ui/card-table";
import type { userKeysAtPractice } from "@/lib/api-activity";
import { formatDateTime } from "@/lib/format";
import { KEY_STATUS_TONES, keyStatus } from "@/lib/key-status";
import { REMOVED_USER_NAME } from "@/lib/support";

const COLUMNS = ["User", "Practice", "Name", "Key", "Last used", "Status"];

type Key = Awaited<ReturnType<typeof userKeysAtPractice>>[number];

/** Settings > My Practice: the user keys whose requests a practice admin may report on (userKeysAtPractice). */
export function PracticeUserKeyTable({ keys, caption }: { keys: Key[]; caption: string }) {
  return (
    <CardTable caption={caption} columns={COLUMNS} actions>
      {keys.map((key) => (
        <tr key={key.id} className={cardRow} data-testid="user-key-row">
          <Cell label="User" className="font-medium">
            {key.own ? (key.owner ?? REMOVED_USER_NAME) : `Staff at ${key.practice}`}
          </Cell>
          <Cell label="Practice">{key.own ? "This practice" : key.practice}</Cell>
          <Cell label="Name" className="[overflow-wrap:anywhere]">
            {key.name || "—"}
          </Cell>
          <Cell label="Key" className="font-mono">
            {key.displayKey}
          </Cell>
          <Cell label="Last used">{formatDateTime(key.lastUsedAt)}</Cell>
          <Cell label="Status">
            <Badge tone={KEY_STATUS_TONES[keyStatus(key)]}>{keyStatus(key)}</Badge>
          </Cell>
          <ActionsCell label={`Actions for ${key.displayKey}`}>
            <Link href={`/settings/keys/${key.id}`} className="inline-flex min-h-10 items-center font-medium text-brand-700 underline">
              Key report<span className="sr-only"> for {key.displayKey}</span>
            </Link>
          </ActionsCell>
        </tr>
      ))}
    </CardTable>
  );
}
