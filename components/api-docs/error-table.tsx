import { DocTable } from "@/components/api-docs/doc-table";
import { ERROR_STATUS, type ErrorCode } from "@/lib/api/errors";
import { ERROR_CAUSES } from "@/lib/api/openapi";

/** Every error code the API answers with, in the seeds' Status | Error | Cause layout. */
export function ErrorTable() {
  const codes = Object.keys(ERROR_STATUS) as ErrorCode[];
  return (
    <DocTable columns={["Status", "Error", "Cause"]}>
      {codes.map((code) => (
        <tr key={code} className="border-t border-slate-100 align-top">
          <td className="py-1 pr-4 font-mono">{ERROR_STATUS[code]}</td>
          <td className="py-1 pr-4 font-mono">{code}</td>
          <td className="py-1">{ERROR_CAUSES[code]}</td>
        </tr>
      ))}
    </DocTable>
  );
}
