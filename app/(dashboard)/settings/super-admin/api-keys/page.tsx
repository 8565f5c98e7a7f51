import type { Metadata } from "next";

import { ApiKeysCaution, ApiKeysHelp } from "@/components/super-admin/api-keys-guidance";
import { SuperAdminTitle } from "@/components/super-admin/page-title";
import { Pagination } from "@/components/super-admin/pagination";
import { UserKeySearch } from "@/components/super-admin/search-form";
import { UserKeyTable } from "@/components/super-admin/user-key-table";
import { BackLink } from "@/components/ui/back-link";
import { ButtonLink } from "@/components/ui/button";
import { ResultsStatus } from "@/components/ui/results-status";
import { requireSuperAdmin } from "@/lib/session";
import { listUserKeys, parseUserKeyListParams } from "@/lib/user-keys";

export const metadata: Metadata = { title: "API keys · Super admin" };

const LIST_PATH = "/settings/super-admin/api-keys";

/** What the table lists: its caption, in the words noMatch uses for none. */
function listed(q: string, practice: string) {
  if (q && practice) return `API keys matching “${q}” at practice ${practice}`;
  if (q) return `API keys matching “${q}”`;
  return practice ? `API keys for users of practice ${practice}` : "All user API keys";
}

function noMatch(q: string, practice: string) {
  if (q && practice) return `No API keys match “${q}” at practice ${practice}.`;
  if (q) return `No API keys match “${q}”.`;
  return practice ? `No API keys for users of practice ${practice}.` : "No API keys yet.";
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SuperAdminApiKeysPage({ searchParams }: Props) {
  await requireSuperAdmin();
  const { q, practice, page } = parseUserKeyListParams(await searchParams);
  const list = await listUserKeys({ query: q, practice, page });

  return (
    <>
      <BackLink href="/settings/super-admin" />
      <SuperAdminTitle title="API keys">
        <ButtonLink href={`${LIST_PATH}/new`}>Create new key</ButtonLink>
      </SuperAdminTitle>
      <p className="text-sm text-slate-600">
        API keys let trusted external services, such as Zapier, exchange data with Hero on behalf of one user. Keys from every practice are listed here.
      </p>
      <ApiKeysCaution />

      <section aria-labelledby="user-keys" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="user-keys" className="sr-only">
          User API keys
        </h2>
        <UserKeySearch action={LIST_PATH} query={q} practice={practice} />
        <ResultsStatus shown={list.total === 0}>
          {list.total === 0 ? noMatch(q, practice) : `${listed(q, practice)}: ${list.total} ${list.total === 1 ? "key" : "keys"}.`}
        </ResultsStatus>
        {list.total > 0 && (
          <>
            <UserKeyTable keys={list.keys} caption={listed(q, practice)} />
            <Pagination
              path={LIST_PATH}
              query={q}
              params={practice ? { practice } : {}}
              page={list.page}
              pageCount={list.pageCount}
              pageSize={list.pageSize}
              total={list.total}
              noun={["key", "keys"]}
            />
          </>
        )}
      </section>

      <ApiKeysHelp />
    </>
  );
}
