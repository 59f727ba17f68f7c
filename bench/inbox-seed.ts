/**
 * The inbox benchmark's data: one large workspace (default 100,000 contacts,
 * one conversation each, 2,000,000 messages) beside the demo seed, whose
 * users are its team. Set-based SQL (INSERT … SELECT generate_series) in
 * chunks, as the superuser with per-row triggers off
 * (session_replication_role = replica): the conversation columns those
 * triggers keep are then set by one UPDATE from the messages, the way
 * private.apply_message_to_conversation would have left them.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres } from "../scripts/database/embedded";
import { prepareDatabase, repoRoot, seedIfEmpty } from "../scripts/database/prepare";
import { progressBar } from "./support";

export const BENCH_WORKSPACE_SLUG = "bench-inbox";

/** The seed's size (smaller for a quick try) and its database's port: BENCH_CONTACTS, BENCH_MESSAGES, BENCH_POSTGRES_PORT. */
export const INBOX_BENCH = {
  contacts: Number(process.env.BENCH_CONTACTS ?? 100_000),
  messages: Number(process.env.BENCH_MESSAGES ?? 2_000_000),
  port: Number(process.env.BENCH_POSTGRES_PORT ?? 54333),
};

/** Where the seeded database and the apps' logs live: .data/bench-inbox, or BENCH_DATA_DIR (a small try beside a full-size seed). */
export const benchInboxDataDir = () => path.resolve(repoRoot, process.env.BENCH_DATA_DIR ?? path.join(".data", "bench-inbox"));

/**
 * The app's secret for every benchmark on this database: the seeded
 * channel's credentials are encrypted with a key derived from it, so an app
 * started with another secret could not send.
 */
export const BENCH_AUTH_SECRET = `bench-inbox-${"s".repeat(40)}`;

/** The demo seed's team (supabase/seed.sql): the bench signs in as Ana; Ana, Budi and Carlos take conversations. */
export const TEAM = {
  owner: "admin@conversa.local",
  agents: ["ana@conversa.local", "budi@conversa.local", "carlos@conversa.local"],
} as const;

export interface InboxSeed {
  workspaceId: string;
  channelId: string;
  /** Email → user id. */
  users: Record<string, string>;
  contacts: number;
  messages: number;
  seconds: number;
}

/** Six countries' worth of names, per language; contacts pick a first and a last name. */
const NAMES = {
  id: {
    first:
      "Siti Agus Dewi Rizky Putri Bayu Nur Hendra Intan Fajar Sri Andi Ratna Yusuf Budi Rina Eko Wulan Dimas Ayu Joko Lestari Rudi Indah Arief Maya Taufik Fitri Hadi Sari",
    last: "Rahma Pratama Lestari Hidayat Maharani Saputra Aisyah Wijaya Permata Nugroho Wahyuni Setiawan Sari Maulana Santoso Kurniawan Susanto Rahayu Hakim Purnama Syahputra Utami Gunawan Siregar Nasution Harahap Simanjuntak Halim Tanjung Firmansyah",
  },
  es: {
    first:
      "María José Guadalupe Alejandro Daniela Juan Ximena Ricardo Camila Santiago Valentina Andrés Laura Lucía Martín Sofía Federico Agustina Carmen Javier",
    last: "López Hernández Ramírez Torres Cruz Morales Flores Vargas Restrepo Gómez Ospina Cárdenas Martínez Rojas Fernández González Romero Díaz Pereyra García",
  },
  en: {
    first: "James Emma Oliver Olivia Jack Amelia Harry Isla George Ava Noah Mia Liam Sophie Ethan Grace Lucas Chloe Mason Ella",
    last: "Smith Johnson Williams Brown Jones Taylor Davies Wilson Evans Thomas Roberts Walker Wright Thompson White Hughes Edwards Green Hall Wood",
  },
};

