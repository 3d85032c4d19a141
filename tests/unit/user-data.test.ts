import { describe, expect, it } from "vitest";
import { MAX_VALUES, parseUserData, type UserData } from "../../www/src/labs/gan1d/user-data";

function accepted(text: string): Extract<UserData, { ok: true }> {
  const result = parseUserData(text);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result;
}

function refused(text: string): string {
  const result = parseUserData(text);
  if (result.ok) throw new Error(`accepted: ${result.summary}`);
  return result.message;
}

describe("the user's data", () => {
  it("reads numbers separated by commas, spaces, tabs, semicolons and new lines", () => {
    const data = accepted("1, 2 3\t4;5\n6\r\n7\r8\n\n  -9.5e-1 +10 .5 ");
    expect(Array.from(data.values)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, Math.fround(-0.95), 10, 0.5]);
    expect(data).toMatchObject({ header: null, badLines: [], badCount: 0, summary: "Using 11 values." });
  });

  it("skips a non-numeric first line as a header, and says so", () => {
    const data = accepted("\nheight_cm\n170\n182.5\n");
    expect(Array.from(data.values)).toEqual([170, 182.5]);
    expect(data.header).toEqual({ line: 2, text: "height_cm" });
    expect(data.summary).toBe('Using 2 values. Line 2 ("height_cm") was read as a header and skipped.');
  });

  it("reports bad lines with their line numbers, quoting the first five and counting all", () => {
    const lines = ["x", "1", "2", "abc", "3", "4,five", "NaN", "Infinity", "1e39", "0x10", "7", "1,,2", "oops"];
    const data = accepted(lines.join("\n"));
    // `1,,2` is fine (an empty item between separators); 1e39 overflows float32.
    expect(Array.from(data.values)).toEqual([1, 2, 3, 7, 1, 2]);
    expect(data.badCount).toBe(7);
    expect(data.badLines.map((l) => l.line)).toEqual([4, 6, 7, 8, 9]);
    expect(data.summary).toBe(
      'Using 6 values. Line 1 ("x") was read as a header and skipped. 7 lines are not numbers and were skipped: ' +
        'line 4 ("abc"), line 6 ("4,five"), line 7 ("NaN"), line 8 ("Infinity"), line 9 ("1e39"), and 2 more.',
    );
  });

  it("says 'line' for one bad line and shortens long ones", () => {
    const long = `1 2 ${"x".repeat(100)}`;
    const data = accepted(`1\n2\n${long}`);
    expect(data.badLines).toEqual([{ line: 3, text: `${long.slice(0, 40)}…` }]);
    expect(data.summary).toContain("1 line is not numbers and was skipped: line 3");
  });

  it("refuses text without two different numbers", () => {
    expect(refused("")).toMatch(/^No numbers found/);
    expect(refused("a\nb\nc")).toContain('skipped: line 2 ("b"), line 3 ("c")');
    expect(refused("5")).toMatch(/^Only one value found/);
    expect(refused("5 5 5")).toMatch(/^Only one distinct value found/);
    expect(refused("5")).toContain("Nothing was changed");
  });

  it(`takes up to ${MAX_VALUES.toLocaleString("en-US")} values and refuses more`, () => {
    const ok = Array.from({ length: MAX_VALUES }, (_, i) => i % 1000).join("\n");
    expect(accepted(ok).values.length).toBe(MAX_VALUES);
    const message = refused(`${ok}\n1`);
    expect(message).toContain("at most 1,000,000");
    expect(message).toContain(`line ${MAX_VALUES + 1}`);
  });
});
