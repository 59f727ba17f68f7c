import { describe, expect, it } from "vitest";
import { signInWithPassword } from "@/server/auth/password-sign-in";
import { asService } from "@/server/db/client";
import { createUser, unique } from "../support/fixtures";

describe("password sign-in (local auth mode)", () => {
  it("accepts the right password, in any letter case of the email", async () => {
    const user = await createUser({ password: "s3cret-pass" });
    const result = await signInWithPassword({ email: user.email.toUpperCase(), password: "s3cret-pass", ip: "10.0.0.1" });
    expect(result).toEqual({ id: user.id, email: user.email });
    const [row] = await asService((tx) => tx`select last_sign_in_at from auth.users where id = ${user.id}`);
    expect(row?.last_sign_in_at).toBeInstanceOf(Date);
  });

  it("refuses a wrong password and an unknown email the same way", async () => {
    const user = await createUser({ password: "s3cret-pass" });
    expect(await signInWithPassword({ email: user.email, password: "wrong", ip: "10.0.0.2" })).toBeNull();
    expect(await signInWithPassword({ email: `${unique("nobody")}@test.local`, password: "x", ip: "10.0.0.2" })).toBeNull();
  });

  it("locks an email out after five failures, even with the right password, and counts across callers", async () => {
    const user = await createUser({ password: "s3cret-pass" });
    for (let i = 0; i < 5; i++) {
      expect(await signInWithPassword({ email: user.email, password: `guess-${i}`, ip: `10.1.0.${i}` })).toBeNull();
    }
    await expect(signInWithPassword({ email: user.email, password: "s3cret-pass", ip: "10.1.1.1" })).rejects.toMatchObject({
      code: "rate_limited",
    });
  });

  it("limits one address trying many accounts", async () => {
    const ip = `10.2.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 20; i++) {
      await signInWithPassword({ email: `${unique("spray")}@test.local`, password: "x", ip });
    }
    const user = await createUser({ password: "s3cret-pass" });
    await expect(signInWithPassword({ email: user.email, password: "s3cret-pass", ip })).rejects.toMatchObject({ code: "rate_limited" });
  });
});
