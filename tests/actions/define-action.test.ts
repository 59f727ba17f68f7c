import { redirect } from "next/navigation";
import pino from "pino";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { actionDefiner, formInput } from "@/server/actions/define-action";
import { SESSION_COOKIE } from "@/server/auth/session";
import { asService } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { logger } from "@/server/log";
import { WORKSPACE_COOKIE } from "@/server/workspaces/context";
import { cookieJar, type TestCookieJar } from "../support/cookie-jar";
import { createTeam, createUser, sessionTokenFor, type TestUser, unique } from "../support/fixtures";

/**
 * The defineAction core, driven as a Server Action is: the caller comes
 * from the browser's cookies (a real session token and the workspace
 * cookie), only the jar is the test's own instead of Next's request scope.
 */
let browser: TestCookieJar = cookieJar();
const defineAction = actionDefiner(async () => browser);

async function signedInAs(user: TestUser | null, workspaceId?: string) {
  browser = cookieJar();
  if (user) browser.set(SESSION_COOKIE, await sessionTokenFor(user));
  if (workspaceId) browser.set(WORKSPACE_COOKIE, workspaceId);
}

let team: Awaited<ReturnType<typeof createTeam>>;
let otherTeam: Awaited<ReturnType<typeof createTeam>>;
let loner: TestUser;

beforeAll(async () => {
  team = await createTeam();
  otherTeam = await createTeam();
  loner = await createUser();
});

/** Each handler that ran, so a refusal can be shown to have run nothing. */
const ran: string[] = [];
afterEach(() => {
  ran.length = 0;
});

const none = z.object({});

const whoAmI = defineAction({ name: "test.whoAmI", input: none, role: "member" }, async ({ tx, actor }) => {
  ran.push("member");
  // The transaction runs as the caller: RLS sees them, and only their workspaces.
  const [row] = await tx<{ uid: string; visible: string[] }[]>`
    select auth.uid() as uid, array(select id from public.workspaces order by id)::text[] as visible`;
  return { actor, row };
});
const adminOnly = defineAction({ name: "test.adminOnly", input: none, role: "admin" }, async ({ actor }) => {
  ran.push("admin");
  return actor.role;
});
const ownerOnly = defineAction({ name: "test.ownerOnly", input: none, role: "owner", transaction: false }, async ({ actor }) => {
  ran.push("owner");
  return actor.role;
});
const signedIn = defineAction({ name: "test.signedIn", input: none, role: "signed-in" }, async ({ tx, claims }) => {
  ran.push("signed-in");
  const [row] = await tx<{ uid: string }[]>`select auth.uid() as uid`;
  return { sub: claims.sub, uid: row?.uid };
});
const open = defineAction({ name: "test.open", input: z.object({ word: z.string() }), role: "public" }, async ({ input }) => {
  ran.push("public");
  return input.word;
});

const unauthenticated = { ok: false, error: { code: "unauthenticated", message: "Please sign in again." } };

describe("tiers", () => {
  it("public: runs for anyone, without a session", async () => {
    await signedInAs(null);
    expect(await open({ word: "hi" })).toEqual({ ok: true, data: "hi" });
  });

  it("without a session every other tier refuses, and nothing runs", async () => {
    await signedInAs(null, team.workspaceId);
    for (const action of [signedIn, whoAmI, adminOnly, ownerOnly]) expect(await action({})).toEqual(unauthenticated);
    browser.set(SESSION_COOKIE, "forged.token.value");
    expect(await whoAmI({})).toEqual(unauthenticated);
    expect(ran).toEqual([]);
  });

  it("signed-in: needs a session but no workspace, and runs as the user", async () => {
    await signedInAs(loner);
    expect(await signedIn({})).toEqual({ ok: true, data: { sub: loner.id, uid: loner.id } });
    // A workspace tier needs a membership.
    expect(await whoAmI({})).toEqual(unauthenticated);
  });

  it("member: acts in the caller's own workspace, whatever workspace the cookie names", async () => {
    await signedInAs(otherTeam.agent, team.workspaceId);
    const result = await whoAmI({});
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data.actor).toEqual({
      workspaceId: otherTeam.workspaceId,
      userId: otherTeam.agent.id,
      role: "agent",
      email: otherTeam.agent.email,
      country: "ID",
    });
    expect(result.data.row).toEqual({ uid: otherTeam.agent.id, visible: [otherTeam.workspaceId] });

    await signedInAs(team.agent, team.workspaceId);
    expect(await whoAmI({})).toMatchObject({ ok: true, data: { actor: { workspaceId: team.workspaceId, role: "agent" } } });
  });

  it("admin: refuses an agent before the handler runs", async () => {
    await signedInAs(team.agent, team.workspaceId);
    expect(await adminOnly({})).toEqual({
      ok: false,
      error: { code: "forbidden", message: "Only admins can do that.", details: { reason: "not_admin" } },
    });
    expect(ran).toEqual([]);
    await signedInAs(team.admin, team.workspaceId);
    expect(await adminOnly({})).toEqual({ ok: true, data: "admin" });
    await signedInAs(team.owner, team.workspaceId);
    expect(await adminOnly({})).toEqual({ ok: true, data: "owner" });
  });

  it("owner: refuses an admin", async () => {
    await signedInAs(team.admin, team.workspaceId);
    expect(await ownerOnly({})).toMatchObject({ ok: false, error: { code: "forbidden", details: { reason: "not_owner" } } });
    expect(ran).toEqual([]);
    await signedInAs(team.owner, team.workspaceId);
    expect(await ownerOnly({})).toEqual({ ok: true, data: "owner" });
  });
});

