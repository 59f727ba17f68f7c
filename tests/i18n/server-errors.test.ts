import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import * as conversation from "@/app/api/v1/conversations/[id]/route";
import type { Locale } from "@/lib/locales";
import { actionDefiner } from "@/server/actions/define-action";
import { SESSION_COOKIE } from "@/server/auth/session";
import { AppError, fromDatabaseError, render } from "@/server/errors";
import { setConversationStatus } from "@/server/inbox/status";
import { stopQueue } from "@/server/jobs/queue";
import { WORKSPACE_COOKIE } from "@/server/workspaces/context";
import { apiRequest, createKey, params, read } from "../support/api";
import { cookieJar } from "../support/cookie-jar";
import { createTeam, sessionTokenFor } from "../support/fixtures";

let team: Awaited<ReturnType<typeof createTeam>>;

beforeAll(async () => {
  team = await createTeam();
});

afterAll(() => stopQueue());

/** The inbox's "resolve" as a Server Action of a member who reads the app in `locale`. */
async function resolveAs(locale: Locale) {
  const browser = cookieJar();
  browser.set(SESSION_COOKIE, await sessionTokenFor(team.agent));
  browser.set(WORKSPACE_COOKIE, team.workspaceId);
  const defineAction = actionDefiner(
    async () => browser,
    async () => locale,
  );
  return defineAction({ name: "test.resolve", input: z.object({ conversationId: z.uuid() }), role: "member" }, ({ tx, actor, input }) =>
    setConversationStatus(tx, actor, input.conversationId, { status: "resolved" }),
  );
}

describe("a domain error", () => {
  it("reaches an app user in their language, and the integration API in English", async () => {
    const missing = randomUUID();
    const inIndonesian = await resolveAs("id");
    expect(await inIndonesian({ conversationId: missing })).toEqual({
      ok: false,
      error: { code: "not_found", message: "Percakapan ini tidak ada atau tidak ada di workspace ini." },
    });
    const inSpanish = await resolveAs("es");
    expect(await inSpanish({ conversationId: missing })).toMatchObject({
      error: { message: "Esta conversación no existe o no está en este espacio de trabajo." },
    });

    const { key } = await createKey(team, "write");
    const answer = await read(
      conversation.PATCH(apiRequest("PATCH", `/conversations/${missing}`, { key, body: { status: "resolved" } }), params({ id: missing })),
    );
    expect(answer).toMatchObject({
      status: 404,
      body: { error: { code: "not_found", message: "This conversation does not exist or is not in this workspace.", details: null } },
    });
  });

  it("renders its values and its fields' messages in the reader's language", () => {
    const error = new AppError("invalid", { key: "errors.inbox.cannotMention", values: { name: "Rina" } }, undefined, {
      fields: { text: { key: "errors.inbox.cannotSee", values: { name: "Rina" } } },
    });
    expect(error.message).toBe("Rina cannot see this conversation, so they cannot be mentioned in it.");
    expect(error.fields).toEqual({ text: "Rina cannot see this conversation." });
  });

  it("words a refusal our migrations raise in the catalogue, and keeps an unknown one as the database wrote it", async () => {
    const known = fromDatabaseError({ code: "CV409", message: "A workspace must keep at least one owner." });
    const { translatorFor } = await import("@/server/i18n/translator");
    expect(known && render(known.text, await translatorFor("pt-BR"))).toBe(
      "Um espaço de trabalho precisa manter pelo menos um proprietário.",
    );
    expect(fromDatabaseError({ code: "CV403", message: "members may only write their own notes" })?.message).toBe(
      "members may only write their own notes",
    );
  });
});
