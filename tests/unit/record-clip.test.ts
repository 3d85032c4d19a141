/**
 * Recording a clip, its pure parts (www/src/ui/record/clip.ts): where the views go on a clip's
 * frame (inside it, apart, each as large as the grid allows with its aspect kept), the GIF's
 * frame delays (they add up to the clip's length), the bar's length and size, the file's name;
 * and that each lab says which views a clip shows at first (its descriptor's `clipPanels`).
 */

import { describe, expect, it } from "vitest";
import { LAB_IDS, descriptorOf } from "../../www/src/labs/registry";
import {
  CLIP_SIZES,
  DEFAULT_SIZE_INDEX,
  FORMATS,
  clipFileName,
  fitRect,
  formatBytes,
  formatDuration,
  gifDelayMs,
  iterationText,
  layoutFrame,
  videoBitrate,
  type Rect,
} from "../../www/src/ui/record/clip";

const inside = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x - 1e-9 &&
  inner.y >= outer.y - 1e-9 &&
  inner.x + inner.width <= outer.x + outer.width + 1e-9 &&
  inner.y + inner.height <= outer.y + outer.height + 1e-9;
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("a clip's frame", () => {
  it("has the sizes on offer: 16:9, even (as video encoders want), the default among them", () => {
    for (const { width, height } of CLIP_SIZES) {
      expect(width / height).toBeCloseTo(16 / 9, 6);
      expect((width % 2) + (height % 2)).toBe(0);
    }
    expect(CLIP_SIZES[DEFAULT_SIZE_INDEX]).toEqual({ width: 960, height: 540 });
  });

  it("puts the header on top and each view in its own cell inside the frame, under its name", () => {
    for (const size of CLIP_SIZES) {
      for (const aspects of [[1.6], [2.4, 1.8], [1, 2, 2], [1, 1, 1, 1, 2]]) {
        const { header, cells } = layoutFrame(aspects, size);
        const frame = { x: 0, y: 0, ...size };
        expect(header).toMatchObject({ x: 0, y: 0, width: size.width });
        expect(cells).toHaveLength(aspects.length);
        cells.forEach(({ cell, label, content }, i) => {
          expect(inside(cell, frame), `cell ${i} in the frame`).toBe(true);
          expect(cell.y).toBeGreaterThanOrEqual(header.y + header.height);
          expect(inside(label, cell) && inside(content, cell)).toBe(true);
          expect(label.y + label.height).toBeLessThanOrEqual(content.y + 1e-9);
          for (const other of cells.slice(i + 1)) expect(overlap(cell, other.cell), "cells apart").toBe(false);
        });
      }
    }
  });

  it("puts the views in rows, or the main view in a column beside them, where they come out largest, each keeping its aspect", () => {
    const size = { width: 1280, height: 720 };
    const rowsOf = (aspects: number[]) => {
      const { cells } = layoutFrame(aspects, size);
      cells.forEach(({ content }, i) => expect(content.width / content.height).toBeCloseTo(aspects[i]!, 6));
      return [...new Set(cells.map(({ cell }) => cell.y))].map((y) => cells.flatMap(({ cell }, i) => (cell.y === y ? [i] : [])));
    };
    // Two wide charts side by side; two very wide strips (10:1) one above the other; three squares in a row.
    expect(rowsOf([2, 2])).toEqual([[0, 1]]);
    expect(rowsOf([10, 10])).toEqual([[0], [1]]);
    expect(rowsOf([1, 1, 1])).toEqual([[0, 1, 2]]);
    // The 1D lab's densities (wide) get a row of their own; the mapping and the losses share the next.
    expect(rowsOf([2.6, 1.3, 2])).toEqual([[0], [1, 2]]);
    // A square main view (the 2D plane) beside two charts: at the frame's full height on the left.
    const plane = layoutFrame([1, 2.1, 2.1], size);
    const [main, loss, modes] = plane.cells;
    expect(main!.cell.x).toBeLessThan(loss!.cell.x);
    expect(loss!.cell.x).toBe(modes!.cell.x);
    expect(modes!.cell.y).toBeGreaterThan(loss!.cell.y);
    expect(main!.content.height).toBeGreaterThan(loss!.content.height + modes!.content.height);
    // A row narrower than the frame is centred in it.
    const { cells } = layoutFrame([2.6, 1.3, 2], size);
    expect(cells[0]!.cell.x + cells[0]!.cell.width / 2).toBeCloseTo(size.width / 2, 6);
  });

  it("fits a view into its room with its aspect kept, centred", () => {
    const room = { x: 10, y: 20, width: 400, height: 200 };
    expect(fitRect(4, room)).toEqual({ x: 10, y: 70, width: 400, height: 100 });
    expect(fitRect(1, room)).toEqual({ x: 110, y: 20, width: 200, height: 200 });
    expect(fitRect(0, room)).toMatchObject({ width: 0, height: 0 });
  });

  it("scales its text with the frame, and never below a readable size", () => {
    const small = layoutFrame([1], CLIP_SIZES[0]!);
    const large = layoutFrame([1], CLIP_SIZES[2]!);
    expect(large.headerFont).toBeGreaterThan(small.headerFont);
    expect(small.headerFont).toBeGreaterThanOrEqual(11);
    expect(small.labelFont).toBeGreaterThanOrEqual(9);
  });
});