/** What customers write and agents answer, per language; {n} becomes an amount or an order number. */
const TEXTS: Record<"id" | "es" | "en", { inbound: string[]; outbound: string[] }> = {
  id: {
    inbound: [
      "Halo kak, ukuran L masih ada?",
      "Kak, ongkir ke Surabaya berapa ya?",
      "Sudah saya transfer ya kak, Rp {n}",
      "Pesanan #{n} kapan dikirim kak?",
      "Bisa COD gak kak?",
      "Barangnya sudah sampai, makasih banyak!",
      "Warna hitam ready kak?",
      "Mau pesan 2 pcs, totalnya berapa?",
      "Kak, resi pengirimannya mana ya?",
      "Ada diskon untuk pembelian grosir?",
      "Oke kak, saya tunggu kabarnya",
      "Selamat pagi, toko buka jam berapa?",
    ],
    outbound: [
      "Halo kak, terima kasih sudah menghubungi kami 🙏",
      "Masih ready kak, mau diorder berapa pcs?",
      "Ongkir ke Surabaya Rp {n} ya kak",
      "Pesanan kakak sudah kami kirim, resi JNE {n}",
      "Baik kak, pembayarannya sudah kami terima",
      "Untuk grosir minimal 12 pcs dapat diskon 10% kak",
      "Mohon ditunggu ya kak, kami cek dulu stoknya",
      "Bisa kak, COD tersedia untuk area Jabodetabek",
    ],
  },
  es: {
    inbound: [
      "Hola, ¿tienen la talla M disponible?",
      "¿Cuánto cuesta el envío a Guadalajara?",
      "Ya hice la transferencia, folio {n}",
      "¿Cuándo llega mi pedido #{n}?",
      "Buenas tardes, ¿hacen envíos a domicilio?",
      "Gracias, ya me llegó todo perfecto",
      "¿Aceptan pago con tarjeta?",
      "Quiero cambiar la dirección de entrega",
    ],
    outbound: [
      "¡Hola! Gracias por escribirnos 😊",
      "Sí, lo tenemos disponible, ¿cuántas piezas necesitas?",
      "El envío al código postal {n} tarda de 2 a 3 días",
      "Tu pedido #{n} ya fue enviado",
      "Recibimos tu pago, ¡muchas gracias!",
      "Claro, te comparto el catálogo",
    ],
  },
  en: {
    inbound: [
      "Hi, is the blue one still in stock?",
      "How much is shipping to Manchester?",
      "I just paid invoice {n}, please confirm",
      "Where is my order #{n}?",
      "Can I change the delivery address?",
      "Thanks, it arrived today!",
      "Do you have a discount code?",
    ],
    outbound: [
      "Hi! Thanks for reaching out 👋",
      "Yes, it's in stock. How many would you like?",
      "Shipping to ZIP {n} takes 2-3 days",
      "Your order #{n} has shipped",
      "Payment received, thank you!",
      "Let me check that for you, one moment",
    ],
  },
};

/**
 * A contact's country by its number i: 60% Indonesia, 10% each Mexico and
 * Spain, 10% each the US and the UK. Numbers are i scrambled by a
 * multiplication that is a bijection modulo the number space, so unique.
 */
const LANGUAGE_OF_INDEX = (column: string) => `case when ${column} % 20 < 12 then 'id' when ${column} % 20 < 16 then 'es' else 'en' end`;
const PHONE_SQL = `case
  when i % 20 < 12 then '+6281' || lpad(((i::bigint * 48271) % 1000000000)::text, 9, '0')
  when i % 20 < 14 then '+5255' || lpad(((i::bigint * 48271) % 100000000)::text, 8, '0')
  when i % 20 < 16 then '+346' || lpad(((i::bigint * 48271) % 100000000)::text, 8, '0')
  when i % 20 < 18 then '+1415' || lpad(((i::bigint * 48271) % 10000000)::text, 7, '0')
  else '+447' || lpad(((i::bigint * 48271) % 1000000000)::text, 9, '0') end`;

/**
 * Stable ids from a counter, so messages can name their conversation without
 * a join: an md5 with the version (4) and variant bits of a UUID, which the
 * actions' input schemas check.
 */
const stableUuid = (kind: string, column: string) =>
  `overlay(overlay(md5('${kind}-' || ${column}) placing '4' from 13) placing '8' from 17)::uuid`;
const contactId = (column: string) => stableUuid("contact", column);
const conversationId = (column: string) => stableUuid("conversation", column);

