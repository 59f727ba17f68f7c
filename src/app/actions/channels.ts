"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { canonicalizePhone } from "@/lib/phone";
import { defineAction } from "@/server/actions/define-action";
import { AppError } from "@/server/errors";
import { messageDelivery, sendChannelTestMessage } from "@/server/inbox/commands";
import { connectDialog360, connectMetaNumber as connectMeta } from "@/server/whatsapp/channels/connect-direct";
import { startKapsoSetup } from "@/server/whatsapp/channels/connect-kapso";
import { connectExistingKapsoNumber } from "@/server/whatsapp/channels/connect-kapso-existing";
import { disconnectChannel } from "@/server/whatsapp/channels/record";

/**
 * Settings → WhatsApp numbers (admins). Results never carry a credential,
 * only ids. Connecting calls the provider between transactions, so those
 * actions open their own.
 */

const PAGE = "/settings/whatsapp";
const secret = (label: string) => z.string().trim().min(8, `${label} looks too short`).max(1000);

export const startKapsoConnect = defineAction(
  { name: "channels.startKapsoConnect", input: z.object({ provisionPhoneNumber: z.boolean() }), role: "admin", transaction: false },
  ({ context, input }) => startKapsoSetup(context, input),
);

export const connectDialog360Number = defineAction(
  {
    name: "channels.connectDialog360Number",
    input: z.object({ apiKey: secret("The API key"), displayPhoneNumber: z.string().trim().max(40).optional() }),
    role: "admin",
    transaction: false,
  },
  async ({ context, input }) => {
    const phone = input.displayPhoneNumber ? canonicalizePhone(input.displayPhoneNumber) : null;
    if (input.displayPhoneNumber && !phone) throw new AppError("invalid", "errors.channels.phoneWithCountryCode");
    const { id } = await connectDialog360(context, { apiKey: input.apiKey, displayPhoneNumber: phone });
    revalidatePath(PAGE);
    return { channelId: id };
  },
);

export const connectMetaNumber = defineAction(
  {
    name: "channels.connectMetaNumber",
    input: z.object({
      phoneNumberId: z
        .string()
        .trim()
        .regex(/^\d{5,30}$/, "validation.metaPhoneIdDigits"),
      wabaId: z
        .string()
        .trim()
        .regex(/^\d{5,30}$/, "validation.wabaIdDigits"),
      accessToken: secret("The access token"),
      appSecret: secret("The app secret"),
    }),
    role: "admin",
    transaction: false,
  },
  async ({ context, input }) => {
    const { id } = await connectMeta(context, input);
    revalidatePath(PAGE);
    return { channelId: id };
  },
);

export const connectKapsoNumber = defineAction(
  {
    name: "channels.connectKapsoNumber",
    input: z.object({
      phoneNumberId: z
        .string()
        .trim()
        .regex(/^\d{5,30}$/, "validation.kapsoPhoneIdDigits"),
      webhookSecret: secret("The webhook secret"),
      apiKey: secret("The API key").optional(),
    }),
    role: "admin",
    transaction: false,
  },
  async ({ context, input }) => {
    const connected = await connectExistingKapsoNumber(context, { ...input, apiKey: input.apiKey ?? null });
    revalidatePath(PAGE);
    return connected;
  },
);

export const disconnectNumber = defineAction(
  { name: "channels.disconnectNumber", input: z.object({ channelId: z.uuid() }), role: "admin" },
  async ({ tx, actor, input }) => {
    await disconnectChannel(tx, actor, input.channelId);
    revalidatePath(PAGE);
    return null;
  },
);

export const sendTestMessage = defineAction(
  {
    name: "channels.sendTestMessage",
    input: z.object({
      channelId: z.uuid(),
      phone: z.string().trim().min(1, "validation.typePhoneToSendTo").max(40),
      idempotencyKey: z.uuid(),
    }),
    role: "admin",
  },
  async ({ tx, actor, input }) => {
    const phoneE164 = canonicalizePhone(input.phone, actor.country);
    if (!phoneE164) throw new AppError("invalid", "errors.channels.notAPhoneNumber");
    const queued = await sendChannelTestMessage(tx, actor, { ...input, phoneE164 });
    return { messageId: queued.id };
  },
);

export const testMessageStatus = defineAction(
  { name: "channels.testMessageStatus", input: z.object({ messageId: z.uuid() }), role: "admin" },
  ({ tx, actor, input }) => messageDelivery(tx, actor, input.messageId),
);
