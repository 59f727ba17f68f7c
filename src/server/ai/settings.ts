import "server-only";
import { z } from "zod";
import { recordAudit } from "@/server/audit/record";
import { decryptSecret, encryptSecret } from "@/server/crypto/secrets";
import type { Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { env } from "@/server/env";
import { assertPublicUrl } from "@/server/net/outbound";
import type { ModelConnection } from "./model";

/** When the assistant answers, relative to the workspace's business hours. */
export const BUSINESS_HOURS_MODES = ["always", "outside_hours", "within_hours"] as const;
export type BusinessHoursMode = (typeof BUSINESS_HOURS_MODES)[number];

/** A FAQ answer or a piece of knowledge the assistant may use. */
export const knowledgeSnippetSchema = z.object({
  title: z.string().trim().min(1).max(200),
  content: z.string().trim().min(1).max(4000),
});

/** What an admin may set in Settings → AI assistant. */
export const aiSettingsInputSchema = z.object({
  enabled: z.boolean(),
  model: z.string().trim().min(1).max(100),
  baseUrl: z
    .url({ protocol: /^https?$/, error: "validation.modelBaseUrl" })
    .nullable()
    .or(z.literal("").transform(() => null)),
  /** A new key; omitted keeps the stored one, null removes it. */
  apiKey: z.string().trim().min(1).max(500).nullable().optional(),
  businessProfile: z.string().max(4000),
  instructions: z.string().max(4000),
  knowledge: z.array(knowledgeSnippetSchema).max(50),
  handoffOnRequest: z.boolean(),
  handoffOnComplaint: z.boolean(),
  handoffOnOrders: z.boolean(),
  handoffOutOfScope: z.boolean(),
  maxAiReplies: z.number().int().min(1).max(100).nullable(),
  holdingMessage: z.string().trim().max(1000).nullable(),
  debounceSeconds: z.number().int().min(0).max(60),
  historyMessages: z.number().int().min(1).max(100),
  monthlyTokenBudget: z.number().int().positive().max(2_000_000_000).nullable(),
  businessHoursMode: z.enum(BUSINESS_HOURS_MODES),
  /** How long a call to the model server may take before it counts as unreachable. */
  timeoutSeconds: z.number().int().min(1, "validation.timeoutAtLeast1").max(120, "validation.timeoutAtMost120"),
});
export type AiSettingsInput = z.infer<typeof aiSettingsInputSchema>;

/** The settings as the browser sees them: never the key, only its end. */
export interface AiSettingsView extends Omit<AiSettingsInput, "apiKey"> {
  apiKeyLast4: string | null;
}

/** The settings a run needs, with the key decrypted (server only, never returned to a browser). */
export interface AssistantConfig extends Omit<AiSettingsInput, "apiKey" | "baseUrl">, ModelConnection {
  baseUrl: string;
  apiKey: string | null;
}

export const DEFAULT_AI_SETTINGS: AiSettingsView = {
  enabled: false,
  model: "gpt-4o-mini",
  baseUrl: null,
  apiKeyLast4: null,
  businessProfile: "",
  instructions: "",
  knowledge: [],
  handoffOnRequest: true,
  handoffOnComplaint: true,
  handoffOnOrders: true,
  handoffOutOfScope: true,
  maxAiReplies: null,
  holdingMessage: null,
  debounceSeconds: 4,
  historyMessages: 20,
  monthlyTokenBudget: null,
  businessHoursMode: "always",
  timeoutSeconds: 10,
};

/** The row with its jsonb and checked text narrowed to what the app writes. */
type SettingsRow = With<
  Pick<
    Row<"ai_settings">,
    | "enabled"
    | "model"
    | "base_url"
    | "api_key_last4"
    | "business_profile"
    | "instructions"
    | "knowledge"
    | "handoff_on_request"
    | "handoff_on_complaint"
    | "handoff_on_orders"
    | "handoff_out_of_scope"
    | "max_ai_replies"
    | "holding_message"
    | "debounce_seconds"
    | "history_messages"
    | "monthly_token_budget"
    | "business_hours_mode"
    | "timeout_seconds"
  >,
  { knowledge: { title: string; content: string }[]; business_hours_mode: BusinessHoursMode }
>;

/** The columns every role may read (the encrypted key is not among them). */
export const SETTINGS_COLUMNS = (tx: Tx) => tx`
  enabled, model, base_url, api_key_last4, business_profile, instructions, knowledge, handoff_on_request,
  handoff_on_complaint, handoff_on_orders, handoff_out_of_scope, max_ai_replies, holding_message, debounce_seconds,
  history_messages, monthly_token_budget, business_hours_mode, timeout_seconds`;

export function toView(row: SettingsRow): AiSettingsView {
  return {
    enabled: row.enabled,
    model: row.model,
    baseUrl: row.base_url,
    apiKeyLast4: row.api_key_last4,
    businessProfile: row.business_profile,
    instructions: row.instructions,
    knowledge: row.knowledge,
    handoffOnRequest: row.handoff_on_request,
    handoffOnComplaint: row.handoff_on_complaint,
    handoffOnOrders: row.handoff_on_orders,
    handoffOutOfScope: row.handoff_out_of_scope,
    maxAiReplies: row.max_ai_replies,
    holdingMessage: row.holding_message,
    debounceSeconds: row.debounce_seconds,
    historyMessages: row.history_messages,
    monthlyTokenBudget: row.monthly_token_budget,
    businessHoursMode: row.business_hours_mode,
    timeoutSeconds: row.timeout_seconds,
  };
}

/** The workspace's settings (defaults until an admin saves them). Works for members too: RLS lets them read. */
export async function getAiSettings(tx: Tx, workspaceId: string): Promise<AiSettingsView> {
  const [row] = await tx<SettingsRow[]>`
    select ${SETTINGS_COLUMNS(tx)} from public.ai_settings where workspace_id = ${workspaceId}`;
  return row ? toView(row) : DEFAULT_AI_SETTINGS;
}

/** Saves the settings as the admin (RLS refuses anyone else); the key is encrypted here and never read back. */
export async function saveAiSettings(tx: Tx, workspaceId: string, userId: string, input: AiSettingsInput): Promise<AiSettingsView> {
  // The server posts to this URL with the workspace's key and shows the answer: it must not lead into our network.
  if (input.baseUrl !== null)
    await assertPublicUrl(input.baseUrl, { field: "baseUrl", label: "apiBaseUrl", httpsOnly: false, privateHint: "model" });
  const values = {
    workspace_id: workspaceId,
    enabled: input.enabled,
    model: input.model,
    base_url: input.baseUrl,
    business_profile: input.businessProfile,
    instructions: input.instructions,
    knowledge: tx.json(input.knowledge),
    handoff_on_request: input.handoffOnRequest,
    handoff_on_complaint: input.handoffOnComplaint,
    handoff_on_orders: input.handoffOnOrders,
    handoff_out_of_scope: input.handoffOutOfScope,
    max_ai_replies: input.maxAiReplies,
    holding_message: input.holdingMessage || null,
    debounce_seconds: input.debounceSeconds,
    history_messages: input.historyMessages,
    monthly_token_budget: input.monthlyTokenBudget,
    business_hours_mode: input.businessHoursMode,
    timeout_seconds: input.timeoutSeconds,
    updated_by: userId,
    ...(input.apiKey === undefined
      ? {}
      : {
          api_key_encrypted: input.apiKey === null ? null : encryptSecret(input.apiKey),
          api_key_last4: input.apiKey === null ? null : input.apiKey.slice(-4),
        }),
  };
  const { workspace_id: _, ...changes } = values;
  const [row] = await tx<SettingsRow[]>`
    insert into public.ai_settings ${tx(values)}
    on conflict (workspace_id) do update set ${tx(changes)}
    returning ${SETTINGS_COLUMNS(tx)}`;
  if (!row) throw new Error("ai_settings upsert returned no row");
  await recordAudit(tx, {
    workspaceId,
    action: "ai.settings_updated",
    target: { type: "ai_settings", id: workspaceId, label: "AI assistant" },
    // What an admin scans for; the key itself never enters the log.
    details: {
      enabled: input.enabled,
      model: input.model,
      ...(input.apiKey === undefined ? {} : { api_key: input.apiKey === null ? "removed" : "replaced" }),
    },
  });
  return toView(row);
}

/** Everything a run needs, key decrypted; null when the workspace never saved settings. Service role only. */
export async function loadAssistantConfig(tx: Tx, workspaceId: string): Promise<AssistantConfig | null> {
  const [row] = await tx<(SettingsRow & Pick<Row<"ai_settings">, "api_key_encrypted">)[]>`
    select ${SETTINGS_COLUMNS(tx)}, api_key_encrypted from public.ai_settings where workspace_id = ${workspaceId}`;
  if (!row) return null;
  const { apiKeyLast4: _, baseUrl, ...view } = toView(row);
  return {
    ...view,
    baseUrl: baseUrl ?? env().AI_DEFAULT_BASE_URL,
    apiKey: row.api_key_encrypted ? decryptSecret(row.api_key_encrypted) : null,
    timeoutMs: view.timeoutSeconds * 1000,
  };
}

/** Prompt and completion tokens spent this calendar month (UTC), for the budget. */
export async function tokensUsedThisMonth(tx: Tx, workspaceId: string): Promise<number> {
  const [row] = await tx<{ used: string }[]>`
    select coalesce(sum(prompt_tokens + completion_tokens), 0) as used from public.ai_runs
    where workspace_id = ${workspaceId} and created_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'`;
  return Number(row?.used ?? 0);
}
