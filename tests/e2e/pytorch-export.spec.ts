/**
 * "Export for PyTorch" from the page: the zip holds run.py with the run's settings and
 * weights.safetensors with both networks in PyTorch's layout, on every backend (a WebGPU run
 * is exported through a CPU copy of its checkpoint) and both builds; where the PyTorch check's
 * environment is there (scripts/pytorch-check.sh, which npm test runs first), the downloaded
 * script itself loads the weights and trains on.
 */

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { unzipSync, strFromU8 } from "fflate";
import { plainProject, waitForStep, watchErrors, webgpuProject } from "./helpers";

const backend = () => (webgpuProject() ? "webgpu" : "cpu");

/** The PyTorch check's Python (scripts/pytorch-check.sh), if it has been made on this machine. */
const cache = process.env.GAN_PLAYGROUND_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "gan-playground");
const python = join(cache, "torch-venv", "bin", "python");

/** Trains `iterations`, exports, and returns the zip's files by name (folder stripped). */
async function exportRun(page: Page, hash: string, iterations: number): Promise<{ name: string; files: Record<string, Uint8Array> }> {
  await page.goto(`./#v=1&backend=${backend()}&${hash}`);
  await expect(page.locator("#export-pytorch")).toBeEnabled({ timeout: 120_000 });
  // A WebGPU run is exported through a CPU copy of its checkpoint: make sure it is one.
  await expect(page.locator("#backend")).toHaveText(webgpuProject() ? /^WebGPU — / : /^CPU — /);
  for (let i = 0; i < iterations; i++) await page.locator("#step").click();
  await waitForStep(page, iterations, 180_000);
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 120_000 }), page.locator("#export-pytorch").click()]);
  const zip = unzipSync(new Uint8Array(readFileSync(await download.path())));
  // The folder's own entry (`name/`) holds nothing.
  const entries = Object.entries(zip).filter(([path]) => !path.endsWith("/"));
  expect(entries.map(([path]) => path.split("/")[0])).toEqual([folderOf(download.suggestedFilename()), folderOf(download.suggestedFilename())]);
  const files = Object.fromEntries(entries.map(([path, bytes]) => [path.split("/").pop()!, bytes]));
  return { name: download.suggestedFilename(), files };
}

/** The folder a zip of `name` unpacks into. */
const folderOf = (name: string) => name.replace(/\.zip$/, "");

/** The JSON header of a safetensors file. */
function header(bytes: Uint8Array): Record<string, { shape?: number[] } & Record<string, unknown>> {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return JSON.parse(strFromU8(bytes.subarray(8, 8 + length))) as Record<string, { shape?: number[] } & Record<string, unknown>>;
}

test("a 1D run exports run.py and its weights, which PyTorch loads and trains on @both-builds", async ({ page }) => {
  const errors = watchErrors(page);
  const iterations = webgpuProject() ? 2 : 5;
  const { name, files } = await exportRun(page, "preset=tuned-1d&seed=4", iterations);
  expect(name).toBe(`gan-playground-tuned-1d-seed4-${iterations}-pytorch.zip`);
  const script = strFromU8(files["run.py"]!);
  expect(script).toContain(`STEP = ${iterations}  # iterations the page had trained`);
  expect(script).toContain("preset=tuned-1d");
  expect(script).toMatch(/^LOSS = "/m);
  const tensors = header(files["weights.safetensors"]!);
  // PyTorch's layout: nn.Linear's weight is [out, in]; G's first layer reads the 1-D noise.
  expect(tensors["generator.layers.0.weight"]?.shape?.[1]).toBe(1);
  expect(tensors["real_samples"]?.shape).toEqual([65_536, 1]);
  expect((tensors["__metadata__"] as Record<string, string>)["gan_playground.step"]).toBe(String(iterations));
  errors.assertNone();

  if (!existsSync(python)) return test.info().annotations.push({ type: "skipped part", description: `no ${python}: run scripts/pytorch-check.sh` });
  const folder = mkdtempSync(join(tmpdir(), "pytorch-export-"));
  for (const [file, bytes] of Object.entries(files)) writeFileSync(join(folder, file), bytes);
  const out = execFileSync(python, ["run.py", "--iterations", "20", "--log-every", "10"], { cwd: folder, encoding: "utf8" });
  expect(out).toContain(`iteration ${iterations + 20}: D loss`);
  expect(existsSync(join(folder, "weights-continued.safetensors"))).toBe(true);
});

test("a digit run on either backend exports its networks and their average @both-builds", async ({ page }) => {
  test.skip(plainProject() && !webgpuProject(), "the 1D export covers the one-thread build; digits run there the same way");
  const errors = watchErrors(page);
  const { files } = await exportRun(page, "preset=mnist-minute&seed=2", webgpuProject() ? 1 : 3);
  const script = strFromU8(files["run.py"]!);
  expect(script).toContain('"kind": "dcgan"');
  expect(script).toContain("EMA_DECAY = 0.999");
  const tensors = header(files["weights.safetensors"]!);
  for (const name of ["generator.linear.weight", "generator.norm_0.running_var", "generator_average.linear.weight", "discriminator.projection.weight"]) {
    expect(tensors[name], name).toBeDefined();
  }
  // z (64) and the one-hot digit (10) in, 64 maps of 7×7 out: [out, in].
  expect(tensors["generator.linear.weight"]?.shape).toEqual([64 * 49, 74]);
  errors.assertNone();
  if (!existsSync(python)) return;
  const folder = mkdtempSync(join(tmpdir(), "pytorch-export-"));
  mkdirSync(folder, { recursive: true });
  for (const [file, bytes] of Object.entries(files)) writeFileSync(join(folder, file), bytes);
  const fashion = "/usr/share/datasets/fashion-mnist";
  const out = execFileSync(
    python,
    ["run.py", "--iterations", "2", "--log-every", "1", "--idx", `${fashion}/t10k-images-idx3-ubyte.gz`, `${fashion}/t10k-labels-idx1-ubyte.gz`],
    { cwd: folder, encoding: "utf8" },
  );
  expect(out).toMatch(/iteration \d+: D loss \d/);
});
