#!/usr/bin/env python3
"""Checks "Export for PyTorch" on every preset: each export's run.py builds its networks, loads
weights.safetensors into them, and gives burn's outputs on the same inputs (reference.json,
written by the crate's `write_every_presets_export_for_pytorch`); then trains on a few
iterations, as `python run.py` would. Usage: check_exports.py <exports dir> [IDX images file]."""

import importlib.util
import math
import pathlib
import sys

import torch

# float32 on both sides; burn and PyTorch sum in different orders.
ABSOLUTE, RELATIVE = 1e-4, 1e-4


def load_script(path):
    spec = importlib.util.spec_from_file_location(f"export_{path.parent.name.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def largest_error(ours, theirs):
    theirs = torch.tensor(theirs, dtype=torch.float32)
    excess = (ours - theirs).abs() - (ABSOLUTE + RELATIVE * theirs.abs())
    return (ours - theirs).abs().max().item(), bool((excess <= 0).all())


def check(directory, idx):
    import json

    reference = json.loads((directory / "reference.json").read_text())
    run = load_script(directory / "run.py")
    noise = torch.tensor(reference["noise"])
    judged_input = torch.tensor(reference["judged_input"])
    with torch.no_grad():
        if reference["kind"] == "mlp":
            generator, discriminator = run.build()
            real_samples = run.load_weights(generator, discriminator)
            generator.eval(), discriminator.eval()
            generated, judged = generator(noise), discriminator(judged_input)
        else:
            generator, discriminator, average = run.build()
            run.load_weights(generator, discriminator, average)
            generator.eval(), discriminator.eval()
            labels = [torch.tensor(reference["labels"])] if reference["labels"] is not None else []
            generated, judged = generator(noise, *labels), discriminator(judged_input, *labels)
    g_error, g_ok = largest_error(generated, reference["generated"])
    d_error, d_ok = largest_error(judged, reference["judged"])
    # Training on: a few iterations of the script's own loop, on its own data.
    if reference["kind"] == "mlp":
        losses = run.train(generator, discriminator, real_samples, iterations=5, log_every=0)
    else:
        images, image_labels = run.load_data(idx)
        losses = run.train(generator, discriminator, average, images[:2048], image_labels[:2048], iterations=2, log_every=0)
    trains = all(math.isfinite(loss) for loss in losses)
    ok = g_ok and d_ok and trains
    print(f"{reference['preset']:<18} {reference['kind']:<7} G max |Δ| {g_error:.2e}   D max |Δ| {d_error:.2e}   "
          f"trains on: {'yes' if trains else 'NO'}   {'ok' if ok else 'FAILED'}")
    return ok


def main():
    root = pathlib.Path(sys.argv[1])
    idx = sys.argv[2:] or None
    print(f"torch {torch.__version__}; tolerance |Δ| ≤ {ABSOLUTE} + {RELATIVE}·|burn|")
    results = [check(directory, idx) for directory in sorted(p for p in root.iterdir() if p.is_dir())]
    print(f"{sum(results)} of {len(results)} presets: PyTorch gives burn's outputs and trains on")
    sys.exit(0 if results and all(results) else 1)


if __name__ == "__main__":
    main()
