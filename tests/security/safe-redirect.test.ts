import { describe, expect, it } from "vitest";
import { sameOriginPath } from "@/lib/safe-redirect";

const APP = "https://app.example";

describe("sameOriginPath", () => {
  it("keeps paths on the app's origin, query and fragment included", () => {
    expect(sameOriginPath("/inbox/42?tab=notes#m-1", APP)).toBe("/inbox/42?tab=notes#m-1");
    expect(sameOriginPath("/settings/../contacts", APP)).toBe("/contacts");
    expect(sameOriginPath("/%09/evil.example", APP)).toBe("/%09/evil.example");
  });

  it.each([
    ["backslash read as a slash", "/\\evil.example"],
    ["tab stripped by the browser", "/\t/evil.example"],
    ["newline stripped by the browser", "/\n/evil.example"],
    ["protocol-relative", "//evil.example"],
    ["dot segment that normalises to //host", "/.//evil.example/x"],
    ["absolute URL", "https://evil.example/"],
    ["scheme", "javascript:alert(1)"],
    ["relative without a slash", "evil.example"],
  ])("refuses %s", (_, target) => {
    expect(sameOriginPath(target, APP)).toBe("/inbox");
  });

  it("answers the fallback for anything that is not a string", () => {
    expect(sameOriginPath(undefined, APP, "/")).toBe("/");
    expect(sameOriginPath(["/inbox"], APP)).toBe("/inbox");
  });
});
