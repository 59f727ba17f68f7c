import { describe, expect, it } from "vitest";
import { matchMembers, mentionQueryAt, mentionRanges, mentionsStillIn, splitMentions } from "@/lib/mentions";

describe("mentionQueryAt", () => {
  it("opens on an @ at the start or after whitespace, not inside an email address", () => {
    expect(mentionQueryAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQueryAt("hi @Be", 6)).toEqual({ start: 3, query: "be" });
    expect(mentionQueryAt("mail ana@example.com", 20)).toBeNull();
    expect(mentionQueryAt("@Bea done", 9)).toBeNull();
  });
});

describe("matchMembers", () => {
  it("matches the start of any word of the name, names starting with the query first", () => {
    const members = [{ name: "Zoe Bea" }, { name: "Bea Lima" }, { name: "Carlos" }];
    expect(matchMembers(members, "be").map((m) => m.name)).toEqual(["Bea Lima", "Zoe Bea"]);
    expect(matchMembers(members, "").map((m) => m.name)).toEqual(["Bea Lima", "Carlos", "Zoe Bea"]);
  });
});

describe("mentionRanges", () => {
  it("finds each chosen member's @name as sent, the longer name first, at word boundaries", () => {
    const text = "@Ana Lima and @Ana, not @Anabel";
    expect(
      mentionRanges(text, [
        { userId: "short", name: "Ana" },
        { userId: "long", name: "Ana Lima" },
      ]),
    ).toEqual([
      { userId: "long", start: 0, end: 9 },
      { userId: "short", start: 14, end: 18 },
    ]);
  });

  it("drops a member whose @name was deleted", () => {
    expect(mentionRanges("nobody here", [{ userId: "u", name: "Bea" }])).toEqual([]);
  });
});

describe("mentionsStillIn", () => {
  it("keeps the members whose @name is still in the edited draft, drops one edited away (even when a shorter name remains)", () => {
    const ana = { userId: "ana", name: "Ana" };
    const anaLima = { userId: "ana-lima", name: "Ana Lima" };
    const budi = { userId: "budi", name: "Budi" };
    const chosen = [ana, anaLima, budi];
    expect(mentionsStillIn("@Ana and @Ana Lima, @Budi", chosen)).toEqual(chosen);
    expect(mentionsStillIn("@Ana and @Ana Li, @Budi", chosen)).toEqual([ana, budi]);
    expect(mentionsStillIn("@Ana Lima only", chosen)).toEqual([anaLima]);
    expect(mentionsStillIn("nobody", chosen)).toEqual([]);
  });
});

describe("splitMentions", () => {
  it("cuts the body into text and mentions, ignoring ranges that do not fit it", () => {
    const body = "ask @Bea now";
    expect(splitMentions(body, [{ userId: "b", start: 4, end: 8 }])).toEqual([
      { text: "ask " },
      { text: "@Bea", userId: "b" },
      { text: " now" },
    ]);
    expect(splitMentions(body, [{ userId: "b", start: 0, end: 3 }, { userId: "c", start: 4, end: 99 }, "junk"])).toEqual([{ text: body }]);
    expect(splitMentions(body, undefined)).toEqual([{ text: body }]);
  });
});
