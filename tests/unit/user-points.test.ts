import { describe, expect, it } from "vitest";
import { MAX_POINTS, MIN_POINTS, parsePoints, pointsBox, pointsToText, type UserPoints } from "../../www/src/labs/gan2d/user-points";
import { CLUSTER_POINTS, CLUSTER_SIGMA, EDITOR_EXTENT, dataToPixel, jitteredCluster, pixelToData, seededRandom } from "../../www/src/labs/gan2d/points-editor";

function accepted(text: string): Extract<UserPoints, { ok: true }> {
  const result = parsePoints(text);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result;
}

function refused(text: string): string {
  const result = parsePoints(text);
  if (result.ok) throw new Error(`accepted: ${result.summary}`);
  return result.message;
}

/** `n` distinct points in range, one "x,y" per line. */
function pairs(n: number, separator = ","): string[] {
  return Array.from({ length: n }, (_, i) => `${i % 100}${separator}${-(i % 7)}`);
}

describe("the user's points", () => {
  it("reads one x, y pair per line, separated by a comma, a semicolon, tabs or spaces", () => {
    const data = accepted("1,2\n3;4\r\n5\t6\r7   8\n\n  -9.5e-1 , +10 \n.5 ;-.25\n0,0\n1000,-1000\n");
    expect(Array.from(data.points)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, Math.fround(-0.95), 10, 0.5, -0.25, 0, 0, 1000, -1000]);
    expect(data).toMatchObject({ count: 8, header: null, badLines: [], badCount: 0, summary: "Using 8 points." });
  });

  it("skips a first line that is not a pair as a header, and says so", () => {
    const data = accepted(`\nx,y\n${pairs(MIN_POINTS).join("\n")}`);
    expect(data.count).toBe(MIN_POINTS);
    expect(data.header).toEqual({ line: 2, text: "x,y" });
    expect(data.summary).toBe('Using 8 points. Line 2 ("x,y") was read as a header and skipped.');
    // A lone number on the first line is not a pair either.
    expect(accepted(`42\n${pairs(MIN_POINTS).join("\n")}`).header).toEqual({ line: 1, text: "42" });
  });

  it("reports bad lines with their line numbers, quoting the first five and counting all", () => {
    const lines = ["x;y", ...pairs(4), "abc", "1,2,3", "NaN,1", "1,Infinity", "5", ...pairs(4), "1e39,0", "1,,2", "0x10,1"];
    const data = accepted(lines.join("\n"));
    expect(data.count).toBe(8);
    expect(data.header).toEqual({ line: 1, text: "x;y" });
    // 1e39 overflows float32; "1,,2" has an empty item, so three items.
    expect(data.badCount).toBe(8);
    expect(data.badLines.map((l) => l.line)).toEqual([6, 7, 8, 9, 10]);
    expect(data.summary).toBe(
      'Using 8 points. Line 1 ("x;y") was read as a header and skipped. 8 lines are not points (x, y) and were skipped: ' +
        'line 6 ("abc"), line 7 ("1,2,3"), line 8 ("NaN,1"), line 9 ("1,Infinity"), line 10 ("5"), and 3 more.',
    );
  });

  it("says 'line' for one bad line and shortens long ones", () => {
    const long = `1, ${"9".repeat(100)}x`;
    const data = accepted(`${pairs(MIN_POINTS).join("\n")}\n${long}`);
    expect(data.badLines).toEqual([{ line: 9, text: `${long.slice(0, 40)}…` }]);
    expect(data.summary).toContain("1 line is not a point (x, y) and was skipped: line 9");
  });

  it("skips points outside ±1,000 and says the range", () => {
    const data = accepted(`${pairs(MIN_POINTS).join("\n")}\n1000.5,0\n0,-2000`);
    expect(data.count).toBe(MIN_POINTS);
    expect(data.badLines.map((l) => l.line)).toEqual([9, 10]);
    expect(data.summary).toContain("They have a coordinate outside −1,000 to 1,000");
    // An out-of-range first line is a bad point, not a header.
    const first = accepted(`5000,1\nabc\n${pairs(MIN_POINTS).join("\n")}`);
    expect(first.header).toBeNull();
    expect(first.summary).toContain('2 lines are not points (x, y) and were skipped: line 1 ("5000,1"), line 2 ("abc").');
    expect(first.summary).toContain("1 of them have a coordinate outside −1,000 to 1,000");
  });

  it(`refuses fewer than ${MIN_POINTS} points, saying why`, () => {
    expect(refused("")).toMatch(/^No points found: a GAN learns how points spread, so it needs at least 8/);
    expect(refused("1,2")).toMatch(/^Only one point found/);
    expect(refused(pairs(MIN_POINTS - 1).join("\n"))).toMatch(/^Only 7 points found/);
    // Lone numbers are not points: the 1D lab's format is refused, each line named.
    const message = refused("1\n2\n3\n4");
    expect(message).toContain('Line 1 ("1") was read as a header');
    expect(message).toContain('3 lines are not points (x, y) and were skipped: line 2 ("2"), line 3 ("3"), line 4 ("4").');
    expect(message).toContain("Nothing was changed");
    expect(refused(Array(MIN_POINTS).fill("1,2").join("\n"))).toMatch(/^All 8 points are the same/);
  });

  it(`takes up to ${MAX_POINTS.toLocaleString("en-US")} points and refuses more`, () => {
    const ok = pairs(MAX_POINTS).join("\n");
    expect(accepted(ok).count).toBe(MAX_POINTS);
    const message = refused(`${ok}\n1,1`);
    expect(message).toContain("at most 100,000");
    expect(message).toContain(`line ${MAX_POINTS + 1}`);
  });
});

