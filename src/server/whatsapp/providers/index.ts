import "server-only";
import type { ProviderAdapter } from "./adapter";
import type { ChannelAddress, ProviderClient } from "./client";
import { dialog360 } from "./dialog360";
import { kapso } from "./kapso";
import { meta } from "./meta";

/**
 * The providers, by the name stored in `whatsapp_channels.provider` and
 * `webhook_events.provider`: the one place a name becomes an adapter.
 * Adding a provider is one file implementing ProviderAdapter (adapter.ts)
 * and one line here, plus its name in those two columns' check
 * constraints (a migration). `Provider` (events.ts) is these keys.
 */
export const providers = {
  meta,
  "360dialog": dialog360,
  kapso,
} satisfies Record<string, ProviderAdapter>;

export type Provider = keyof typeof providers;

/** Adapters registered at run time, under names that are not in `providers` (the tests' own provider). */
const registered = new Map<string, ProviderAdapter>();

/**
 * Registers an adapter under a new name, outside the list above: how the
 * tests prove a provider needs nothing but its adapter (the database must
 * accept the name too). Not a way to replace one of ours.
 */
export function registerProvider(name: string, adapter: ProviderAdapter): void {
  if (Object.hasOwn(providers, name) || registered.has(name)) throw new Error(`provider ${name} is already registered`);
  registered.set(name, adapter);
}

/** The adapter of a provider name, or null when there is none (an unknown name in a URL). */
export function findProviderAdapter(name: string): ProviderAdapter | null {
  return Object.hasOwn(providers, name) ? providers[name as Provider] : (registered.get(name) ?? null);
}

/** The adapter of a provider name read from the database: one we do not know is a bug, not a request to refuse. */
export function providerAdapter(name: string): ProviderAdapter {
  const adapter = findProviderAdapter(name);
  if (!adapter) throw new Error(`no adapter for provider ${name}`);
  return adapter;
}

/** Every adapter, ours and registered. */
export function allProviderAdapters(): ProviderAdapter[] {
  return [...Object.values(providers), ...registered.values()];
}

/** Sending and media for one channel, through its provider's adapter. */
export function providerClient(channel: ChannelAddress): ProviderClient {
  return providerAdapter(channel.provider).client(channel);
}
