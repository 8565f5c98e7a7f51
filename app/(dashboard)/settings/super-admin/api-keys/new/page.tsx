import type { Metadata } from "next";

import { ApiKeysCaution, ApiKeysHelp } from "@/components/super-admin/api-keys-guidance";
import { CreateUserKeyForm } from "@/components/super-admin/create-user-key-form";
import { BackLink } from "@/components/ui/back-link";
import { requireSuperAdmin } from "@/lib/session";

export const metadata: Metadata = { title: "Add API Key · Super admin" };

const LIST_PATH = "/settings/super-admin/api-keys";

export default async function AddApiKeyPage() {
  await requireSuperAdmin();

  return (
    <>
      <div className="space-y-2">
        <BackLink href={LIST_PATH} />
        <h1 className="text-2xl font-semibold">Add API Key</h1>
      </div>
      <ApiKeysCaution />
      <CreateUserKeyForm listPath={LIST_PATH} />
      <ApiKeysHelp />
    </>
  );
}
