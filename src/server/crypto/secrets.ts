import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/server/env";

/**
 * Provider credentials are stored encrypted (AES-256-GCM). The key is
 * ENCRYPTION_KEY, or one derived from AUTH_SECRET for local use. Format:
 * "v1:<iv>:<tag>:<ciphertext>", base64url parts.
 */
function key(): Buffer {
  const { ENCRYPTION_KEY, AUTH_SECRET } = env();
  if (ENCRYPTION_KEY) return Buffer.from(ENCRYPTION_KEY, "hex");
  return Buffer.from(hkdfSync("sha256", AUTH_SECRET, "conversa", "credentials-encryption-v1", 32));
}

export function encryptSecret(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(":");
}

export function decryptSecret(stored: string): string {
  const [version, iv, tag, ciphertext] = stored.split(":");
  if (version !== "v1" || !iv || !tag || !ciphertext) throw new Error("Unreadable encrypted secret");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