describe("input", () => {
  const typed = defineAction(
    { name: "test.typed", input: z.object({ conversationId: z.uuid(), name: z.string().min(1, "Enter a name") }), role: "public" },
    async () => null,
  );

  it("says in words which field is wrong, keeps zod's wording as the detail, and shows a schema's messages as written", async () => {
    expect(await typed({ conversationId: "nope", name: "x" })).toEqual({
      ok: false,
      error: {
        code: "invalid",
        message: "The conversation ID is not a valid reference",
        fields: { conversationId: "The conversation ID is not a valid reference" },
        technical: "conversationId: Invalid UUID",
      },
    });
    expect(await typed({ conversationId: crypto.randomUUID(), name: "" })).toEqual({
      ok: false,
      error: { code: "invalid", message: "Enter a name", fields: { name: "Enter a name" }, technical: "name: Enter a name" },
    });
  });

  it("marks every failing field, nested ones by their dotted path", async () => {
    const nested = defineAction(
      {
        name: "test.nested",
        input: z.object({ hours: z.object({ sat: z.object({ close: z.string().min(1) }) }), url: z.url() }),
        role: "public",
      },
      async () => null,
    );
    const result = await nested({ hours: { sat: { close: "" } }, url: "nope" });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: "invalid",
        message: "Enter the close (and 1 more)",
        fields: { "hours.sat.close": "Enter the close", url: "The URL must be a web address, like https://example.com" },
      },
    });
  });

  it("answers in the caller's language, schema-written catalogue keys too", async () => {
    const inIndonesian = actionDefiner(
      async () => browser,
      async () => "id",
    );
    const signUp = inIndonesian(
      {
        name: "test.language",
        input: z.object({ name: z.string().trim().min(1, "validation.enterAName"), email: z.email() }),
        role: "public",
      },
      async () => null,
    );
    expect(await signUp({ name: " ", email: "nope" })).toEqual({
      ok: false,
      error: {
        code: "invalid",
        message: "Masukkan nama (dan 1 lainnya)",
        fields: { name: "Masukkan nama", email: "Masukkan alamat email yang valid, misalnya nama@contoh.com" },
        technical: "name: validation.enterAName\nemail: Invalid email address",
      },
    });
  });

  it("parses a form's fields (useActionState hands FormData)", async () => {
    const form = defineAction(
      { name: "test.form", input: formInput(z.object({ email: z.string().trim().min(1, "Enter your email") })), role: "public" },
      async ({ input }) => input.email,
    );
    const data = new FormData();
    data.set("email", "  ana@example.com ");
    expect(await form(data)).toEqual({ ok: true, data: "ana@example.com" });
    data.set("email", " ");
    expect(await form(data)).toMatchObject({ ok: false, error: { message: "Enter your email" } });
  });
});

describe("failures", () => {
  it("rolls the transaction back when the handler refuses, and shows the refusal", async () => {
    const name = unique("Rolled back");
    const renameThenRefuse = defineAction({ name: "test.renameThenRefuse", input: none, role: "admin" }, async ({ tx, actor }) => {
      await tx`update public.workspaces set name = ${name} where id = ${actor.workspaceId}`;
      throw new AppError("conflict", "errors.common.notAllowed");
    });
    await signedInAs(team.admin, team.workspaceId);
    expect(await renameThenRefuse({})).toEqual({ ok: false, error: { code: "conflict", message: "Not allowed." } });
    const [row] = await asService((tx) => tx<{ name: string }[]>`select name from public.workspaces where id = ${team.workspaceId}`);
    expect(row?.name).not.toBe(name);
  });

  it("maps an unknown error to the generic message and logs it with the action's name and workspace", async () => {
    const stream = (logger as unknown as Record<symbol, { write(line: string): unknown }>)[pino.symbols.streamSym];
    if (!stream) throw new Error("the logger has no stream");
    const write = vi.spyOn(stream, "write");
    const explode = defineAction({ name: "test.explode", input: none, role: "member" }, async () => {
      throw new Error("connection to 10.0.0.7 refused");
    });
    await signedInAs(team.agent, team.workspaceId);
    try {
      expect(await explode({})).toEqual({ ok: false, error: { code: "internal", message: "Something went wrong. Please try again." } });
      const lines = write.mock.calls.map(([line]) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toContainEqual(
        expect.objectContaining({
          action: "test.explode",
          workspaceId: team.workspaceId,
          err: expect.objectContaining({ message: "connection to 10.0.0.7 refused" }),
        }),
      );
    } finally {
      write.mockRestore();
    }
  });

  it("lets Next.js's redirect() through instead of reporting it as a failure", async () => {
    const away = defineAction({ name: "test.away", input: none, role: "public" }, async () => redirect("/inbox"));
    await expect(away({})).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT;.*\/inbox/) });
  });
});
