import { randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import { startSession } from "@/server/auth/sessions";
import type { UserClaims } from "@/server/db/claims";
import { asService, asUser } from "@/server/db/client";
import { createWorkspace } from "@/server/workspaces/queries";

/** Rows are created with unique names so test files can share one database and run in parallel. */
export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export function claimsFor(user: { id: string; email: string }): UserClaims {
  return {
    sub: user.id,
    email: user.email,
    role: "authenticated",
    aud: "authenticated",
    exp: Math.floor(Date.now() / 1000) + 3600,
  };
}

/** A user in auth.users, with a bcrypt password as GoTrue stores it. */
/** A signed-in browser's session cookie value: a real token naming a real session row. */
export function sessionTokenFor(user: { id: string; email: string }): Promise<string> {
  return asService((tx) => startSession(tx, user));
}

export async function createUser(options: { password?: string; email?: string } = {}) {
  const email = options.email ?? `${unique("user")}@test.local`;
  const hash = await bcrypt.hash(options.password ?? "correct-horse", 4);
  const [user] = await asService(
    (tx) => tx<{ id: string; email: string }[]>`
      insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_user_meta_data)
      values (gen_random_uuid(), 'authenticated', 'authenticated', ${email}, ${hash}, now(),
              ${tx.json({ full_name: email.split("@")[0] ?? email })})
      returning id, email`,
  );
  if (!user) throw new Error("no user");
  return { ...user, claims: claimsFor(user) };
}

export type TestUser = Awaited<ReturnType<typeof createUser>>;

/** A workspace owned by a new user, plus an admin and an agent. */
export async function createTeam() {
  const owner = await createUser();
  const admin = await createUser();
  const agent = await createUser();
  const workspaceId = await asUser(owner.claims, (tx) => createWorkspace(tx, { name: unique("Team"), defaultCountry: "ID" }));
  await asService(
    (tx) => tx`insert into public.workspace_members (workspace_id, user_id, role)
               values (${workspaceId}, ${admin.id}, 'admin'), (${workspaceId}, ${agent.id}, 'agent')`,
  );
  return { workspaceId, owner, admin, agent };
}

/** A WhatsApp number, a contact and their conversation in a workspace. */
export async function createConversation(workspaceId: string, options: { phone?: string } = {}) {
  return asService(async (tx) => {
    const [channel] = await tx<{ id: string }[]>`
      insert into public.whatsapp_channels (workspace_id, provider, phone_number_id, display_phone_number, name)
      values (${workspaceId}, 'meta', ${unique("pnid")}, '+62 811 000', 'Test number')
      returning id`;
    if (!channel) throw new Error("fixture insert failed");
    const phone = options.phone ?? `+628${Math.floor(1e9 + Math.random() * 9e9)}`;
    const [contact] = await tx<{ id: string }[]>`
      insert into public.contacts (workspace_id, phone_e164, wa_id, profile_name)
      values (${workspaceId}, ${phone}, ${phone.slice(1)}, 'Test Customer')
      returning id`;
    if (!contact) throw new Error("fixture insert failed");
    const [conversation] = await tx<{ id: string }[]>`
      insert into public.conversations (workspace_id, channel_id, contact_id)
      values (${workspaceId}, ${channel.id}, ${contact.id})
      returning id`;
    if (!conversation) throw new Error("fixture insert failed");
    return { channelId: channel.id, contactId: contact.id, conversationId: conversation.id };
  });
}

/** Inserts a message as the webhook worker would (service role). */
export async function insertMessage(
  workspaceId: string,
  conversationId: string,
  message: { direction: "inbound" | "outbound"; sentAt: Date; body?: string; type?: string; wamid?: string; historical?: boolean },
) {
  const [row] = await asService(
    (tx) => tx<{ id: string }[]>`
      insert into public.messages (workspace_id, conversation_id, wamid, direction, type, body, sent_at, status,
                                   sender_type, is_historical)
      values (${workspaceId}, ${conversationId}, ${message.wamid ?? unique("wamid")}, ${message.direction},
              ${message.type ?? "text"}, ${message.body ?? "hello"}, ${message.sentAt},
              ${message.direction === "inbound" ? "delivered" : "sent"},
              ${message.direction === "inbound" ? "customer" : "agent"}, ${message.historical ?? false})
      returning id`,
  );
  if (!row) throw new Error("no message");
  return row.id;
}
