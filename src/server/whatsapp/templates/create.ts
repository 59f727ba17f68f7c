import "server-only";
import { draftComponents, draftParameterFormat, HEADER_SAMPLE_TYPES, type TemplateDraft } from "@/lib/template-draft";
import { recordAudit } from "@/server/audit/record";
import { asService, asUser } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import { logger } from "@/server/log";
import { actingMember, requireRole } from "@/server/workspaces/actor";
import type { WorkspaceContext } from "@/server/workspaces/context";
import { providerClient } from "../providers";
import { type ChannelAddressRow, channelAddress } from "../providers/channel-address";
import { ProviderError } from "../providers/client";

/** A media header's sample file, as the admin uploaded it. */
export interface HeaderSample {
  bytes: Uint8Array;
  mimeType: string;
  filename: string;
}

/**
 * A provider's refusal as one sentence on top and the provider's own words
 * under it (`details.provider`): Meta's title, its message for people and
 * its details, which say what to change.
 */
export function templateRefusal(error: unknown): unknown {
  if (!(error instanceof ProviderError)) return error;
  if (error.status === 401 || error.status === 403) {
    return new AppError("invalid", "errors.templates.credentialsRefused");
  }
  if (error.transient) {
    return new AppError("invalid", "errors.templates.providerUnreachable");
  }
  // Our own sentence (a channel that cannot upload samples, an answer we could not read): it is the whole story.
  if (error.status === null) return new AppError("invalid", { text: error.message });
  const { title, userMessage, message, details } = error.details;
  const words = [...new Set([title, userMessage ?? message, details].filter((part): part is string => Boolean(part)))];
  return new AppError("invalid", "errors.templates.refused", {
    provider: words.join(" — ") || error.message,
  });
}

/**
 * Creates a template: the header sample uploaded for its handle (media
 * headers), the template submitted to the number's provider for review, and
 * stored as the provider answered (PENDING, mostly) with an audit entry.
 * The review's outcome arrives by webhook (message_template_status_update)
 * or the next sync. Admins only (the tier, then RLS on the insert).
 */
export async function createTemplate(
  context: WorkspaceContext,
  draft: TemplateDraft,
  sample: HeaderSample | null,
): Promise<{ id: string; status: string }> {
  const actor = requireRole(actingMember(context), "admin");
  // The number must be one the admin sees; its credentials are read by the service (members have no grant on them).
  const [visible] = await asUser(
    context.claims,
    (tx) => tx<Pick<Row<"whatsapp_channels">, "id">[]>`
      select id from public.whatsapp_channels where workspace_id = ${actor.workspaceId} and id = ${draft.channelId} and status = 'active'`,
  );
  const [channel] = visible
    ? await asService(
        (tx) => tx<(ChannelAddressRow & Pick<Row<"whatsapp_channels">, "id">)[]>`
          select id, provider, phone_number_id, waba_id, credentials_encrypted from public.whatsapp_channels
          where workspace_id = ${actor.workspaceId} and id = ${draft.channelId}`,
      )
    : [];
  if (!channel) throw new AppError("not_found", "errors.channels.notConnectedToWorkspace");
  const client = providerClient(channelAddress(channel));
  if (!client.submitTemplate) {
    throw new AppError("invalid", "errors.templates.noWaba");
  }

  let headerHandle: string | null = null;
  if (draft.header.format !== "NONE" && draft.header.format !== "TEXT") {
    const allowed = HEADER_SAMPLE_TYPES[draft.header.format];
    if (!sample) throw new AppError("invalid", "errors.templates.needsSample");
    if (!allowed.accept.split(",").includes(sample.mimeType)) {
      throw new AppError("invalid", {
        key: "errors.templates.headerFileTypes",
        values: { format: draft.header.format.toLowerCase(), types: allowed.accept.replaceAll(",", " or ") },
      });
    }
    if (sample.bytes.byteLength > allowed.maxBytes) {
      throw new AppError("invalid", { key: "errors.templates.sampleTooLarge", values: { megabytes: allowed.maxBytes / 1024 / 1024 } });
    }
    if (!client.uploadTemplateSample) throw new AppError("invalid", "errors.templates.noHeaderSamples");
    headerHandle = (await client.uploadTemplateSample(sample).catch((error: unknown) => Promise.reject(templateRefusal(error)))).handle;
  }

  const components = draftComponents(draft, headerHandle);
  const parameterFormat = draftParameterFormat(draft);
  const submitted = await client
    .submitTemplate({
      name: draft.name,
      language: draft.language,
      category: draft.category,
      ...(parameterFormat === "NAMED" && { parameter_format: "NAMED" as const }),
      components,
    })
    .catch((error: unknown) => {
      logger.warn({ channelId: channel.id, error: error instanceof Error ? error.message : String(error) }, "template refused");
      throw templateRefusal(error);
    });

  return asUser(context.claims, async (tx) => {
    // A status webhook may have beaten this insert: then its status stays.
    const [row] = await tx<Pick<Row<"whatsapp_templates">, "id" | "status">[]>`
      insert into public.whatsapp_templates ${tx({
        workspace_id: actor.workspaceId,
        waba_id: channel.waba_id,
        channel_id: channel.id,
        provider_template_id: submitted.id,
        name: draft.name,
        language: draft.language,
        category: (submitted.category ?? draft.category).toUpperCase(),
        status: submitted.status.toUpperCase(),
        parameter_format: parameterFormat,
        components: tx.json(components as never),
      })}
      on conflict (workspace_id, provider_template_id) do update set
        channel_id = excluded.channel_id, name = excluded.name, language = excluded.language,
        category = excluded.category, parameter_format = excluded.parameter_format, components = excluded.components
      returning id, status`;
    if (!row) throw new AppError("forbidden", "errors.templates.onlyAdmins");
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      action: "template.created",
      target: { type: "whatsapp_template", id: row.id, label: `${draft.name} (${draft.language})` },
      details: { category: draft.category, channel_id: channel.id, status: row.status },
    });
    return { id: row.id, status: row.status };
  });
}
