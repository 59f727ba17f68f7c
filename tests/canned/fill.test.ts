import { describe, expect, it } from "vitest";
import { type CannedContext, cannedQueryAt, fillCannedBody, matchCanned, moveHighlight } from "@/lib/canned";

const context: CannedContext = {
  contact: { name: "Siti Rahma Putri", phone: "+628111234567", email: null, fields: { city: "Bandung", vip: true, orders: 3 } },
  agent: { name: "Budi Santoso" },
  workspace: { name: "Toko Kopi" },
};

describe("fillCannedBody", () => {
  it("fills the contact's, the agent's and the workspace's variables", () => {
    const body =
      "Hi {{contact.first_name}} ({{contact.name}}, {{contact.phone}}), {{agent.first_name}} of {{workspace.name}} — {{agent.name}}";
    expect(fillCannedBody(body, context)).toEqual({
      text: "Hi Siti (Siti Rahma Putri, +628111234567), Budi of Toko Kopi — Budi Santoso",
      missing: [],
    });
  });

  it("fills custom fields by key, whatever their type, and tolerates spaces and case in the braces", () => {
    expect(fillCannedBody("{{ contact.city }} {{contact.VIP}} {{contact.orders}}", context).text).toBe("Bandung true 3");
  });

  it("empties unknown and empty variables and names each once", () => {
    const body = "Mail {{contact.email}} {{contact.email}} {{contact.shoe_size}} {{agent.phone}} {{nope.name}} end";
    expect(fillCannedBody(body, context)).toEqual({
      text: "Mail      end",
      missing: ["contact.email", "contact.shoe_size", "agent.phone", "nope.name"],
    });
  });

  it("leaves text that is not a variable alone", () => {
    expect(fillCannedBody("{{contact}} {single} {{ }}", context).text).toBe("{{contact}} {single} {{ }}");
  });

  it("treats a blank name as missing", () => {
    const blank = { ...context, contact: { ...context.contact, name: "  " } };
    expect(fillCannedBody("Hi {{contact.first_name}}", blank)).toEqual({ text: "Hi ", missing: ["contact.first_name"] });
  });
});

describe("cannedQueryAt", () => {
  it("finds a slash at the start or after whitespace, up to the caret", () => {
    expect(cannedQueryAt("/th", 3)).toEqual({ start: 0, query: "th" });
    expect(cannedQueryAt("ok /Thx", 7)).toEqual({ start: 3, query: "thx" });
    expect(cannedQueryAt("ok\n/", 4)).toEqual({ start: 3, query: "" });
  });

  it("ignores a slash inside a word or a URL, and text after the caret", () => {
    expect(cannedQueryAt("and/or", 6)).toBeNull();
    expect(cannedQueryAt("https://x.io/thx", 16)).toBeNull();
    expect(cannedQueryAt("/thx more", 9)).toBeNull();
    expect(cannedQueryAt("/thx more", 4)).toEqual({ start: 0, query: "thx" });
  });
});

describe("matchCanned", () => {
  const options = [
    { code: "/welcome", title: "Say thanks for joining" },
    { code: "/thx", title: "Thanks" },
    { code: "/bye", title: "Goodbye" },
  ];
  it("matches code or title, code prefixes first", () => {
    expect(matchCanned(options, "th").map((o) => o.code)).toEqual(["/thx", "/welcome"]);
    expect(matchCanned(options, "").map((o) => o.code)).toEqual(["/bye", "/thx", "/welcome"]);
    expect(matchCanned(options, "zzz")).toEqual([]);
  });
});

describe("moveHighlight", () => {
  it("moves with the arrows and wraps around", () => {
    expect(moveHighlight(0, 3, "ArrowDown")).toBe(1);
    expect(moveHighlight(2, 3, "ArrowDown")).toBe(0);
    expect(moveHighlight(0, 3, "ArrowUp")).toBe(2);
  });
  it("stays inside a list that shrank", () => {
    expect(moveHighlight(4, 2, "x")).toBe(1);
    expect(moveHighlight(4, 0, "ArrowDown")).toBe(0);
  });
});
