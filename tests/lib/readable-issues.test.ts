import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldLabel, readableIssue, readableIssues, technicalIssues } from "@/lib/readable-issues";

const messagesOf = (schema: z.ZodType, input: unknown) => {
  const parsed = schema.safeParse(input, { error: readableIssue });
  if (parsed.success) throw new Error("expected a failure");
  return readableIssues(parsed.error.issues);
};

describe("readable zod issues", () => {
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

  it("keeps zod's own wording, with the path, as the technical detail", () => {
    const parsed = z
      .object({ hours: z.object({ sat: z.object({ close: z.string().min(1) }) }) })
      .safeParse({ hours: { sat: { close: "" } } });
    expect(technicalIssues(parsed.error?.issues ?? [])).toBe("hours.sat.close: Too small: expected string to have >=1 characters");
  });
});
