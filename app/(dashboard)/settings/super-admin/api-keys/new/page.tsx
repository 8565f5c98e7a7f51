import type { Metadata } from "next";
import Link from "next/link";

import { ApiKeysCaution, ApiKeysHelp } from "@/components/super-admin/api-keys-guidance";
import { CreateUserKeyForm } from "@/components/super-admin/create-user-key-form";
import { requireSuperAdmin } from "@/lib/session";

export const metadata: Metadata = { title: "Add API Key · Super admin" };

const LIST_PATH = "/settings/super-admin/api-keys";

export default async function AddApiKeyPage() {
  await requireSuperAdmin();

  return (
    <>
      <div className="space-y-2">
        <Link href={LIST_PATH} className="inline-flex min-h-10 items-center text-sm font-semibold text-brand-700 hover:underline">
          <span aria-hidden>←&nbsp;</span>Back
        </Link>
        <h1 className="text-2xl font-semibold">Add API Key</h1>
      </div>
      <ApiKeysCaution />
      <CreateUserKeyForm listPath={LIST_PATH} />
      <ApiKeysHelp />
    </>
  );
}
