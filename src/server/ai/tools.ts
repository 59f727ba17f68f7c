import "server-only";
import type { ChatCompletionTool } from "openai/resources/chat/completions";
import { z } from "zod";
import type { Tx } from "@/server/db/client";

/**
 * The assistant's only powers. Neither tool takes an id: whom they act on
 * is fixed by the server (the conversation being answered), so no message,
 * however it is worded, can point them at another contact.
 */
export function assistantTools(stages: readonly string[]): ChatCompletionTool[] {
  return [
    {
      type: "function",
      function: {
        name: "handoff_to_human",
        description:
          "Stop answering and pass this conversation to a person on the team. Use it when a handover rule applies or you cannot help.",
        parameters: {
          type: "object",
          properties: { reason: { type: "string", description: "Why a person should take over, in a few words." } },
          required: ["reason"],
          additionalProperties: false,
        },
      },
    },
    {
      type: "function",
      function: {
        name: "update_lead",
        description: "Record what you learned about this customer in the CRM. Give only the fields you learned.",
        parameters: {
          type: "object",
          properties: {
            status: { type: "string", enum: [...stages], description: "Where this lead is in the sales pipeline." },
            score: { type: "integer", minimum: 0, maximum: 100, description: "How likely they are to buy, 0–100." },
            name: { type: "string", description: "The customer's name, as they gave it." },
            email: { type: "string", description: "The customer's email address." },
            notes: { type: "string", description: "A short note for the team (what they want, budget, timing)." },
          },
          additionalProperties: false,
        },
      },
    },
  ];
}

const handoffSchema = z.strictObject({ reason: z.string().trim().min(1).max(500) });

function leadUpdateSchema(stages: readonly string[]) {
  return z
    .strictObject({
      status: z.enum(stages as [string, ...string[]]).optional(),
      score: z.number().int().min(0).max(100).optional(),
      name: z.string().trim().min(1).max(200).optional(),
      email: z.email().max(320).optional(),
      notes: z.string().trim().min(1).max(1000).optional(),
    })
    .refine((update) => Object.keys(update).length > 0, "give at least one field");
}

export type LeadUpdate = z.infer<ReturnType<typeof leadUpdateSchema>>;

export type ToolCall = { name: "handoff_to_human"; reason: string } | { name: "update_lead"; update: LeadUpdate };

/** A model's tool call checked against the tool's schema: an unknown tool, extra fields or bad values are refused. */
export function parseToolCall(
  name: string,
  argumentsJson: string,
  stages: readonly string[],
): { ok: true; call: ToolCall } | { ok: false; error: string } {
  let args: unknown;
  try {
    args = JSON.parse(argumentsJson || "{}");
  } catch {
    return { ok: false, error: "arguments are not valid JSON" };
  }
  if (name === "handoff_to_human") {
    const parsed = handoffSchema.safeParse(args);
    return parsed.success ? { ok: true, call: { name, reason: parsed.data.reason } } : { ok: false, error: z.prettifyError(parsed.error) };
  }
  if (name === "update_lead") {
    const parsed = leadUpdateSchema(stages).safeParse(args);
    return parsed.success ? { ok: true, call: { name, update: parsed.data } } : { ok: false, error: z.prettifyError(parsed.error) };
  }
  return { ok: false, error: `there is no tool named ${JSON.stringify(name)}` };
}

/**
 * Writes a lead update to the one contact of the conversation being
 * answered. A name an agent typed is kept; notes are added, never replaced.
 */
export async function applyLeadUpdate(tx: Tx, scope: { workspaceId: string; contactId: string }, update: LeadUpdate) {
  const note = update.notes ? `AI assistant: ${update.notes}` : null;
  await tx`
    update public.contacts set
      lead_status = coalesce(${update.status ?? null}, lead_status),
      lead_score = coalesce(${update.score ?? null}::int, lead_score),
      name = coalesce(name, ${update.name ?? null}),
      email = coalesce(${update.email ?? null}, email),
      notes = case when ${note}::text is null then notes
                   else concat_ws(e'\n', nullif(notes, ''), ${note}::text) end
    where workspace_id = ${scope.workspaceId} and id = ${scope.contactId}`;
}
