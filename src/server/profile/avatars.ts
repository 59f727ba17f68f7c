import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { invalidField } from "@/server/errors";
import { DISPLAYABLE_SIGNATURES } from "@/server/whatsapp/media/serve-media";
import { getMedia, putMedia } from "@/server/whatsapp/media/storage";

/** A profile picture is small: shown at 20–56 px. */
export const MAX_AVATAR_BYTES = 2 * 1024 * 1024;

const AVATAR_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type AvatarType = (typeof AVATAR_TYPES)[number];

/** What the bytes are (the declared type is the uploader's word, so it is not asked), or null when no image we show. */
export function avatarTypeOf(bytes: Uint8Array): AvatarType | null {
  return AVATAR_TYPES.find((type) => DISPLAYABLE_SIGNATURES[type]?.(bytes)) ?? null;
}

const avatarKey = (userId: string, avatarId: string) => `avatars/${userId}/${avatarId}`;

/**
 * Checks a picture (size, then its bytes) and stores it under a new id,
 * before any transaction opens (storage may be a remote service). A refused
 * file leaves nothing behind. `field` names the form input the refusal is about.
 */
export async function storeAvatarFile(userId: string, bytes: Uint8Array, field: string) {
  if (bytes.byteLength > MAX_AVATAR_BYTES) throw invalidField(field, "errors.profile.pictureTooLarge");
  const contentType = avatarTypeOf(bytes);
  if (!contentType) throw invalidField(field, "errors.profile.notAPicture");
  const avatarId = randomUUID();
  await putMedia(avatarKey(userId, avatarId), bytes, contentType);
  return { avatarId, contentType };
}

/** Makes a stored picture the user's own (RLS: only their own row). */
export async function setAvatar(tx: Tx, userId: string, avatar: { avatarId: string; contentType: AvatarType }) {
  await tx`
    insert into public.user_avatars (user_id, avatar_id, content_type) values (${userId}, ${avatar.avatarId}, ${avatar.contentType})
    on conflict (user_id) do update set avatar_id = excluded.avatar_id, content_type = excluded.content_type, updated_at = now()`;
}

/** Back to initials. */
export async function removeAvatar(tx: Tx, userId: string) {
  await tx`delete from public.user_avatars where user_id = ${userId}`;
}

/** The current picture's id of each user the caller may see (their own, their teammates'), among `userIds`. */
export async function avatarIds(tx: Tx, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx<Pick<Row<"user_avatars">, "user_id" | "avatar_id">[]>`
    select user_id, avatar_id from public.user_avatars where user_id = any(${userIds}::uuid[])`;
  return new Map(rows.map((row) => [row.user_id, row.avatar_id]));
}

/** A user's picture, when the caller may see it (RLS: themselves or a teammate) and it has one. */
export async function readAvatar(tx: Tx, userId: string): Promise<{ bytes: Buffer; contentType: string; avatarId: string } | null> {
  const [row] = await tx<Pick<Row<"user_avatars">, "avatar_id" | "content_type">[]>`
    select avatar_id, content_type from public.user_avatars where user_id = ${userId}`;
  if (!row) return null;
  const bytes = await getMedia(avatarKey(userId, row.avatar_id));
  return bytes && { bytes, contentType: row.content_type, avatarId: row.avatar_id };
}
