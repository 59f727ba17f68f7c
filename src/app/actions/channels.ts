"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type CountryCode, canonicalizePhone } from "@/lib/phone";
import { workspaceAction } from "@/server/actions/define-action";
import { asUser } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { messageDelivery, sendChannelTestMessage } from "@/server/inbox/commands";
import { requireAdmin } from "@/server/whatsapp/channels/admin";
import { connectDialog360, connectMetaNumber as connectMeta } from "@/server/whatsapp/channels/connect-direct";
import { startKapsoSetup } from "@/server/whatsapp/channels/connect-kapso";
import { disconnectChannel } from "@/server/whatsapp/channels/record";

/** Settings → WhatsApp numbers (admins). Results never carry a credential, only ids. */

const PAGE = "/settings/whatsapp";
const secret = (label: string) => z.string().trim().min(8, `${label} looks too short`).max(1000);

export const startKapsoConnect = workspaceAction(z.object({ provisionPhoneNumber: z.boolean() }), (context, input) =>
  startKapsoSetup(context, input),
);

export const connectDialog360Number = workspaceAction(
  z.object({ apiKey: secret("The API key"), displayPhoneNumber: z.string().trim().max(40).optional() }),
  async (context, input) => {
    const phone = input.displayPhoneNumber ? canonicalizePhone(input.displayPhoneNumber) : null;
    if (input.displayPhoneNumber && !phone)
      throw new AppError("invalid", "The phone number should be written with its country code, e.g. +62 812…");
    const { id } = await connectDialog360(context, { apiKey: input.apiKey, displayPhoneNumber: phone });
    revalidatePath(PAGE);
    return { channelId: id };
  },
);

export const connectMetaNumber = workspaceAction(
  z.object({
    phoneNumberId: z
      .string()
      .trim()
      .regex(/^\d{5,30}$/, "is the number's id from Meta (digits only)"),
    wabaId: z
      .string()
      .trim()
      .regex(/^\d{5,30}$/, "is the WhatsApp Business Account id (digits only)"),
    accessToken: secret("The access token"),
    appSecret: secret("The app secret"),
  }),
  async (context, input) => {
    const { id } = await connectMeta(context, input);
    revalidatePath(PAGE);
    return { channelId: id };
  },
);

export const disconnectNumber = workspaceAction(z.object({ channelId: z.uuid() }), async (context, input) => {
  const actor = requireAdmin(context);
  await asUser(context.claims, (tx) => disconnectChannel(tx, actor, input.channelId));
  revalidatePath(PAGE);
  return null;
});

export const sendTestMessage = workspaceAction(
  z.object({ channelId: z.uuid(), phone: z.string().trim().min(1, "Type the phone to send to").max(40), idempotencyKey: z.uuid() }),
  async (context, input) => {
    const actor = requireAdmin(context);
    const phoneE164 = canonicalizePhone(input.phone, context.workspace.default_country as CountryCode);
    if (!phoneE164) throw new AppError("invalid", "That does not look like a phone number.");
    const queued = await asUser(context.claims, (tx) => sendChannelTestMessage(tx, actor, { ...input, phoneE164 }));
    return { messageId: queued.id };
  },
);

export const testMessageStatus = workspaceAction(z.object({ messageId: z.uuid() }), async (context, input) => {
  const actor = requireAdmin(context);
  return asUser(context.claims, (tx) => messageDelivery(tx, actor, input.messageId));
});
