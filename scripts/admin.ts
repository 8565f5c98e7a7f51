// npm run admin -- <command>: practices and users for a deployment (lib/provisioning.ts), run
// like db:migrate, from the build environment with the deployment's DATABASE_URL. A password
// is read from stdin (typed without echo at a terminal, or piped), never from the command line,
// where it would land in the shell's history and the process list.
import { parseArgs } from "node:util";

import type { z } from "zod";

import { prisma } from "@/lib/db";
import { loggableError } from "@/lib/db-errors";
import { DomainError } from "@/lib/domain-error";
import { addPractice, addPracticeInput, addUser, addUserInput, changeUser, changeUserInput } from "@/lib/provisioning";

const USAGE = `usage:
  npm run admin -- add-practice --name <name> --code <practice code> [--address <lines>] [--phone <number>]
  npm run admin -- add-user --email <email> --name <name> --username <username> --role staff|practice_admin|super_admin --practice <practice code>
      (the password is read from stdin)
  npm run admin -- change-user --email <email> [--active yes|no] [--role <role>] [--practice <practice code>] [--password]
      (--password: a new one is read from stdin; every change ends the user's sessions)`;

const OPTIONS = {
  name: { type: "string" },
  code: { type: "string" },
  address: { type: "string" },
  phone: { type: "string" },
  email: { type: "string" },
  username: { type: "string" },
  role: { type: "string" },
  practice: { type: "string" },
  active: { type: "string" },
  password: { type: "boolean" },
} as const;

class UsageError extends Error {}

/** Everything piped in, or one line typed with nothing shown. */
async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = "";
    for await (const chunk of stdin) text += chunk;
    return text.replace(/\r?\n$/, "");
  }
  process.stderr.write("Password: ");
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  let text = "";
  try {
    for await (const chunk of stdin as AsyncIterable<string>) {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") return text;
        if (char === "\u0003") throw new UsageError("Cancelled.");
        text = char === "\u007f" || char === "\b" ? text.slice(0, -1) : text + char;
      }
    }
    return text;
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write("\n");
  }
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => (issue.path.length ? `--${issue.path.join(".")}: ${issue.message}` : issue.message));
  throw new UsageError(problems.join("\n"));
}

function activeFlag(value: string | undefined) {
  if (value === undefined) return undefined;
  if (value === "yes" || value === "no") return value === "yes";
  throw new UsageError("--active: yes or no");
}

async function main(argv: string[]): Promise<string> {
  const [command, ...rest] = argv;
  let values;
  try {
    ({ values } = parseArgs({ args: rest, options: OPTIONS, strict: true }));
  } catch (error) {
    // Node's message quotes what was typed, which may be a password where it does not belong
    // ("--password hunter2", "--hunter2"); only a known option's own name is said back.
    const code = (error as { code?: string }).code;
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new UsageError(String((error as Error).message));
    throw new UsageError(
      code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
        ? "An option this command does not take (not repeated here)."
        : "An argument without an option before it (not repeated here).",
    );
  }
  if (command === "add-practice") {
    const practice = await addPractice(parse(addPracticeInput, { ...values, address: values.address ?? "", phone: values.phone ?? "" }));
    return `Added practice ${practice.name} (${practice.code}).`;
  }
  if (command === "add-user") {
    const input = parse(addUserInput.omit({ password: true }), values);
    const { password } = parse(addUserInput.pick({ password: true }), { password: await readPassword() });
    const user = await addUser({ ...input, password });
    return `Added ${user.username} (${user.name}, ${user.role.toLowerCase()}) at ${user.practiceGroup.name}: they sign in with ${user.email} and the password given.`;
  }
  if (command === "change-user") {
    const changes = { ...values, active: activeFlag(values.active), password: values.password ? await readPassword() : undefined };
    const { user, sessionsEnded, keysEnded } = await changeUser(parse(changeUserInput, changes));
    const state = `${user.username}: ${user.active ? "active" : "deactivated"}, ${user.role.toLowerCase()}.`;
    const keys = keysEnded === 0 ? "" : ` Their ${keysEnded === 1 ? "user API key was" : `${keysEnded} user API keys were`} revoked, for good.`;
    return sessionsEnded ? `Changed ${state} Every session they had has ended.${keys}` : `Nothing changed for ${state}`;
  }
  throw new UsageError(command ? `Unknown command: ${command}` : "No command given.");
}

try {
  console.log(await main(process.argv.slice(2)));
  process.exitCode = 0;
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof DomainError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    console.error(`Failed: ${loggableError(error)}`);
    process.exitCode = 1;
  }
} finally {
  await prisma.$disconnect();
}
