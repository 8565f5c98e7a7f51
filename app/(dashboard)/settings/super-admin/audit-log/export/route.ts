// GET /settings/super-admin/audit-log/export?…: the filtered audit log as CSV, for super admins.
// Anyone else gets the same 404 as a page that does not exist.
import { exportAuditLog, parseAuditLogParams } from "@/lib/audit-log";
import { getCurrentUser, isSuperAdmin } from "@/lib/session";
import { SessionEndedError } from "@/lib/sessions";

export async function GET(request: Request) {
  const user = await getCurrentUser();
  if (!user || !isSuperAdmin(user)) return new Response("Not found", { status: 404 });
  const filters = parseAuditLogParams(Object.fromEntries(new URL(request.url).searchParams));
  let csv: string;
  try {
    csv = await exportAuditLog(user, filters);
  } catch (error) {
    // Its session ended after the check above: as if it had ended before.
    if (error instanceof SessionEndedError) return new Response("Not found", { status: 404 });
    throw error;
  }
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="hero-audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