export async function seedInbox(options: {
  adminUrl: string;
  appUrl: string;
  contacts: number;
  messages: number;
  credentialsEncrypted: string;
  chunk?: number;
}): Promise<InboxSeed> {
  const started = performance.now();
  // The demo seed brings the users (auth.users with bcrypt passwords) and a second, small tenant.
  await seedIfEmpty(options.appUrl);

  // One connection for the whole load, never recycled: the temp table of texts lives on it (postgres.js would
  // replace a connection after 30–60 min, which a seed of millions of messages outlasts).
  const sql = postgres(options.adminUrl, { max: 1, onnotice: () => {}, idle_timeout: 0, max_lifetime: null });
  try {
    const userRows = await sql<{ id: string; email: string }[]>`
      select id, email from auth.users where email in ${sql([TEAM.owner, ...TEAM.agents])}`;
    const users = Object.fromEntries(userRows.map((u) => [u.email, u.id]));
    const agentIds = TEAM.agents.map((email) => users[email] ?? "");
    const ownerId = users[TEAM.owner] ?? "";
    if (agentIds.some((id) => !id) || !ownerId) throw new Error("the demo seed's users are missing");

    const [workspace] = await sql<{ id: string }[]>`
      insert into public.workspaces (name, slug, default_country, created_by)
      values ('Toko Besar (bench)', ${BENCH_WORKSPACE_SLUG}, 'ID', ${ownerId})
      returning id`;
    if (!workspace) throw new Error("no workspace");
    const ws = workspace.id;
    await sql`
      insert into public.workspace_members (workspace_id, user_id, role)
      select ${ws}, id, case email when ${TEAM.owner} then 'owner' when 'carlos@conversa.local' then 'admin' else 'agent' end::public.member_role
      from auth.users where id = any(${[ownerId, ...agentIds]}::uuid[])`;
    const [channel] = await sql<{ id: string }[]>`
      insert into public.whatsapp_channels (workspace_id, provider, phone_number_id, waba_id, display_phone_number, name, credentials_encrypted)
      values (${ws}, 'meta', '109000000000001', '209000000000001', '+62 811-0900-0001', 'Toko Besar (Meta Cloud API)',
              ${options.credentialsEncrypted})
      returning id`;
    if (!channel) throw new Error("no channel");

    // Bulk load: no per-row triggers (stats, NOTIFY, guards, FK checks), no waiting on the WAL flush.
    await sql`set session_replication_role = replica`;
    await sql`set synchronous_commit = off`;
    await sql`set work_mem = '256MB'`;
    await sql`set maintenance_work_mem = '1GB'`;
    await sql`select setseed(0.20261123)`;
    const seedNow = new Date();
    const chunk = options.chunk ?? 50_000;
    const N = options.contacts;

    // Contacts, then one conversation each.
    let bar = progressBar("contacts + conversations", N * 2);
    for (let from = 0; from < N; from += chunk) {
      const to = Math.min(N, from + chunk) - 1;
      await sql.unsafe(
        `insert into public.contacts (id, workspace_id, phone_e164, wa_id, name, profile_name, lead_status, lead_score, tags, source)
         select ${contactId("i")}, $1, phone, ltrim(phone, '+'),
                case when random() < 0.3 then full_name end, full_name,
                (array['new','new','contacted','qualified','won','lost'])[1 + floor(random() * 6)::int],
                floor(random() * 101)::int,
                case when random() < 0.2 then array['wholesale'] when random() < 0.1 then array['vip','repeat-buyer'] else '{}' end,
                case when random() < 0.9 then 'whatsapp' else 'import' end
         from (
           select i, ${PHONE_SQL} as phone,
                  case when lang = 'id' then (string_to_array($4, ' '))[1 + floor(random() * 30)::int] || ' ' || (string_to_array($5, ' '))[1 + floor(random() * 30)::int]
                       when lang = 'es' then (string_to_array($6, ' '))[1 + floor(random() * 20)::int] || ' ' || (string_to_array($7, ' '))[1 + floor(random() * 20)::int]
                       else (string_to_array($8, ' '))[1 + floor(random() * 20)::int] || ' ' || (string_to_array($9, ' '))[1 + floor(random() * 20)::int]
                  end as full_name
           from (select i, ${LANGUAGE_OF_INDEX("i")} as lang from generate_series($2::int, $3::int) i) g
         ) s`,
        [ws, from, to, NAMES.id.first, NAMES.id.last, NAMES.es.first, NAMES.es.last, NAMES.en.first, NAMES.en.last],
      );
      bar.update(to + 1);
    }
    for (let from = 0; from < N; from += chunk) {
      const to = Math.min(N, from + chunk) - 1;
      // 45% assigned to one of the three agents; archiving and unread are decided from the messages below.
      await sql.unsafe(
        `insert into public.conversations (id, workspace_id, channel_id, contact_id, assigned_to)
         select ${conversationId("i")}, $1, $2, ${contactId("i")},
                case when r < 0.45 then ($5::uuid[])[1 + floor(r / 0.15)::int] end
         from (select i, random() as r from generate_series($3::int, $4::int) i) g`,
        [ws, channel.id, from, to, agentIds],
      );
      bar.update(N + to + 1);
    }
    const contactsMs = bar.done();
    console.log(`  ${N.toLocaleString("en-US")} contacts and conversations in ${(contactsMs / 1000).toFixed(1)} s`);

    // Messages: the table's own indexes (not those behind constraints) are dropped and built again after the load.
    const indexes = await sql<{ name: string; definition: string }[]>`
      select i.indexname as name, i.indexdef as definition from pg_indexes i
      where i.schemaname = 'public' and i.tablename = 'messages'
        and not exists (select 1 from pg_constraint c where c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)`;
    for (const index of indexes) await sql.unsafe(`drop index public."${index.name.replaceAll('"', '""')}"`);

    await sql`create temp table bench_texts (lang text, direction text, bodies text[], size int)`;
    for (const [lang, sides] of Object.entries(TEXTS)) {
      for (const [direction, bodies] of Object.entries(sides)) {
        await sql`insert into bench_texts values (${lang}, ${direction}, ${bodies}, ${bodies.length})`;
      }
    }

    const M = options.messages;
    const hot = Math.max(1, Math.floor(N / 50));
    bar = progressBar("messages", M);
    for (let from = 0; from < M; from += chunk) {
      const to = Math.min(M, from + chunk) - 1;
      // Every conversation gets one message first; then 30% of messages go to a hot 2% of conversations
      // (busy customers, long threads) and the rest anywhere. Time: uniform over 90 days, whole seconds (as WhatsApp's).
      await sql.unsafe(
        `insert into public.messages (workspace_id, conversation_id, wamid, direction, type, body, content, status, sent_at,
           delivered_at, read_at, sender_type, sender_user_id, media_id, media_mime_type, media_status, media_filename,
           created_at, updated_at)
         select $1, ${conversationId("c")}, 'wamid.HBgM' || md5('message-' || n), direction, type, body,
                case type when 'text' then jsonb_build_object('type', 'text', 'text', jsonb_build_object('body', body))
                          else jsonb_build_object('type', type, type, jsonb_strip_nulls(jsonb_build_object('id', media_id, 'mime_type', mime, 'caption', body)))
                end,
                case when direction = 'inbound' then 'delivered' when rs < 0.6 then 'read' when rs < 0.9 then 'delivered' else 'sent' end,
                sent_at,
                case when direction = 'outbound' and rs < 0.9 then sent_at + interval '2 seconds' end,
                case when direction = 'outbound' and rs < 0.6 then sent_at + interval '1 minute' end,
                case when direction = 'inbound' then 'customer' when rs < 0.92 then 'agent' else 'business_app' end,
                case when direction = 'outbound' and rs < 0.92 then ($4::uuid[])[1 + floor(ra * 3)::int] end,
                media_id, mime, case when media_id is not null then 'stored' end,
                case when type = 'document' then 'invoice-' || num || '.pdf' end,
                sent_at, sent_at
         from (
           select g.*,
                  case type
                    when 'text' then replace(t.bodies[1 + floor(rb * t.size)::int], '{n}', num::text)
                    when 'image' then case when rb < 0.4 then t.bodies[1 + floor(rb * t.size)::int] end
                    when 'document' then 'invoice-' || num || '.pdf'
                  end as body,
                  case when type <> 'text' then md5('media-' || n) end as media_id,
                  case type when 'image' then 'image/jpeg' when 'audio' then 'audio/ogg' when 'document' then 'application/pdf'
                            when 'sticker' then 'image/webp' end as mime
           from (
             select n, c, ${LANGUAGE_OF_INDEX("c")} as lang,
                    case when rd < 0.55 then 'inbound' else 'outbound' end as direction,
                    case when rt < 0.88 then 'text' when rt < 0.94 then 'image' when rt < 0.97 then 'audio'
                         when rt < 0.99 then 'document' else 'sticker' end as type,
                    date_trunc('second', $5::timestamptz - random() * interval '90 days') as sent_at,
                    1000 + floor(random() * 99000)::int as num,
                    rb, rs, ra
             from (
               select n,
                      case when n < $6 then n when random() < 0.3 then floor(random() * $7)::int else floor(random() * $6)::int end as c,
                      random() as rd, random() as rt, random() as rb, random() as rs, random() as ra
               from generate_series($2::int, $3::int) n
             ) r
           ) g
           join bench_texts t on t.lang = g.lang and t.direction = g.direction
         ) m`,
        [ws, from, to, agentIds, seedNow, N, hot],
      );
      bar.update(to + 1);
    }
    const messagesMs = bar.done();
    console.log(`  ${M.toLocaleString("en-US")} messages in ${(messagesMs / 1000).toFixed(1)} s`);

    bar = progressBar("message indexes", indexes.length);
    for (const [i, index] of indexes.entries()) {
      await sql.unsafe(index.definition);
      bar.update(i + 1);
    }
    const indexMs = bar.done();
    console.log(`  ${indexes.length} indexes on messages built in ${(indexMs / 1000).toFixed(1)} s`);

    // What the stats trigger keeps, from the messages: the last one (not notes or reactions), the customer's last
    // (the 24-hour window). Unread: most conversations whose last word is the customer's within a week, a few older;
    // resolved: 10% of the read ones (a customer writing again brings one back, so none is unread).
    const statsStarted = performance.now();
    await sql.unsafe(
      `update public.conversations c set
         last_message_at = l.sent_at,
         last_message_preview = private.message_preview(l.type, l.body),
         last_message_direction = l.direction,
         last_message_type = l.type,
         last_message_id = l.id,
         last_message_status = l.status,
         last_customer_message_at = l.last_inbound_at,
         unread_count = l.unread,
         is_read = l.unread = 0,
         status = case when l.unread = 0 and l.archive then 'resolved' else 'open' end,
         opened_at = l.first_at,
         -- Resolved a while after the last message (the stamp trigger would have said when).
         resolved_at = case when l.unread = 0 and l.archive then least(l.sent_at + interval '2 hours', $2::timestamptz) end,
         first_customer_message_at = l.first_inbound_at,
         created_at = l.first_at,
         updated_at = l.sent_at,
         -- What the contact arm of the search matches (20261208020000, kept by triggers).
         contact_search_name = coalesce(k.name, k.profile_name, ''),
         contact_search_phone = coalesce(k.phone_e164, '')
       from public.contacts k, (
         select conversation_id, id, status, sent_at, type, body, direction, last_inbound_at, first_inbound_at, first_at,
                case when direction = 'inbound' and ((sent_at > $2::timestamptz - interval '7 days' and random() < 0.6) or random() < 0.05)
                     then 1 + floor(random() * 3)::int else 0 end as unread,
                random() < 0.1 as archive
         from (
           select distinct on (conversation_id) conversation_id, id, status, sent_at, type, body, direction,
                  max(sent_at) filter (where direction = 'inbound') over w as last_inbound_at,
                  min(sent_at) filter (where direction = 'inbound') over w as first_inbound_at,
                  min(sent_at) over w as first_at
           from public.messages
           where workspace_id = $1 and type not in ('note', 'reaction')
           window w as (partition by conversation_id)
           order by conversation_id, sent_at desc, id desc
         ) last
       ) l
       where c.workspace_id = $1 and c.id = l.conversation_id and k.workspace_id = $1 and k.id = c.contact_id`,
      [ws, seedNow],
    );
    // The first reply after the customer's first message (the dashboard's first response time).
    await sql.unsafe(
      `update public.conversations c set first_reply_at = f.answered_at
       from (
         select m.conversation_id, min(m.sent_at) as answered_at
         from public.messages m
         join public.conversations q on q.workspace_id = m.workspace_id and q.id = m.conversation_id
         where m.workspace_id = $1 and m.sent_at >= q.first_customer_message_at
           and private.is_reply(m.direction, m.type, m.sender_type)
         group by 1
       ) f
       where c.workspace_id = $1 and c.id = f.conversation_id`,
      [ws],
    );
    await sql.unsafe(
      `update public.contacts k set last_activity_at = c.last_message_at, first_seen_at = c.created_at, created_at = c.created_at
       from public.conversations c where c.workspace_id = $1 and k.workspace_id = $1 and k.id = c.contact_id`,
      [ws],
    );
    // The dashboard's rollups, which the statement triggers would have kept.
    await sql`select private.rebuild_dashboard_rollups(${ws})`;
    console.log(`  conversation stats and dashboard rollups set in ${((performance.now() - statsStarted) / 1000).toFixed(1)} s`);

    await sql`set session_replication_role = origin`;
    const vacuumStarted = performance.now();
    await sql`vacuum (analyze) public.contacts, public.conversations, public.messages`;
    await sql`checkpoint`;
    console.log(`  VACUUM ANALYZE and checkpoint in ${((performance.now() - vacuumStarted) / 1000).toFixed(1)} s`);

    return { workspaceId: ws, channelId: channel.id, users, contacts: N, messages: M, seconds: (performance.now() - started) / 1000 };
  } finally {
    await sql.end();
  }
}

