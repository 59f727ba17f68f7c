import "server-only";
import type { Row, With } from "@/server/db/rows";
import { type ChannelAddress, readCredentials } from "./client";
import type { Provider } from "./index";

/** The columns a provider client needs of a channel row (sends, template sync and creation). */
export type ChannelAddressRow = With<
  Pick<Row<"whatsapp_channels">, "provider" | "phone_number_id" | "waba_id" | "credentials_encrypted">,
  { provider: Provider }
>;

export function channelAddress(row: ChannelAddressRow): ChannelAddress {
  return {
    provider: row.provider,
    phoneNumberId: row.phone_number_id,
    wabaId: row.waba_id,
    credentials: readCredentials(row.credentials_encrypted),
  };
}
