import { constraintsOf, type JsonSchema, typeOf } from "@/components/api-docs/json-schema";

/** A table of an object schema's fields: name, type, whether required, and notes. */
export function SchemaFields({ schema, caption }: { schema: JsonSchema; caption: string }) {
  const fields = Object.entries(schema.properties ?? {});
  if (!fields.length) return null;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="mb-1 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase">{caption}</caption>
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="py-1 pr-4 font-medium">
              Field
            </th>
            <th scope="col" className="py-1 pr-4 font-medium">
              Type
            </th>
            <th scope="col" className="py-1 font-medium">
              Notes
            </th>
          </tr>
        </thead>
        <tbody>
          {fields.map(([name, field]) => (
            <tr key={name} className="border-t border-slate-100 align-top">
              <td className="py-1 pr-4 font-mono whitespace-nowrap">
                {name}
                {schema.required?.includes(name) && <span className="text-red-700"> *</span>}
              </td>
              <td className="py-1 pr-4 font-mono text-xs break-words">{typeOf(field)}</td>
              <td className="py-1 text-slate-700">{[field.description, ...constraintsOf(field)].filter(Boolean).join(" · ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
