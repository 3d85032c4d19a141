/**
 * The bench's results as Markdown: throughput side by side with the peers (and the ratios),
 * the page (load to first step, long tasks), memory, wasm sizes, and the targets.
 */

const sig = (x) => (x == null || Number.isNaN(x) ? "–" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toPrecision(2));
const ms = (x) => (x == null ? "–" : `${x.toFixed(0)} ms`);
const mib = (b) => (b == null ? "n/a" : `${(b / 2 ** 20).toFixed(1)} MiB`);
const mb = (b) => (b == null ? "n/a" : `${(b / 1e6).toFixed(2)} MB`);
const growth = (a, b) => (a && b != null ? `${b >= a ? "+" : ""}${((100 * (b - a)) / a).toFixed(1)} %` : "–");

const TFJS_CPU = ["cpu", "wasm", "wasm-simd", "wasm-simd-mt", "wasm-simd-mt2"];

/** TF.js's fastest CPU-side row of `model` (plain JS or wasm), and its webgpu row. */
function tfjsPeers(tfjs, model) {
  const ok = tfjs.filter((r) => r.model === model && r.median != null);
  const cpu = ok.filter((r) => TFJS_CPU.includes(r.config)).sort((a, b) => b.median - a.median)[0];
  return { cpu, webgpu: ok.find((r) => r.config === "webgpu"), webgl: ok.find((r) => r.config === "webgl") };
}

const ratio = (a, peer) => (a?.median != null && peer?.median ? `${(a.median / peer.median).toFixed(2)}× ${peer.config}` : "–");

/** Every throughput row, grouped by model, with the project's ratios to its peers. */
function throughputTable(r) {
  const out = [
    "| model | who | where | it/s (median) | min–max | windows × it | 1st iteration | ÷ TF.js (like for like) | ÷ PyTorch (2 threads) |",
    "|---|---|---|---:|---:|---|---:|---|---|",
  ];
  for (const model of ["A", "B"]) {
    const peers = tfjsPeers(r.tfjs.rows, model);
    const torch2 = r.torch.rows.find((t) => t.model === model && t.threads === 2);
    const line = (who, where, row, vsTfjs, vsTorch) => {
      if (row.skipped || row.error)
        return `| ${model} | ${who} | ${where} | ${row.skipped ? `not measured: ${row.skipped}` : `failed: ${row.error}`} | | | | | |`;
      const torchRatio = vsTorch && torch2 ? `${(row.median / torch2.median).toFixed(2)}×` : "–";
      return `| ${model} | ${who} | ${where} | **${sig(row.median)}** | ${sig(row.min)}–${sig(row.max)} | ${row.windows.length} × ${row.itersPerWindow} | ${ms(row.firstIterMs)} | ${vsTfjs} | ${torchRatio} |`;
    };
    for (const row of r.project.filter((p) => p.model === model)) {
      const peer = row.config === "webgpu" ? peers.webgpu : peers.cpu;
      out.push(line("project (burn → wasm)", row.where, row, row.skipped || row.error ? "–" : ratio(row, peer), row.config !== "webgpu"));
    }
    for (const row of r.native.filter((p) => p.model === model)) out.push(line("project (burn, native)", "native CPU (burn `flex`)", row, "–", true));
    if (r.nativeWgpu) out.push(`| ${model} | project (burn, native) | native wgpu | not measured: ${r.nativeWgpu} | | | | | |`);
    for (const row of r.tfjs.rows.filter((t) => t.model === model || (!t.model && model === "A"))) {
      const where = `Chromium, TF.js \`${row.config}\`${row.config.startsWith("web") ? " (SwiftShader)" : ""}`;
      out.push(line(`TF.js ${row.version ?? ""}`, where, row, "–", false));
    }
    for (const skipped of r.tfjs.skipped.filter((s) => s.model === model))
      out.push(`| ${model} | TF.js | Chromium, TF.js \`${skipped.config}\` | not measured: ${skipped.why} | | | | | |`);
    for (const row of r.torch.rows.filter((t) => t.model === model)) {
      const where = `${row.config}${row.measured ? "" : ` (from ${r.torch.sourceName}, not this run)`}`;
      out.push(line(`PyTorch ${row.version ?? ""}`, where, row, "–", false));
    }
  }
  return out.join("\n");
}