describe("the points' box", () => {
  it("adds a 10 % margin on each side", () => {
    const box = pointsBox(Float32Array.from([0, 0, 10, -5, 4, 5]));
    expect(box.x_min).toBeCloseTo(-1, 6);
    expect(box.x_max).toBeCloseTo(11, 6);
    expect(box.y_min).toBeCloseTo(-6, 6);
    expect(box.y_max).toBeCloseTo(6, 6);
  });

  it("is at least 0.5 wide and tall, centred on the points", () => {
    expect(pointsBox(Float32Array.from([2, -3, 2, -3]))).toEqual({ x_min: 1.75, x_max: 2.25, y_min: -3.25, y_max: -2.75 });
    const thin = pointsBox(Float32Array.from([0, 1, 4, 1.1]));
    expect(thin.x_min).toBeCloseTo(-0.4, 6);
    expect(thin.y_max - thin.y_min).toBeCloseTo(0.5, 6);
    expect((thin.y_max + thin.y_min) / 2).toBeCloseTo(1.05, 6);
    expect(pointsBox(new Float32Array(0))).toEqual({ x_min: -0.25, x_max: 0.25, y_min: -0.25, y_max: 0.25 });
  });
});

describe("points as text", () => {
  it('writes "x,y" lines with the shortest decimals that read back the same', () => {
    expect(pointsToText(Float32Array.from([0.1, -2, 1e-7, 1000]))).toBe("0.1,-2\n1e-7,1000\n");
    expect(pointsToText(new Float32Array(0))).toBe("");
  });

  it("round-trips through parsePoints exactly (float32)", () => {
    const random = seededRandom(7);
    const points = Float32Array.from({ length: 2 * 500 }, () => (random() - 0.5) * 2000);
    const back = accepted(pointsToText(points));
    expect(back.summary).toBe("Using 500 points.");
    expect(Array.from(back.points)).toEqual(Array.from(points));
  });
});

describe("painting points", () => {
  it("maps the canvas's corners and centre to data coordinates, y up", () => {
    const e = EDITOR_EXTENT;
    expect(pixelToData(0, 0, 300, 200)).toEqual([-e, e]);
    expect(pixelToData(300, 0, 300, 200)).toEqual([e, e]);
    expect(pixelToData(0, 200, 300, 200)).toEqual([-e, -e]);
    expect(pixelToData(300, 200, 300, 200)).toEqual([e, -e]);
    expect(pixelToData(150, 100, 300, 200)).toEqual([0, 0]);
    expect(pixelToData(75, 50, 300, 200, 2)).toEqual([-1, 1]);
  });

  it("maps data back to the same pixel", () => {
    const [x, y] = pixelToData(37, 181, 256, 256);
    const [px, py] = dataToPixel(x, y, 256, 256);
    expect(px).toBeCloseTo(37, 9);
    expect(py).toBeCloseTo(181, 9);
  });

  it("adds the same cluster for the same seed, and a different one for another seed", () => {
    const a = jitteredCluster(1, -2, seededRandom(42));
    expect(a.length).toBe(2 * CLUSTER_POINTS);
    expect(Array.from(jitteredCluster(1, -2, seededRandom(42)))).toEqual(Array.from(a));
    expect(Array.from(jitteredCluster(1, -2, seededRandom(43)))).not.toEqual(Array.from(a));
    // Every point lies near the pointer (5 σ holds every draw of a small cluster).
    for (let i = 0; i < a.length; i += 2) {
      expect(Math.abs(a[i]! - 1)).toBeLessThan(5 * CLUSTER_SIGMA);
      expect(Math.abs(a[i + 1]! + 2)).toBeLessThan(5 * CLUSTER_SIGMA);
    }
  });

  it("centres the jitter on the pointer with spread σ", () => {
    const n = 20_000;
    const cluster = jitteredCluster(-1.5, 3, seededRandom(1), n);
    const stats = (offset: number, centre: number) => {
      let sum = 0;
      let squares = 0;
      for (let i = offset; i < cluster.length; i += 2) {
        sum += cluster[i]! - centre;
        squares += (cluster[i]! - centre) ** 2;
      }
      return { mean: sum / n, std: Math.sqrt(squares / n) };
    };
    for (const [offset, centre] of [
      [0, -1.5],
      [1, 3],
    ] as const) {
      const { mean, std } = stats(offset, centre);
      // The mean's standard error is σ/√n ≈ 0.0006; allow 5 of them. σ within 3 %.
      expect(Math.abs(mean)).toBeLessThan(5 * (CLUSTER_SIGMA / Math.sqrt(n)));
      expect(std / CLUSTER_SIGMA).toBeGreaterThan(0.97);
      expect(std / CLUSTER_SIGMA).toBeLessThan(1.03);
    }
  });

  it("draws uniform numbers in [0, 1)", () => {
    const random = seededRandom(0);
    const draws = Array.from({ length: 10_000 }, random);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.reduce((a, b) => a + b, 0) / draws.length).toBeCloseTo(0.5, 1);
  });
});
