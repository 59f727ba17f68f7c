import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { asService } from "@/server/db/client";
import { processCache } from "@/server/process-state";

/**
 * Each WhatsApp number sends at most its rate (whatsapp_channels.send_rate,
 * 80 a second by default), across every worker process. The shared state
 * is one row per number (private.channel_send_pace) holding its next free
 * send slot: a process takes a few slots at once (up to a quarter second's
 * worth, as many as it has sends waiting) by moving that time forward in one
 * UPDATE, then hands them out locally, each send waiting for its slot. So
 * the database sees one statement per few sends, and slots taken by two
 * processes never overlap. Slots a process does not use are lost, which only
 * slows the number down a little.
 *
 * After a rate-limit or quality error the number is slowed: half its
 * current rate for a minute (halved again on another error meanwhile), and
 * its slots already taken here are dropped.
 */

interface NumberSlots {
  /** performance.now() times of the slots taken and not used yet, earliest first. */
  slots: number[];
  waiting: number;
  taking: Promise<void> | null;
  /** The slots' spacing at the number's rate when they were last taken, and when this process last sent. */
  stepMs: number;
  lastSendAt: number;
}

/** How long a number stays slowed after a rate-limit or quality error. */
export const SLOW_FOR_SECONDS = 60;

function slotsOf(channelId: string): NumberSlots {
  const cache = processCache<string, NumberSlots>("sendPace");
  let state = cache.get(channelId);
  if (!state) {
    state = { slots: [], waiting: 0, taking: null, stepMs: 0, lastSendAt: 0 };
    cache.set(channelId, state);
  }
  return state;
}

/** Waits for this number's next send slot. */
export async function waitForSendSlot(channelId: string): Promise<void> {
  const state = slotsOf(channelId);
  state.waiting++;
  try {
    for (;;) {
      const slot = state.slots.shift();
      if (slot !== undefined) {
        const wait = slot - performance.now();
        if (wait > 0) await sleep(wait);
        return;
      }
      state.taking ??= takeSlots(channelId, state).finally(() => {
        state.taking = null;
      });
      await state.taking;
    }
  } finally {
    state.waiting--;
  }
}

/**
 * Called right before a send is claimed: sends that reach their slots
 * together (a process that fell behind, on a busy machine) go on one slot's
 * spacing apart, rather than in a burst that would crowd the next second.
 */
export async function spaceSend(channelId: string): Promise<void> {
  const state = slotsOf(channelId);
  const now = performance.now();
  const at = Math.max(now, state.lastSendAt + state.stepMs);
  state.lastSendAt = at;
  if (at > now) await sleep(at - now);
}

async function takeSlots(channelId: string, state: NumberSlots) {
  const [taken] = await asService(async (tx) => {
    await tx`
      insert into private.channel_send_pace (channel_id, workspace_id)
      select id, workspace_id from public.whatsapp_channels where id = ${channelId}
      on conflict (channel_id) do nothing`;
    // In SET and RETURNING the pace columns are the row's values before and after: `first` is the old next slot.
    return tx<{ granted: number; first_in_ms: number; step_ms: number }[]>`
      with rate as (
        select (case when p.slowed_until > now() then least(p.slowed_rate, c.send_rate) else c.send_rate end)::float8 as per_second
        from private.channel_send_pace p join public.whatsapp_channels c on c.id = p.channel_id
        where p.channel_id = ${channelId}),
      grant_ as (select per_second, least(${state.waiting}::int, greatest(1, ceil(per_second / 4)))::int as granted from rate)
      update private.channel_send_pace p
      set next_slot_at = greatest(p.next_slot_at, now()) + make_interval(secs => g.granted / g.per_second)
      from grant_ g
      where p.channel_id = ${channelId}
      returning g.granted, extract(epoch from (p.next_slot_at - now())) * 1000 - g.granted * 1000 / g.per_second as first_in_ms,
                1000 / g.per_second as step_ms`;
  });
  if (!taken) throw new Error(`no WhatsApp number ${channelId} to pace`);
  state.stepMs = Number(taken.step_ms);
  const first = performance.now() + Number(taken.first_in_ms);
  for (let i = 0; i < taken.granted; i++) state.slots.push(first + i * Number(taken.step_ms));
}

/**
 * WhatsApp said the number sends too fast (or its quality is at risk): it
 * sends at half its current rate for a while, starting a second from now,
 * in every process (the slots this one holds are dropped).
 */
export async function slowDown(channelId: string): Promise<void> {
  const state = slotsOf(channelId);
  state.slots.length = 0;
  state.stepMs *= 2;
  await asService(
    (tx) => tx`
      update private.channel_send_pace p set
        slowed_rate = greatest(1, (case when p.slowed_until > now() then least(p.slowed_rate, c.send_rate) else c.send_rate end) / 2.0),
        slowed_until = now() + make_interval(secs => ${SLOW_FOR_SECONDS}),
        next_slot_at = greatest(p.next_slot_at, now()) + interval '1 second'
      from public.whatsapp_channels c
      where c.id = p.channel_id and p.channel_id = ${channelId}`,
  );
}
