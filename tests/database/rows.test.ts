import { describe, expect, expectTypeOf, it } from "vitest";
import { asService } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { createConversation, createTeam, insertMessage } from "../support/fixtures";

// Row<T> is what the driver returns, not what PostgREST's JSON would be:
// each assertion pairs the runtime value with the type Row gives it.
describe("Row<T> matches what the postgres driver returns", () => {
  it("gives timestamptz as Date, int8 as string, and keeps a nullable timestamptz nullable", async () => {
    const { workspaceId } = await createTeam();
    const { conversationId } = await createConversation(workspaceId);
    const sentAt = new Date(Date.UTC(2026, 11, 1, 9, 30));
    const messageId = await insertMessage(workspaceId, conversationId, { direction: "outbound", sentAt });
    const [message] = await asService(
      (tx) => tx<Row<"messages">[]>`
        update public.messages set media_size = 9007199254740993, read_at = ${sentAt}
        where id = ${messageId} returning *`,
    );
    if (!message) throw new Error("message missing");

    expectTypeOf(message.sent_at).toEqualTypeOf<Date>();
    expect(message.sent_at).toEqual(sentAt);
    expectTypeOf(message.media_size).toEqualTypeOf<string | null>();
    // Beyond Number.MAX_SAFE_INTEGER: a string keeps every digit.
    expect(message.media_size).toBe("9007199254740993");
    expectTypeOf(message.read_at).toEqualTypeOf<Date | null>();
    expect(message.read_at).toEqual(sentAt);
    expect(message.played_at).toBeNull();
    expectTypeOf(message.body).toEqualTypeOf<string | null>();
    expect(typeof message.body).toBe("string");
  });

  it("gives an int8 identity as string and a not-null timestamptz as Date", async () => {
    const { workspaceId, owner } = await createTeam();
    const [entry] = await asService(
      (tx) => tx<Row<"audit_log">[]>`
        insert into public.audit_log (workspace_id, actor_id, action) values (${workspaceId}, ${owner.id}, 'test.checked')
        returning *`,
    );
    if (!entry) throw new Error("entry missing");

    expectTypeOf(entry.id).toEqualTypeOf<string>();
    expect(entry.id).toMatch(/^\d+$/);
    expectTypeOf(entry.created_at).toEqualTypeOf<Date>();
    expect(entry.created_at).toBeInstanceOf(Date);
  });
});