describe("a GIF's frame delays", () => {
  it("add up to the clip's length, in hundredths of a second, at 20 ms at least", () => {
    const times = [0, 97, 203, 301, 436, 512, 640];
    const end = 777;
    const delays = times.map((t, i) => gifDelayMs(t, times[i + 1] ?? end));
    for (const delay of delays) expect(delay % 10).toBe(0);
    expect(delays.reduce((a, b) => a + b, 0)).toBe(780);
    expect(gifDelayMs(0, 100)).toBe(100);
    expect(gifDelayMs(0, 3)).toBe(20);
  });
});

describe("the recorder bar and the file", () => {
  it("says the length as m:ss", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(3_999)).toBe("0:03");
    expect(formatDuration(60_000)).toBe("1:00");
    expect(formatDuration(FORMATS.webm.maxMs)).toBe("10:00");
    expect(formatDuration(-5)).toBe("0:00");
  });

  it("says the size in kB below a megabyte, then in MB", () => {
    expect(formatBytes(0)).toBe("0 kB");
    expect(formatBytes(840_400)).toBe("840 kB");
    expect(formatBytes(1_234_567)).toBe("1.2 MB");
    expect(formatBytes(25_400_000)).toBe("25 MB");
  });

  it("draws the iteration as the read-outs write numbers", () => {
    expect(iterationText(0)).toBe("iteration 0");
    expect(iterationText(1234)).toBe("iteration 1,234");
  });

  it("names the file as the page's other downloads: preset, seed, iteration, the format's extension", () => {
    expect(clipFileName("tuned-1d", 3, 1234, "webm")).toBe("gan-playground-tuned-1d-seed3-1234.webm");
    expect(clipFileName("ring8-pack", 0, 0, "gif")).toBe("gan-playground-ring8-pack-seed0-0.gif");
    expect(clipFileName("mnist-mlp", 42, 7, "mp4")).toBe("gan-playground-mnist-mlp-seed42-7.mp4");
  });

  it("asks the video encoders for a bitrate that grows with the frame", () => {
    const [small, , large] = CLIP_SIZES;
    expect(videoBitrate(large!, 15)).toBeGreaterThan(videoBitrate(small!, 15));
    expect(videoBitrate({ width: 1280, height: 720 }, 15)).toBe(1_658_880);
  });

  it("caps a GIF at a minute and a video at ten, GIF at fewer frames a second", () => {
    expect(FORMATS.gif.maxMs).toBe(60_000);
    expect(FORMATS.webm.maxMs).toBe(600_000);
    expect(FORMATS.gif.fps).toBeLessThan(FORMATS.webm.fps);
  });
});

describe("each lab's first clip", () => {
  it("shows its main view and its losses: panels it has", () => {
    for (const lab of LAB_IDS) {
      const { clipPanels, panels, conditionalPanels = [] } = descriptorOf(lab);
      expect(clipPanels.length, lab).toBeGreaterThan(0);
      for (const panel of clipPanels) expect([...panels, ...conditionalPanels], lab).toContain(panel);
      expect(clipPanels, lab).toContain("loss");
    }
  });
});
