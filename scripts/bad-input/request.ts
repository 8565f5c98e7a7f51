// One malformed request as the fuzzer builds, sends and judges it.
export type FuzzRequest = {
  index: number;
  method: string;
  target: string;
  version: string;
  /** Raw lines: [name, value]; a name of "" sends the value alone (a line without a colon). */
  headers: Array<[string, string]>;
  body: Buffer;
  /** The route template this request aims at, e.g. /messages/{id}. */
  route: string;
  /** A declared body longer than the one sent: we close our side after sending. */
  halfClose: boolean;
  /** Node may close without answering (a malformed message: CONNECT, a body cut short, …). */
  mayClose: boolean;
  notes: string[];
};