/** The targets of the issue, measured. */
export function targets(r) {
  const rows = [];
  const project = (config, model) => r.project.find((p) => p.config === config && p.model === model && p.median != null);
  const add = (what, measured, goal, met, note = "") => rows.push({ what, measured, goal, met, note });
  for (const [model, goal] of [
    ["A", 1000],
    ["B", 10],
  ]) {
    const page = project("cpu-threads", model);
    const single = project("cpu-1", model);
    add(
      `${model} on the CPU fallback in Chromium (the page's build, \`pkg-threads\`)`,
      page ? `${sig(page.median)} it/s` : "not measured",
      `≥ ${goal.toLocaleString("en-US")} it/s`,
      page ? page.median >= goal : null,
      single ? `one thread (\`pkg-cpu\`): ${sig(single.median)} it/s` : "",
    );
  }
  for (const model of ["A", "B"]) {
    const ours = project("webgpu", model);
    const theirs = tfjsPeers(r.tfjs.rows, model).webgpu;
    add(
      `${model} on WebGPU ≥ TF.js webgpu, same adapter (SwiftShader here)`,
      ours ? `${sig(ours.median)} it/s` : "not measured",
      theirs ? `≥ ${sig(theirs.median)} it/s (TF.js)` : "TF.js webgpu not measured",
      ours && theirs ? ours.median >= theirs.median : null,
    );
  }
  const warm = r.page?.warm?.medianMs;
  add(
    "page load → first training step on the CPU, warm cache (median of the reloads)",
    warm != null ? ms(warm) : "not measured",
    "≤ 1,000 ms",
    warm != null ? warm <= 1000 : null,
    r.page?.cold ? `cold: ${ms(r.page.cold.medianMs)}` : "",
  );
  // What a CPU page fetched of wasm before its first step, per case: the builds it loaded (by
  // their hashed asset names, matched to the builds by size), gzip -9.
  for (const [name, loads] of [
    ["cross-origin isolated", r.page],
    ["without COOP/COEP", r.page?.plain],
  ]) {
    const fetched = loads?.cold?.runs?.[0]?.wasm;
    if (!fetched) continue;
    const builds = fetched.map((asset) => (r.wasmAssets?.[asset] ?? asset).replace(/^www\//, ""));
    const gzip = builds.reduce((sum, build) => sum + (r.wasm.find((w) => w.build === build)?.gzip ?? NaN), 0);
    add(
      `wasm fetched before the first step, CPU page ${name} (gzip -9)`,
      Number.isFinite(gzip) ? mb(gzip) : "unknown",
      "≤ 1.3 MB",
      Number.isFinite(gzip) ? gzip <= 1.3e6 : null,
      builds.map((b) => `\`${b}\``).join(" + "),
    );
  }
  for (const w of r.wasm) add(`wasm gzip -9, \`${w.build}\` (${w.loadedBy})`, mb(w.gzip), "≤ 2 MB (2,000,000 bytes)", w.gzip <= 2e6);
  for (const w of r.page?.watches ?? []) {
    const preset = /preset=([^&]+)/.exec(w.hash)?.[1];
    // The Long Tasks API decides where it demonstrably reports on this page (a 70 ms test task
    // was seen); otherwise the heartbeat, whose gaps also count time the OS gave to other threads.
    const heartbeat = `heartbeat worst stall ${ms(w.heartbeatWorstStallMs)}`;
    if (w.longTaskApiVerified) {
      const longest = w.longestTaskMs ?? 0;
      const how = `by the Long Tasks API (${w.longTasks.length} entries; checked with a 70 ms test task); ${heartbeat}${w.heartbeatWorstStallMs > 50 ? " — gaps without a long task: the main thread was not running, most likely waiting for one of the 2 cores it shares with the trainer's threads and other work" : ""}`;
      add(
        `no main-thread task > 50 ms while training (\`${preset}\`, CPU, ${w.seconds} s)`,
        w.longTasks.length ? ms(longest) : "no long task",
        "≤ 50 ms",
        longest <= 50,
        how,
      );
    } else {
      add(
        `no main-thread task > 50 ms while training (\`${preset}\`, CPU, ${w.seconds} s)`,
        ms(w.heartbeatWorstStallMs),
        "≤ 50 ms",
        w.heartbeatWorstStallMs <= 50,
        `by the ${heartbeat} (the Long Tasks API ${w.longTaskApi ? "reported nothing, not even a 70 ms test task" : "is not supported"})`,
      );
    }
  }
  return rows;
}

export function markdown(r) {
  const out = [];
  const loads = (xs) => xs.map((x) => x.toFixed(2)).join(" ");
  out.push(`## GAN Playground bench — ${r.mode} — ${r.date}`);
  out.push("");
  out.push(
    `${r.host.cpus} × ${r.host.cpuModel}; ${r.host.chromium}; Node ${r.host.node}. Load average at start ${loads(r.host.loadavgStart)}, at end ${loads(r.host.loadavgEnd)}${Math.max(r.host.loadavgStart[0], r.host.loadavgEnd[0]) > 1 ? " — **the machine was busy (1-minute load > 1 on 2 cores): figures are noisy**" : ""}.`,
  );
  out.push(
    `Measured like shared/bench/peers: fresh networks, the first iteration timed alone, ≥ ${r.timing.warmupSec} s warm-up, calibration, ${r.timing.windows} windows of ~${r.timing.windowSec} s that each end with a read-back; median (min–max). WebGPU in Chromium is SwiftShader (a software adapter on the CPU), not a GPU.`,
  );
  for (const note of r.notes) out.push(`- ${note}`);
  out.push("", "### Throughput (iterations/s)", "", throughputTable(r));
  out.push("", "### Page (`vite build` + `vite preview`, cross-origin isolated)", "");
  if (r.page?.error) out.push(`Not measured: ${r.page.error}`);
  else if (r.page) {
    const p = r.page;
    out.push(
      `\`${p.url.replace(/^http:\/\/[^/]+/, "")}\` — navigation start → \`#stat-step\` ≥ 1; median of ${p.cold.runs.length} (cold: a new browser context; warm: a reload in it).`,
      "",
    );
    out.push("| | median | runs | ready (Play enabled) | started by |", "|---|---:|---|---|---|");
    for (const [name, x] of [
      ["cold", p.cold],
      ["warm", p.warm],
    ]) {
      const how = x.runs.some((l) => l.pressedPlay) ? "pressing Play (autoplay did not start)" : "`autoplay=1`";
      out.push(
        `| ${name} | **${ms(x.medianMs)}** | ${x.runs.map((l) => l.ms.toFixed(0)).join(", ")} ms | ${x.runs.map((l) => l.readyMs?.toFixed(0)).join(", ")} ms | ${how} |`,
      );
    }
    out.push(
      "",
      `Backend badge: “${p.cold.runs[0].badge}”; wasm fetched: ${p.cold.runs[0].wasm.map((w) => `\`${w}\`${r.wasmAssets?.[w] ? ` (= \`${r.wasmAssets[w]}\`)` : ""}`).join(", ")}.`,
    );
    if (p.plain) {
      const q = p.plain;
      out.push(
        "",
        `The same site without COOP/COEP (a static host): cold **${ms(q.cold.medianMs)}**, warm **${ms(q.warm.medianMs)}** (medians); badge “${q.cold.runs[0].badge}”; wasm fetched: ${q.cold.runs[0].wasm.map((w) => `\`${w}\`${r.wasmAssets?.[w] ? ` (= \`${r.wasmAssets[w]}\`)` : ""}`).join(", ")}.`,
      );
    }
    out.push("", "Main thread while training (after the first step; CPU backend):", "");
    out.push(
      "| preset | watched | it/s | Long Tasks API | heartbeat worst stall (10 ms beats) | stalls > 50 ms | JS heap start → end | renderer RSS start → end |",
      "|---|---:|---:|---|---:|---:|---|---|",
    );
    for (const w of p.watches) {
      const api =
        (!w.longTaskApi ? "not supported" : w.longTasks.length ? `${w.longTasks.length} tasks, longest ${ms(w.longestTaskMs)}` : "no entries") +
        (w.longTaskApiVerified ? " (reports: a 70 ms test task was seen)" : " (a 70 ms test task was not reported)");
      out.push(
        `| \`${/preset=([^&]+)/.exec(w.hash)?.[1]}\` | ${w.seconds} s | ${sig(w.itPerSec)} | ${api} | ${ms(w.heartbeatWorstStallMs)} | ${w.stallsOver50ms} | ${mib(w.jsHeap.start)} → ${mib(w.jsHeap.end)} | ${mib(w.rendererRss.start)} → ${mib(w.rendererRss.end)} |`,
      );
    }
  }
  out.push("", "### Memory over a long run", "");
  if (r.soak?.error) out.push(`Not measured: ${r.soak.error}`);
  else if (r.soak) {
    const s = r.soak;
    const first = s.samples[0];
    const last = s.samples.at(-1);
    out.push(
      `B (\`mnist-mlp\`) on the CPU, \`pkg-threads\` (${s.threads} threads), in a worker of the bench page, ${last.s} s after the throughput windows (iterations ${first.step.toLocaleString("en-US")} → ${last.step.toLocaleString("en-US")}):`,
      "",
    );
    out.push("| what | start | end | growth |", "|---|---:|---:|---:|");
    out.push(`| wasm memory (the worker's) | ${mib(first.wasmBytes)} | ${mib(last.wasmBytes)} | ${growth(first.wasmBytes, last.wasmBytes)} |`);
    out.push(
      `| renderer processes' RSS (page + workers) | ${mib(s.rendererRss.start)} | ${mib(s.rendererRss.end)} | ${growth(s.rendererRss.start, s.rendererRss.end)} |`,
    );
    out.push(`| JS heap | n/a in a worker (\`performance.memory\` is main-thread only); the page's heap is in the table above | | |`);
    out.push(
      "",
      `Every ${s.everySec} s — wasm memory: ${s.samples.map((x) => (x.wasmBytes / 2 ** 20).toFixed(1)).join(", ")} MiB; renderer RSS: ${s.samples.map((x) => (x.rendererRss == null ? "n/a" : (x.rendererRss / 2 ** 20).toFixed(0))).join(", ")} MiB.`,
    );
  }
  out.push("", "### Wasm size", "", "| build | raw | gzip -9 | loaded by |", "|---|---:|---:|---|");
  for (const w of r.wasm) out.push(`| \`www/${w.build}/gan_playground_bg.wasm\` | ${mb(w.raw)} | ${mb(w.gzip)} | ${w.loadedBy} |`);
  out.push("", "### Targets", "", "| target | measured | goal | met? | note |", "|---|---:|---|---|---|");
  for (const t of r.targets)
    out.push(`| ${t.what} | ${t.measured} | ${t.goal} | ${t.met == null ? "not measured" : t.met ? "**met**" : "**missed**"} | ${t.note} |`);
  return out.join("\n") + "\n";
}
