import { describe, expect, it } from "vitest";
import { asUser } from "@/server/db/client";
import { avatarIds, MAX_AVATAR_BYTES, readAvatar, removeAvatar, setAvatar, storeAvatarFile } from "@/server/profile/avatars";
import { expectAppError } from "../support/app-error";
import { createTeam } from "../support/fixtures";

/** The first bytes of a real PNG file, then filler: what the signature check reads. */
const png = () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(64).fill(7)]);

describe("profile pictures", () => {
  it("stores a picture by its bytes' type; the user and their teammates see it, another workspace does not", async () => {
    const team = await createTeam();
    const stranger = await createTeam();
    const stored = await storeAvatarFile(team.agent.id, png(), "avatar");
    expect(stored.contentType).toBe("image/png");
    await asUser(team.agent.claims, (tx) => setAvatar(tx, team.agent.id, stored));

    const own = await asUser(team.agent.claims, (tx) => readAvatar(tx, team.agent.id));
    expect(own).toMatchObject({ contentType: "image/png", avatarId: stored.avatarId });
    expect(new Uint8Array(own?.bytes ?? [])).toEqual(png());
    const teammate = await asUser(team.owner.claims, (tx) => avatarIds(tx, [team.agent.id, team.admin.id]));
    expect([...teammate]).toEqual([[team.agent.id, stored.avatarId]]);
    expect(await asUser(stranger.owner.claims, (tx) => readAvatar(tx, team.agent.id))).toBeNull();
    expect((await asUser(stranger.owner.claims, (tx) => avatarIds(tx, [team.agent.id]))).size).toBe(0);

    // Nobody sets or removes someone else's picture: RLS refuses the row, theirs stays.
    const other = await storeAvatarFile(team.owner.id, png(), "avatar");
    await expect(asUser(team.owner.claims, (tx) => setAvatar(tx, team.agent.id, other))).rejects.toThrow();
    await asUser(team.owner.claims, (tx) => removeAvatar(tx, team.agent.id));
    expect((await asUser(team.agent.claims, (tx) => avatarIds(tx, [team.agent.id]))).get(team.agent.id)).toBe(stored.avatarId);

    // Back to initials.
    await asUser(team.agent.claims, (tx) => removeAvatar(tx, team.agent.id));
    expect(await asUser(team.agent.claims, (tx) => readAvatar(tx, team.agent.id))).toBeNull();
  });

  it("refuses a file that is not a JPEG, PNG or WebP picture, whatever it is called, and one over 2 MB", async () => {
    const team = await createTeam();
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    const refusal = await expectAppError(storeAvatarFile(team.agent.id, html, "avatar"), "invalid", /not a JPEG, PNG or WebP/);
    expect(refusal.fields).toEqual({ avatar: expect.stringMatching(/not a JPEG/) });
    const huge = new Uint8Array(MAX_AVATAR_BYTES + 1);
    huge.set(png());
    await expectAppError(storeAvatarFile(team.agent.id, huge, "avatar"), "invalid", /larger than 2 MB/);
  });
});