/**
 * The benchmark database in benchInboxDataDir(): started, migrated, and seeded
 * unless `reuse` finds it seeded already. Sets DATABASE_URL for the app's
 * modules. The caller stops `db` and ends `sql`.
 */
export async function openInboxDatabase(options: { reuse: boolean }) {
  const { port, contacts, messages } = INBOX_BENCH;
  const dataDir = benchInboxDataDir();
  if (!options.reuse) await rm(dataDir, { recursive: true, force: true });
  const db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port, database: "conversa_bench_inbox" });
  process.env.DATABASE_URL = db.appUrl;
  await prepareDatabase({ appUrl: db.appUrl, superuserUrl: db.adminUrl, appRolePassword: "postgres" });
  const sql = postgres(db.adminUrl, { max: 2, onnotice: () => {} });

  const { encryptSecret } = await import("@/server/crypto/secrets");
  const [existing] = await sql<{ id: string; channel_id: string }[]>`
    select w.id, ch.id as channel_id from public.workspaces w join public.whatsapp_channels ch on ch.workspace_id = w.id
    where w.slug = ${BENCH_WORKSPACE_SLUG}`;
  let seed: Pick<InboxSeed, "workspaceId" | "channelId"> & { seconds?: number };
  if (options.reuse && existing) {
    console.log(`Reusing the seeded workspace in ${path.relative(repoRoot, dataDir)}.`);
    seed = { workspaceId: existing.id, channelId: existing.channel_id };
  } else {
    console.log(`Seeding ${contacts.toLocaleString("en-US")} contacts/conversations and ${messages.toLocaleString("en-US")} messages…`);
    seed = await seedInbox({
      adminUrl: db.adminUrl,
      appUrl: db.appUrl,
      contacts,
      messages,
      credentialsEncrypted: encryptSecret(JSON.stringify({ accessToken: "bench-access-token" })),
    });
    console.log(`Seeded in ${seed.seconds?.toFixed(1)} s.`);
  }
  return { db, sql, seed };
}

