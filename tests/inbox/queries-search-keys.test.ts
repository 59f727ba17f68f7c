import { describe, expect, it } from "vitest";
import { INBOX_PRESETS } from "@/lib/conversation-filter";
import { mergeContacts, updateContact } from "@/server/contacts/commands";
import { asService, asUser } from "@/server/db/client";
import { listConversations } from "@/server/inbox/queries";
import { createTeam } from "../support/fixtures";
import { createChannel, customerWrites } from "../support/webhooks";

// The contact arm of the search matches the contact's name and number as copied onto each conversation
// (20261208020000): these follow every way those change.

type Team = Awaited<ReturnType<typeof createTeam>>;

const secondsAgo = (seconds: number) => new Date((Math.floor(Date.now() / 1000) - seconds) * 1000);

async function search(team: Team, text: string, limit = 50) {
  const page = await asUser(team.agent.claims, (tx) =>
    listConversations(tx, team.workspaceId, { userId: team.agent.id, filter: INBOX_PRESETS.all, search: text, country: "ID", limit }),
  );
  return page.items.map((item) => item.id);
}

const copies = (conversationId: string) =>
  asService(
    (tx) => tx<{ contact_search_name: string; contact_search_phone: string }[]>`
      select contact_search_name, contact_search_phone from public.conversations where id = ${conversationId}`,
  );

describe("search keys kept on the conversation", () => {
  it("a new conversation is found by its contact's name and number", async () => {
    const team = await createTeam();
    const channel = await createChannel({ workspaceId: team.workspaceId });
    const { conversationId } = await customerWrites(channel, { from: "6281355501234", name: "Lestari Gunawan" });
    expect(await copies(conversationId)).toEqual([{ contact_search_name: "Lestari Gunawan", contact_search_phone: "+6281355501234" }]);
    expect(await search(team, "gunawan")).toEqual([conversationId]);
    expect(await search(team, "0813-5550-1234")).toEqual([conversationId]);
  });

  it("a renamed contact, or one given another number, is found by the new name or number only", async () => {
    const team = await createTeam();
    const channel = await createChannel({ workspaceId: team.workspaceId });
    const { conversationId, contactId } = await customerWrites(channel, { from: "6281355502345", name: "Hendra Siregar" });
    await asUser(team.admin.claims, (tx) =>
      updateContact(tx, { workspaceId: team.workspaceId, country: "ID" }, contactId, {
        name: "Pak Hendra (grosir)",
        phone: "081355509999",
      }),
    );
    expect(await search(team, "grosir")).toEqual([conversationId]);
    expect(await search(team, "081355509999")).toEqual([conversationId]);
    expect(await search(team, "081355502345")).toEqual([]);
    // The name the contact was given wins over the WhatsApp profile name, as everywhere else.
    expect(await search(team, "siregar")).toEqual([]);
    // Cleared, the profile name is the name again.
    await asUser(team.admin.claims, (tx) => updateContact(tx, { workspaceId: team.workspaceId, country: "ID" }, contactId, { name: null }));
    expect(await search(team, "siregar")).toEqual([conversationId]);
  });

  it("a conversation moved to another contact by a merge is found by that contact's name, not the merged one's", async () => {
    const team = await createTeam();
    const first = await createChannel({ workspaceId: team.workspaceId });
    const second = await createChannel({ workspaceId: team.workspaceId });
    const kept = await customerWrites(first, { from: "6281355503456", name: "Wulan Nasution" });
    const merged = await customerWrites(second, { from: "6281355504567", name: "Intan Harahap" });
    await asUser(team.admin.claims, (tx) =>
      mergeContacts(tx, { workspaceId: team.workspaceId, country: "ID", userId: team.admin.id }, kept.contactId, merged.contactId),
    );
    expect((await search(team, "nasution")).sort()).toEqual([kept.conversationId, merged.conversationId].sort());
    expect(await search(team, "harahap")).toEqual([]);
    // The merged contact's number was not kept (the target has one).
    expect(await search(team, "081355504567")).toEqual([]);
  });

  it("a conversation whose contact is changed directly takes the new contact's name", async () => {
    const team = await createTeam();
    const channel = await createChannel({ workspaceId: team.workspaceId });
    const a = await customerWrites(channel, { from: "6281355505678", name: "Ratna Tanjung" });
    const b = await customerWrites(channel, { from: "6281355506789", name: "Fajar Halim" });
    // Onto another number: one conversation per contact and number.
    const other = await createChannel({ workspaceId: team.workspaceId });
    await asService(
      (tx) => tx`update public.conversations set channel_id = ${other.id}, contact_id = ${b.contactId} where id = ${a.conversationId}`,
    );
    expect((await search(team, "halim")).sort()).toEqual([a.conversationId, b.conversationId].sort());
    expect(await search(team, "tanjung")).toEqual([]);
  });

  it("a new message brings an older match to the top of a shared name's first page", async () => {
    const team = await createTeam();
    const channel = await createChannel({ workspaceId: team.workspaceId });
    const older = await customerWrites(channel, { from: "6281355507890", name: "Sari Rahayu", at: secondsAgo(60) });
    const newer = await customerWrites(channel, { from: "6281355508901", name: "Dewi Rahayu", at: secondsAgo(30) });
    expect(await search(team, "rahayu", 1)).toEqual([newer.conversationId]);
    await customerWrites(channel, { from: "6281355507890", name: "Sari Rahayu", text: "Masih ada kak?" });
    expect(await search(team, "rahayu", 1)).toEqual([older.conversationId]);
  });
});
