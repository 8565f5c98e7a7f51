import { DocTable } from "@/components/docs/doc-table";
import { CodeName, TextWithCode } from "@/components/docs/text-with-code";
import { ERROR_CAUSES, ERROR_CODES, ERROR_STATUS, type ErrorCode } from "@/lib/api/errors";

/** The seeds' Status | Error | Cause table, from lib/api/errors.ts: every code, or the ones given. */
export function ErrorTable({ codes = ERROR_CODES, caption = "Errors" }: { codes?: readonly ErrorCode[]; caption?: string }) {
  return (
    <DocTable columns={["Status", "Error", "Cause"]} caption={caption}>
      {codes.map((code) => (
        <tr key={code}>
          <td>
            <code className="font-mono">{ERROR_STATUS[code]}</code>
          </td>
          <td>
            <CodeName name={code} />
          </td>
          <td>
            <TextWithCode text={ERROR_CAUSES[code]} />
          </td>
        </tr>
      ))}
    </DocTable>
  );
}
