import { asService } from "@/server/db/client";
import { unique } from "./fixtures";

export interface SeedOptions {
  status?: "open" | "pending" | "snoozed" | "resolved";
  assignedTo?: string | null;
  channelId?: string;
  /** Last message this long ago (seconds); rows of one batch are a second apart, newest first. */
  lastMessageSecondsAgo?: number;
  unread?: boolean;
  needsHuman?: boolean;
  leadStatus?: string;
  tags?: string[];
  customAttributes?: Record<string, string>;
}

/** A WhatsApp number of the workspace to seed conversations on. */
export async function seedChannel(workspaceId: string): Promise<string> {
  const [channel] = await asService(
    (tx) => tx<{ id: string }[]>`
      insert into public.whatsapp_channels (workspace_id, provider, phone_number_id, display_phone_number, name)
      values (${workspaceId}, 'meta', ${unique("pnid")}, '+62 811 000', ${unique("Number")})
      returning id`,
  );
  if (!channel) throw new Error("no channel");
  return channel.id;
}

/**
 * `count` conversations with a contact each and a last message, in three
 * set-based statements (thousands in a moment), as the webhook worker
 * would leave them. Returns their ids, newest first.
 */
export async function seedConversations(workspaceId: string, count: number, options: SeedOptions = {}): Promise<string[]> {
  const channelId = options.channelId ?? (await seedChannel(workspaceId));
  const prefix = String(Math.floor(Math.random() * 1e6)).padStart(6, "0");
  const ago = options.lastMessageSecondsAgo ?? 60;
  return asService(async (tx) => {
    const contacts = await tx<{ id: string; n: number }[]>`
      insert into public.contacts (workspace_id, phone_e164, wa_id, profile_name, lead_status, tags, custom_attributes)
      select ${workspaceId}, '+6281' || ${prefix} || lpad(n::text, 5, '0'), '6281' || ${prefix} || lpad(n::text, 5, '0'),
             'Seeded ' || n, ${options.leadStatus ?? "new"}, ${options.tags ?? []}::text[],
             ${tx.json(options.customAttributes ?? {})}
      from generate_series(1, ${count}) n
      returning id, (regexp_replace(wa_id, '^.{12}', ''))::int as n`;
    const rows = await tx<{ id: string }[]>`
      insert into public.conversations (workspace_id, channel_id, contact_id, status, snoozed_until, assigned_to, last_message_at,
                                        last_message_preview, last_message_direction, last_message_type, unread_count, is_read,
                                        needs_human)
      select ${workspaceId}, ${channelId}, k.id, ${options.status ?? "open"},
             case when ${options.status ?? "open"} = 'snoozed' then now() + interval '1 day' end,
             ${options.assignedTo ?? null}::uuid, now() - make_interval(secs => ${ago} + k.n), 'hello', 'inbound', 'text',
             ${options.unread ? 1 : 0}, ${!options.unread}, ${options.needsHuman ?? false}
      from unnest(${contacts.map((c) => c.id)}::uuid[], ${contacts.map((c) => c.n)}::int[]) as k (id, n)
      order by k.n
      returning id`;
    return rows.map((r) => r.id);
  });
}
