import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { businessHours } from "@/lib/business-hours";
import type { Locale } from "@/lib/locales";
import { fieldLabel, readableIssueMap, readableIssues, technicalIssues } from "@/lib/readable-issues";
import { newPasswordSchema } from "@/server/auth/users";
import { CATALOGUES } from "../support/intl";

const messagesOf = (schema: z.ZodType, input: unknown, locale: Locale = "en") => {
  const t = createTranslator({ locale, messages: CATALOGUES[locale] });
  const parsed = schema.safeParse(input, { error: readableIssueMap(t) });
  if (parsed.success) throw new Error("expected a failure");
  return readableIssues(parsed.error.issues, t);
};

describe("readable zod issues", () => {
  it("says a new password's limits in the reader's language, the minimum from the code", () => {
    const password = z.object({ password: newPasswordSchema });
    expect(messagesOf(password, { password: "short" }).fields.password).toBe("Use at least 8 characters");
    expect(messagesOf(password, { password: "short" }, "id").fields.password).toBe("Gunakan minimal 8 karakter");
    expect(messagesOf(password, { password: "é".repeat(40) }, "es").fields.password).toBe("Esa contraseña es demasiado larga");
  });

  it("names the field in words", () => {
    expect(fieldLabel(["displayPhoneNumber"])).toBe("display phone number");
    expect(fieldLabel(["baseUrl"])).toBe("base URL");
    expect(fieldLabel(["rows", 3, "api_key"])).toBe("API key");
    expect(fieldLabel([])).toBe("this value");
  });

  it("writes each kind of issue as a sentence about the field, keyed by its path", () => {
    const schema = z.object({
      name: z.string().min(1),
      password: z.string().min(8),
      about: z.string().max(5),
      email: z.email(),
      webhook: z.object({ url: z.url() }),
      events: z.array(z.string()).min(1),
      role: z.enum(["agent", "admin"]),
      seconds: z.number().int().max(120),
      missing: z.string(),
    });
    const { fields, summary } = messagesOf(schema, {
      name: "",
      password: "short",
      about: "too long",
      email: "nope",
      webhook: { url: "nope" },
      events: [],
      role: "boss",
      seconds: 500,
    });
    expect(fields).toEqual({
      name: "Enter the name",
      password: "The password must be at least 8 characters",
      about: "The about must be at most 5 characters",
      email: "The email must be an email address, like name@example.com",
      "webhook.url": "The URL must be a web address, like https://example.com",
      events: "Choose at least 1 for the events",
      role: "Choose one of the options for the role",
      seconds: "The seconds must be at most 120",
      missing: "The missing is required",
    });
    expect(summary).toBe("Enter the name (and 8 more)");
  });

  it("keeps a message the schema wrote itself", () => {
    const schema = z.object({ name: z.string().min(1, "Enter your name") });
    expect(messagesOf(schema, { name: "" })).toEqual({ summary: "Enter your name", fields: { name: "Enter your name" } });
  });

  it("writes pathless issues without a field name", () => {
    expect(messagesOf(z.string().min(1), "").summary).toBe("Enter a value");
    expect(messagesOf(z.number(), undefined).summary).toBe("This value is required");
    expect(messagesOf(z.array(z.string()).min(2), []).summary).toBe("Choose at least 2");
  });

  it("counts in the plural the language uses", () => {
    const limit = z.object({ code: z.string().max(1), about: z.string().max(5) });
    const input = { code: "ab", about: "too long" };
    expect(messagesOf(limit, input).fields).toEqual({
      code: "The code must be at most 1 character",
      about: "The about must be at most 5 characters",
    });
    expect(messagesOf(limit, input, "es").fields).toEqual({
      code: "Debe tener como máximo 1 carácter",
      about: "Debe tener como máximo 5 caracteres",
    });
    expect(messagesOf(limit, input, "pt-BR").fields).toEqual({ code: "Use no máximo 1 caractere", about: "Use no máximo 5 caracteres" });
    expect(messagesOf(limit, input, "id").fields).toEqual({ code: "Maksimal 1 karakter", about: "Maksimal 5 karakter" });
  });

  it("writes Indonesian and Spanish sentences that need no English field name", () => {
    const schema = z.object({ name: z.string().min(1), password: z.string().min(8), email: z.email(), missing: z.string() });
    const input = { name: "", password: "short", email: "nope" };
    expect(messagesOf(schema, input, "id")).toEqual({
      summary: "Wajib diisi (dan 3 lainnya)",
      fields: {
        name: "Wajib diisi",
        password: "Minimal 8 karakter",
        email: "Masukkan alamat email yang valid, misalnya nama@contoh.com",
        missing: "Wajib diisi",
      },
    });
    expect(messagesOf(schema, input, "es")).toEqual({
      summary: "Completa este campo (y 3 más)",
      fields: {
        name: "Completa este campo",
        password: "Debe tener al menos 8 caracteres",
        email: "Escribe un correo electrónico válido, como nombre@ejemplo.com",
        missing: "Este campo es obligatorio",
      },
    });
  });

  it("translates a schema's message that is a validation key, and leaves other messages as written", () => {
    const schema = z.object({ name: z.string().min(1, "validation.enterAName"), country: z.string().min(1, "validation.noSuchKey") });
    const input = { name: "", country: "" };
    expect(messagesOf(schema, input).fields).toEqual({ name: "Enter a name", country: "validation.noSuchKey" });
    expect(messagesOf(schema, input, "id").fields).toEqual({ name: "Masukkan nama", country: "validation.noSuchKey" });
    expect(messagesOf(schema, input, "pt-BR").summary).toBe("Informe um nome (e mais 1)");
  });

  it("names the weekday of a business-hours refusal in the reader's language, from the issue's values", () => {
    const hours = { sat: { open: "18:00", close: "09:00" }, mon: { open: "08:00", close: "5pm" } };
    expect(messagesOf(businessHours, hours).fields).toEqual({
      "mon.close": "Enter a time as HH:MM, like 09:00",
      "sat.close": "Saturday's closing time must be after its opening time",
    });
    expect(messagesOf(businessHours, hours, "es").fields["sat.close"]).toBe(
      "La hora de cierre del sábado debe ser posterior a la de apertura",
    );
    expect(messagesOf(businessHours, hours, "id").fields["sat.close"]).toBe("Jam tutup hari Sabtu harus setelah jam bukanya");
    expect(messagesOf(businessHours, hours, "pt-BR").fields["mon.close"]).toBe("Digite o horário no formato HH:MM, por exemplo 09:00");
  });

  it("keeps zod's own wording, with the path, as the technical detail", () => {
    const parsed = z
      .object({ hours: z.object({ sat: z.object({ close: z.string().min(1) }) }) })
      .safeParse({ hours: { sat: { close: "" } } });
    expect(technicalIssues(parsed.error?.issues ?? [])).toBe("hours.sat.close: Too small: expected string to have >=1 characters");
  });
});
