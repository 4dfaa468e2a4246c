import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { wrapLines } from "./text";

test("wrapLines: no line is wider than the width, and no character is lost (long words and URLs break)", () => {
  let runs = 0;
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.webUrl(), fc.constant("x".repeat(150))), {
        maxLength: 30,
      }),
      fc.integer({ min: 20, max: 200 }),
      fc.constantFrom(["", ""], ["  ", "    "], ["  - ", "    "]),
      (words, width, [indent, hang]) => {
        runs++;
        const text = words.join(" ");
        const lines = wrapLines(text, width, indent!, hang!);
        for (const l of lines) assert.ok(l.length <= width, `${l.length} > ${width}: ${l}`);
        const body = lines.map((l, i) => l.slice((i === 0 ? indent! : hang!).length));
        assert.equal(body.join("").replace(/\s+/g, ""), text.replace(/\s+/g, ""));
      },
    ),
    { numRuns: 300 },
  );
  assert.equal(runs, 300, "the property ran");
  // A URL wider than the line breaks after a slash, so each piece still reads as part of it.
  const url = "https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices";
  assert.deepEqual(wrapLines(url, 60, "  "), [
    "  https://learn.microsoft.com/rest/api/cost-management/",
    "  retail-prices/azure-retail-prices",
  ]);
});
