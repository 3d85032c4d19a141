#!/usr/bin/env python3
"""A GAN exported from GAN Playground: {{TITLE}}, at iteration {{STEP}}.

The networks, losses, optimisers and hyper-parameters below are the page's; both networks'
weights are in weights.safetensors beside this file, and so are the real samples the page trained
on (drawn from its target by the page). Continue where the page stopped:

    pip install torch safetensors numpy
    python run.py                              # 10,000 more iterations on the CPU
    python run.py --iterations 50000 --device cuda

The optimisers start afresh (the page's Adam moments are not in the export), so the first few
hundred iterations may wobble. The weights are saved to weights-continued.safetensors at the end.
"""

import argparse
import pathlib

import torch
import torch.nn.functional as F
from safetensors.torch import load_file, save_file
from torch import nn

HERE = pathlib.Path(__file__).resolve().parent

# ---- The run, as the page had it -------------------------------------------------------------
# {{SETTINGS}}


# ---- The networks (the page's burn modules, layer for layer) --------------------------------
class Mlp(nn.Module):
    """Linear layers with an activation after every hidden one (and after the last, if asked)."""

    def __init__(self, widths, activation, activate_output):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:]))
        self.activation = activation
        self.activate_output = activate_output

    def act(self, x):
        kind, slope = self.activation
        if kind == "leaky_relu":
            return F.leaky_relu(x, slope)
        if kind == "relu":
            return F.relu(x)
        return torch.tanh(x)

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i + 1 < len(self.layers) or self.activate_output:
                x = self.act(x)
        return x


def build():
    """G (z → a sample) and D (PACK samples side by side → a logit, or a critic's score)."""
    generator = Mlp(GENERATOR["widths"], GENERATOR["activation"], GENERATOR["activate_output"])
    discriminator = Mlp(DISCRIMINATOR["widths"], DISCRIMINATOR["activation"], DISCRIMINATOR["activate_output"])
    return generator, discriminator


def load_weights(generator, discriminator, path=HERE / "weights.safetensors"):
    """Loads the page's weights; returns the real samples it trained on, `[n, WIDTH]`."""
    tensors = load_file(str(path))
    for prefix, network in (("generator.", generator), ("discriminator.", discriminator)):
        network.load_state_dict({k[len(prefix):]: v for k, v in tensors.items() if k.startswith(prefix)})
    return tensors["real_samples"]


# ---- Losses (on D's raw outputs; BCE through log-sigmoid, never log 0) ------------------------
def noise(n, device):
    kind, a, b = NOISE
    if kind == "uniform":
        return torch.rand(n, LATENT, device=device) * (b - a) + a
    return torch.randn(n, LATENT, device=device) * b + a


def packed(samples):
    """`[n, WIDTH]` → `[n / PACK, WIDTH · PACK]`: each row one pack for D (PacGAN)."""
    return samples.reshape(samples.shape[0] // PACK, WIDTH * PACK)


def discriminator_loss(real, fake):
    if LOSS in ("non-saturating", "minimax"):
        real_term = -F.logsigmoid(real).mean() * (1 - LABEL_SMOOTHING) - F.logsigmoid(-real).mean() * LABEL_SMOOTHING
        total = real_term - F.logsigmoid(-fake).mean()
    elif LOSS == "least-squares":
        total = 0.5 * ((real - (1 - LABEL_SMOOTHING)) ** 2).mean() + 0.5 * (fake**2).mean()
    else:  # wgan-gp: the critic's estimate of −W₁ (the penalty is added by the step)
        total = fake.mean() - real.mean()
    return 0.5 * total if D_LOSS_MEAN else total


def generator_loss(fake):
    if LOSS == "minimax":
        return F.logsigmoid(-fake).mean()  # E[log(1 − D(G(z)))], saturates
    if LOSS == "non-saturating":
        return -F.logsigmoid(fake).mean()  # −E[log D(G(z))]
    if LOSS == "least-squares":
        return 0.5 * ((fake - 1) ** 2).mean()
    return -fake.mean()


def gradient_penalty(discriminator, between):
    """λ·E[max(0, |∂D/∂x| − 1)²] at points between real and fake packs (one-sided, as the page)."""
    between.requires_grad_(True)
    (slope,) = torch.autograd.grad(discriminator(between).sum(), between, create_graph=True)
    size = slope if slope.shape[1] == 1 else (slope.pow(2).sum(1, keepdim=True) + 1e-12).sqrt()
    return PENALTY * (size.abs() - 1).clamp(min=0).pow(2).mean()


def optimizer(parameters, config):
    kind = config["kind"]
    if kind == "adam":
        return torch.optim.Adam(parameters, lr=config["lr"], betas=config["betas"], eps=1e-8)
    if kind == "rmsprop":
        return torch.optim.RMSprop(parameters, lr=config["lr"], alpha=0.99, eps=1e-8, momentum=config["momentum"])
    return torch.optim.SGD(parameters, lr=config["lr"], momentum=config["momentum"])


# ---- Training (the page's loop) --------------------------------------------------------------
def train(generator, discriminator, real_samples, iterations, device="cpu", log_every=1000):
    """Runs `iterations` iterations as the page does; returns the last (D loss, G loss)."""
    generator.to(device).train()
    discriminator.to(device).train()
    real_samples = real_samples.to(device)
    g_optimizer = optimizer(generator.parameters(), G_OPTIMIZER)
    d_optimizer = optimizer(discriminator.parameters(), D_OPTIMIZER)
    packs = BATCH // PACK

    def d_step(fake):
        real = real_samples[torch.randint(len(real_samples), (BATCH,), device=device)]
        out = discriminator(torch.cat([packed(real), packed(fake)]))
        loss = discriminator_loss(out[:packs], out[packs:])
        if LOSS == "wgan-gp":
            mix = torch.rand(BATCH, 1, device=device)
            loss = loss + gradient_penalty(discriminator, packed(real * mix + fake * (1 - mix)))
        d_optimizer.zero_grad()
        loss.backward()
        d_optimizer.step()
        return loss.item()

    def g_step():
        fake = generator(noise(BATCH, device))
        loss = generator_loss(discriminator(packed(fake)))
        g_optimizer.zero_grad()
        loss.backward()
        g_optimizer.step()
        return loss.item(), fake.detach()

    d_loss = g_loss = float("nan")
    for iteration in range(1, iterations + 1):
        if ORDER == "discriminator-first":
            for _ in range(D_STEPS):
                with torch.no_grad():
                    fake = generator(noise(BATCH, device))
                d_loss = d_step(fake)
            g_loss, _ = g_step()
        else:  # seed 001: one G-step, then one D-step on the same fakes
            g_loss, fake = g_step()
            d_loss = d_step(fake)
        if log_every and iteration % log_every == 0:
            print(f"iteration {STEP + iteration}: D loss {d_loss:.4f}, G loss {g_loss:.4f}")
    return d_loss, g_loss


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--log-every", type=int, default=1000)
    args = parser.parse_args()
    generator, discriminator = build()
    real_samples = load_weights(generator, discriminator)
    train(generator, discriminator, real_samples, args.iterations, args.device, args.log_every)
    state = {f"generator.{k}": v for k, v in generator.state_dict().items()}
    state |= {f"discriminator.{k}": v for k, v in discriminator.state_dict().items()}
    state["real_samples"] = real_samples
    save_file({k: v.detach().cpu().contiguous() for k, v in state.items()}, str(HERE / "weights-continued.safetensors"))
    print("saved", HERE / "weights-continued.safetensors")


if __name__ == "__main__":
    main()
