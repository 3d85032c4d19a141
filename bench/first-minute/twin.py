"""The PyTorch twin of the `mnist-minute` preset, for bench/first-minute.mjs: the same conditional
networks, initialisation, loss, optimiser, batch and average of G's weights as crate/src/labs/digits
(ImageGanConfig::mnist_minute, models/mnist_dcgan.rs, ema.rs), trained on the same digits asset
for a wall-clock budget. At each checkpoint (seconds of training; drawing the images is not
counted) it writes the averaged G's images of the judge's noise vectors (written by `cargo run
--release --example judge_images -- noise`), asked for the digits 0-9 in turn as the page's judge
asks, as raw little-endian f32 in [-1, 1], for the project's judge to score: the table then
compares model and engine on the same 256 noise vectors.

    python twin.py --asset public/data/mnist-10k.bin --noise noise-seed0.f32 --seed 0 \
        --at 15,30,60,120 --out /tmp/first-minute/torch-seed0 [--threads 2]

Prints one JSON line: {"iterations": {"15": n, ...}, "files": {"15": path, ...}, "torch": version}.
"""

import argparse
import json
import struct
import time

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

SIDE = 28
PIXELS = SIDE * SIDE
LATENT = 64
CLASSES = 10
BATCH = 32
LEARNING_RATE = 2e-3
BETAS = (0.5, 0.999)
EMA_DECAY = 0.999


def read_asset(path):
    """The digits asset of scripts/mnist-asset.mjs: "GPDG", version, count, 28, 28, pixels, labels."""
    data = open(path, "rb").read()
    magic, (version, count, rows, columns) = data[:4], struct.unpack("<4I", data[4:20])
    assert magic == b"GPDG" and version == 1 and (rows, columns) == (SIDE, SIDE), "not a digits asset"
    pixels = np.frombuffer(data, dtype=np.uint8, count=count * PIXELS, offset=20)
    labels = np.frombuffer(data, dtype=np.uint8, count=count, offset=20 + count * PIXELS)
    images = torch.from_numpy(pixels.astype(np.float32) / 127.5 - 1.0).reshape(count, 1, SIDE, SIDE)
    return images, torch.from_numpy(labels.astype(np.int64))


def dcgan_init(module):
    """models/mnist_dcgan.rs: (transposed) convolutions N(0, 0.02), BatchNorm γ N(1, 0.02) and
    β 0; Linear layers keep PyTorch's default (burn's LinearConfig default is the same)."""
    if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(module.weight, 0.0, 0.02)
    elif isinstance(module, nn.BatchNorm2d):
        nn.init.normal_(module.weight, 1.0, 0.02)
        nn.init.zeros_(module.bias)


