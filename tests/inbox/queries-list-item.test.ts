import { describe, expect, it } from "vitest";
import { INBOX_PRESETS } from "@/lib/conversation-filter";
import { asService, asUser } from "@/server/db/client";
import { getConversation, listConversations } from "@/server/inbox/queries";
import { createTeam } from "../support/fixtures";
import { createChannel, customerWrites } from "../support/webhooks";

// The list item carries what the row renders (20261208020100); the header's getConversation has the rest.

// One clock for the whole test: each expected time is the one written, even when a second passes in between.
const now = Math.floor(Date.now() / 1000);
const hoursAgo = (hours: number) => new Date((now - hours * 3600) * 1000);

describe("the list item", () => {
  it("leaves out the channel's name, the number of a named contact and a closed window's time; the header has them", async () => {
    const team = await createTeam();
    const channel = await createChannel({ workspaceId: team.workspaceId });
    const named = await customerWrites(channel, { from: "6281355511111", name: "Putri Utami", at: hoursAgo(1) });
    const unnamed = await customerWrites(channel, { from: "6281355522222", at: hoursAgo(2) });
    // A customer without a WhatsApp profile name.
    await asService((tx) => tx`update public.contacts set profile_name = null where id = ${unnamed.contactId}`);
    const closed = await customerWrites(channel, { from: "6281355533333", name: "Bayu Hakim", at: hoursAgo(25) });

    const page = await asUser(team.agent.claims, (tx) =>
      listConversations(tx, team.workspaceId, { userId: team.agent.id, filter: INBOX_PRESETS.all, limit: 30 }),
    );
    const item = (id: string) => page.items.find((i) => i.id === id);
    for (const row of page.items) expect(row).not.toHaveProperty("channel_name");
    expect(item(named.conversationId)).not.toHaveProperty("phone_e164");
    expect(item(named.conversationId)?.last_customer_message_at).toBe(hoursAgo(1).toISOString().replace(".000Z", ".000000Z"));
    expect(item(unnamed.conversationId)).toMatchObject({ contact_name: null, phone_e164: "+6281355522222" });
    expect(item(closed.conversationId)).not.toHaveProperty("last_customer_message_at");
    expect(item(closed.conversationId)).not.toHaveProperty("phone_e164");

    const detail = await asUser(team.agent.claims, (tx) => getConversation(tx, team.workspaceId, closed.conversationId));
    expect(detail).toMatchObject({
      contact_name: "Bayu Hakim",
      phone_e164: "+6281355533333",
      channel_name: "Test line",
      last_customer_message_at: hoursAgo(25).toISOString().replace(".000Z", ".000000Z"),
    });
  });
});