/**
 * The benchmark database as seeded (started if need be; seed it with
 * `npm run bench:inbox -- --seed-only`) and its workspace's id. With
 * `migrate`, this checkout's migrations are applied first (the "after" of a
 * migration, on the same data). The caller ends `sql` and stops `db`.
 */
export async function openSeededInbox(options: { migrate: boolean }) {
  const db = await startEmbeddedPostgres({
    dataDir: path.join(benchInboxDataDir(), "postgres"),
    port: INBOX_BENCH.port,
    database: "conversa_bench_inbox",
  });
  process.env.DATABASE_URL = db.appUrl;
  const sql = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
  try {
    if (options.migrate) {
      const started = performance.now();
      await prepareDatabase({ appUrl: db.appUrl, superuserUrl: db.adminUrl, appRolePassword: "postgres" });
      console.log(`Migrations applied in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
      await sql`vacuum (analyze) public.conversations`;
    }
    const [ws] = await sql<{ id: string }[]>`select id from public.workspaces where slug = ${BENCH_WORKSPACE_SLUG}`;
    if (!ws) throw new Error("no seeded workspace: run npm run bench:inbox -- --seed-only first");
    return { db, sql, workspaceId: ws.id };
  } catch (error) {
    await sql.end();
    await db.stop();
    throw error;
  }
}