class Generator(nn.Module):
    """[z (64) | one-hot digit (10)] → Linear → 64 maps of 7×7, BN, ReLU → ConvT 4×4 s2 →
    32 × 14×14, BN, ReLU → ConvT 4×4 s2 → 1 × 28×28, tanh."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(LATENT + CLASSES, 64 * 7 * 7)
        self.norm_0 = nn.BatchNorm2d(64)
        self.block_1 = nn.ConvTranspose2d(64, 32, 4, 2, 1)
        self.norm_1 = nn.BatchNorm2d(32)
        self.output = nn.ConvTranspose2d(32, 1, 4, 2, 1)

    def forward(self, z, labels):
        x = self.linear(torch.cat([z, F.one_hot(labels, CLASSES).float()], 1))
        x = F.relu(self.norm_0(x.view(-1, 64, 7, 7)))
        x = F.relu(self.norm_1(self.block_1(x)))
        return torch.tanh(self.output(x))


class Discriminator(nn.Module):
    """28×28 → Conv 4×4 s2 1→32, LeakyReLU(0.2) → Conv 4×4 s2 32→64, BN, LeakyReLU(0.2) →
    Linear → one logit, plus the projection <embed(digit), features> (no bias; N(0, 0.02))."""

    def __init__(self):
        super().__init__()
        self.conv_1 = nn.Conv2d(1, 32, 4, 2, 1)
        self.conv_2 = nn.Conv2d(32, 64, 4, 2, 1)
        self.norm_2 = nn.BatchNorm2d(64)
        self.output = nn.Linear(64 * 7 * 7, 1)
        self.projection = nn.Linear(CLASSES, 64 * 7 * 7, bias=False)
        nn.init.normal_(self.projection.weight, 0.0, 0.02)

    def forward(self, x, labels):
        x = F.leaky_relu(self.conv_1(x), 0.2)
        features = F.leaky_relu(self.norm_2(self.conv_2(x)), 0.2).flatten(1)
        embedded = self.projection(F.one_hot(labels, CLASSES).float())
        return self.output(features) + (embedded * features).sum(1, keepdim=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--asset", required=True)
    parser.add_argument("--noise", required=True, help="the judge's noise vectors, n × 64 f32")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--at", default="15,30,60,120", help="checkpoints, seconds of training")
    parser.add_argument("--out", required=True, help="prefix of the image files")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    images, labels = read_asset(args.asset)
    noise = torch.from_numpy(np.fromfile(args.noise, dtype="<f4").reshape(-1, LATENT).copy())
    noise_labels = torch.arange(len(noise)) % CLASSES
    checkpoints = [float(x) for x in args.at.split(",")]

    generator, discriminator = Generator(), Discriminator()
    generator.apply(dcgan_init)
    discriminator.apply(dcgan_init)
    average = Generator()
    average.load_state_dict(generator.state_dict())
    g_optimizer = torch.optim.Adam(generator.parameters(), lr=LEARNING_RATE, betas=BETAS, eps=1e-8)
    d_optimizer = torch.optim.Adam(discriminator.parameters(), lr=LEARNING_RATE, betas=BETAS, eps=1e-8)
    ones, zeros = torch.ones(BATCH, 1), torch.zeros(BATCH, 1)

    order, position = torch.randperm(len(images)), 0
    iterations, updates, trained = 0, 0, 0.0
    result = {"iterations": {}, "files": {}, "torch": torch.__version__}
    started = time.perf_counter()
    for checkpoint in checkpoints:
        while trained + (time.perf_counter() - started) < checkpoint:
            # The next batch without replacement, a fresh shuffle per epoch (BatchSampler).
            if position + BATCH > len(order):
                order, position = torch.cat([order[position:], torch.randperm(len(images))]), 0
            batch = order[position:position + BATCH]
            real, real_labels = images[batch], labels[batch]
            position += BATCH
            fake_labels = torch.randint(0, CLASSES, (BATCH,))
            fake = generator(torch.randn(BATCH, LATENT), fake_labels)
            # D-step on the real batch and the detached fakes, each with its digit.
            d_loss = F.binary_cross_entropy_with_logits(discriminator(real, real_labels), ones) + \
                F.binary_cross_entropy_with_logits(discriminator(fake.detach(), fake_labels), zeros)
            d_optimizer.zero_grad()
            d_loss.backward()
            d_optimizer.step()
            # G-step on the same fakes, judged by the updated D (non-saturating loss).
            g_loss = F.binary_cross_entropy_with_logits(discriminator(fake, fake_labels), ones)
            g_optimizer.zero_grad()
            g_loss.backward()
            g_optimizer.step()
            # The average of G's weights (ema.rs: the decay warms up as (1 + t) / (10 + t)).
            decay = min(EMA_DECAY, (1 + updates) / (10 + updates))
            with torch.no_grad():
                for a, w in zip(average.state_dict().values(), generator.state_dict().values()):
                    if a.dtype.is_floating_point:
                        a.mul_(decay).add_(w, alpha=1 - decay)
                    else:
                        a.copy_(w)
            updates += 1
            iterations += 1
        trained += time.perf_counter() - started
        average.eval()
        with torch.no_grad():
            drawn = average(noise, noise_labels).reshape(-1, PIXELS).numpy().astype("<f4")
        average.train()
        path = f"{args.out}-{int(checkpoint)}s.f32"
        drawn.tofile(path)
        key = str(int(checkpoint))
        result["iterations"][key] = iterations
        result["files"][key] = path
        started = time.perf_counter()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
