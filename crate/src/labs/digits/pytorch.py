#!/usr/bin/env python3
"""A digit GAN exported from GAN Playground: {{TITLE}}, at iteration {{STEP}}.

The networks, loss, optimisers and hyper-parameters below are the page's; both networks'
weights are in weights.safetensors beside this file. Continue where the page stopped:

    pip install torch safetensors numpy torchvision
    python run.py                               # 2,000 more iterations on MNIST, on the CPU
    python run.py --iterations 20000 --device cuda
    python run.py --idx train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz   # your own files

The page trains on 10,000 MNIST digits (or on the files you gave it); this script reads MNIST's
60,000 through torchvision, or the IDX files you name. The optimisers start afresh (the page's
Adam moments are not in the export). The weights are saved to weights-continued.safetensors at
the end.
"""

import argparse
import copy
import gzip
import pathlib

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import load_file, save_file
from torch import nn

HERE = pathlib.Path(__file__).resolve().parent
SIDE = 28
PIXELS = SIDE * SIDE

# ---- The run, as the page had it -------------------------------------------------------------
# {{SETTINGS}}


# ---- The networks (the page's burn modules, layer for layer) --------------------------------
class MlpGenerator(nn.Module):
    """Seed 003's G: Linear + ReLU blocks, then Linear + Tanh; a flat image in [−1, 1]."""

    def __init__(self, latent, hidden):
        super().__init__()
        widths = [latent, *hidden]
        self.blocks = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:]))
        self.output = nn.Linear(widths[-1], PIXELS)

    def forward(self, x):
        for block in self.blocks:
            x = F.relu(block(x))
        return torch.tanh(self.output(x))


class MlpDiscriminator(nn.Module):
    """Seed 003's D: Linear + LeakyReLU(0.2) + Dropout(0.3) blocks, then Linear: one logit."""

    def __init__(self, pixels, hidden, slope, dropout):
        super().__init__()
        widths = [pixels, *hidden]
        self.blocks = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:]))
        self.dropout = nn.Dropout(dropout)
        self.output = nn.Linear(widths[-1], 1)
        self.slope = slope

    def forward(self, x):
        for block in self.blocks:
            x = self.dropout(F.leaky_relu(block(x), self.slope))
        return self.output(x)


class ConditionalGenerator(nn.Module):
    """The MLP G fed [z | the label's learned embedding]."""

    def __init__(self, latent, hidden, classes):
        super().__init__()
        self.label_embedding = nn.Parameter(torch.randn(classes, classes))
        self.mlp = MlpGenerator(latent + classes, hidden)

    def forward(self, z, labels):
        return self.mlp(torch.cat([z, labels @ self.label_embedding], 1))


class ConditionalDiscriminator(nn.Module):
    """The MLP D fed [image | the label's learned embedding]."""

    def __init__(self, hidden, slope, dropout, classes):
        super().__init__()
        self.label_embedding = nn.Parameter(torch.randn(classes, classes))
        self.mlp = MlpDiscriminator(PIXELS + classes, hidden, slope, dropout)

    def forward(self, images, labels):
        return self.mlp(torch.cat([images, labels @ self.label_embedding], 1))


class DcganGenerator(nn.Module):
    """Linear → 7×7 maps → BatchNorm + ReLU → ConvT(4, 2, 1) + BatchNorm + ReLU → ConvT + Tanh."""

    def __init__(self, latent, base_channels, hidden_channels, classes):
        super().__init__()
        self.base_channels = base_channels
        self.linear = nn.Linear(latent + classes, base_channels * 7 * 7)
        self.norm_0 = nn.BatchNorm2d(base_channels)
        self.block_1 = nn.ConvTranspose2d(base_channels, hidden_channels, 4, 2, 1)
        self.norm_1 = nn.BatchNorm2d(hidden_channels)
        self.output = nn.ConvTranspose2d(hidden_channels, 1, 4, 2, 1)

    def forward(self, z, labels=None):
        x = z if labels is None else torch.cat([z, labels], 1)
        x = F.relu(self.norm_0(self.linear(x).view(-1, self.base_channels, 7, 7)))  # [n, 128, 7, 7]
        x = F.relu(self.norm_1(self.block_1(x)))  # [n, 64, 14, 14]
        return torch.tanh(self.output(x)).view(-1, PIXELS)  # [n, 784]


class DcganDiscriminator(nn.Module):
    """Conv(4, 2, 1) + LeakyReLU → Conv + BatchNorm + LeakyReLU → Linear; a projection of the label."""

    def __init__(self, channels_1, channels_2, slope, classes):
        super().__init__()
        self.conv_1 = nn.Conv2d(1, channels_1, 4, 2, 1)
        self.conv_2 = nn.Conv2d(channels_1, channels_2, 4, 2, 1)
        self.norm_2 = nn.BatchNorm2d(channels_2)
        self.output = nn.Linear(channels_2 * 7 * 7, 1)
        self.projection = nn.Linear(classes, channels_2 * 7 * 7, bias=False) if classes else None
        self.slope = slope

    def forward(self, images, labels=None):
        x = F.leaky_relu(self.conv_1(images.view(-1, 1, SIDE, SIDE)), self.slope)  # [n, 64, 14, 14]
        x = F.leaky_relu(self.norm_2(self.conv_2(x)), self.slope)  # [n, 128, 7, 7]
        features = x.flatten(1)  # [n, 6272]
        logits = self.output(features)
        if self.projection is not None and labels is not None:
            logits = logits + (self.projection(labels) * features).sum(1, keepdim=True)
        return logits


def build():
    """G, D, and (where the page keeps one) the moving average of G's weights that draws the views."""
    kind = NETWORKS["kind"]
    if kind == "mlp":
        generator = MlpGenerator(LATENT, NETWORKS["generator_hidden"])
        discriminator = MlpDiscriminator(PIXELS, NETWORKS["discriminator_hidden"], NETWORKS["slope"], NETWORKS["dropout"])
    elif kind == "conditional":
        generator = ConditionalGenerator(LATENT, NETWORKS["generator_hidden"], CLASSES)
        discriminator = ConditionalDiscriminator(NETWORKS["discriminator_hidden"], NETWORKS["slope"], NETWORKS["dropout"], CLASSES)
    else:
        generator = DcganGenerator(LATENT, NETWORKS["base_channels"], NETWORKS["hidden_channels"], CLASSES)
        discriminator = DcganDiscriminator(NETWORKS["channels_1"], NETWORKS["channels_2"], NETWORKS["slope"], CLASSES)
    average = copy.deepcopy(generator) if EMA_DECAY > 0 else None
    return generator, discriminator, average


def load_weights(generator, discriminator, average=None, path=HERE / "weights.safetensors"):
    """Loads the page's weights into the networks `build` made."""
    tensors = load_file(str(path))
    networks = [("generator.", generator), ("discriminator.", discriminator)]
    if average is not None:
        networks.append(("generator_average.", average))
    for prefix, network in networks:
        state = {k[len(prefix):]: v for k, v in tensors.items() if k.startswith(prefix)}
        missing, unexpected = network.load_state_dict(state, strict=False)
        # BatchNorm's batch counter is PyTorch's alone (momentum is fixed, so it is never read).
        missing = [k for k in missing if not k.endswith("num_batches_tracked")]
        if missing or unexpected:
            raise ValueError(f"{prefix} weights do not fit: missing {missing}, unexpected {unexpected}")


# ---- Data: images scaled to [−1, 1], labels one-hot -----------------------------------------
def read_idx(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as file:
        data = file.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_data(idx=None, root=HERE / "data"):
    if idx:
        images = read_idx(idx[0])
        labels = read_idx(idx[1]) if len(idx) > 1 else np.zeros(len(images), dtype=np.uint8)
    else:
        import torchvision  # noqa: PLC0415 (only for the download)

        dataset = torchvision.datasets.MNIST(str(root), train=True, download=True)
        images, labels = dataset.data.numpy(), dataset.targets.numpy()
    images = torch.from_numpy(images.reshape(-1, PIXELS).astype(np.float32) / 127.5 - 1)
    return images, torch.from_numpy(labels.astype(np.int64))


def one_hot(labels):
    return F.one_hot(labels, CLASSES).float() if CLASSES else None


def optimizer(parameters, config):
    kind = config["kind"]
    if kind == "adam":
        return torch.optim.Adam(parameters, lr=config["lr"], betas=config["betas"], eps=1e-8)
    if kind == "rmsprop":
        return torch.optim.RMSprop(parameters, lr=config["lr"], alpha=0.99, eps=1e-8, momentum=config["momentum"])
    return torch.optim.SGD(parameters, lr=config["lr"], momentum=config["momentum"])


# ---- Training (the page's loop: a D-step, then a G-step on the same fakes) --------------------
def train(generator, discriminator, average, images, labels, iterations, device="cpu", log_every=200):
    """Runs `iterations` iterations as the page does; returns the last (D loss, G loss)."""
    generator.to(device).train()
    discriminator.to(device).train()
    if average is not None:
        average.to(device).eval()
    images, labels = images.to(device), labels.to(device)

    g_optimizer, d_optimizer = optimizer(generator.parameters(), G_OPTIMIZER), optimizer(discriminator.parameters(), D_OPTIMIZER)
    bce = F.binary_cross_entropy_with_logits
    d_loss = g_loss = torch.tensor(float("nan"))
    for iteration in range(1, iterations + 1):
        fake_labels = one_hot(torch.randint(10, (BATCH,), device=device))
        fake = generator(torch.randn(BATCH, LATENT, device=device), *([fake_labels] if CLASSES else []))
        chosen = torch.randint(len(images), (BATCH,), device=device)
        real, real_labels = images[chosen], one_hot(labels[chosen])
        extra_real, extra_fake = ([real_labels], [fake_labels]) if CLASSES else ([], [])
        real_logits = discriminator(real, *extra_real)
        fake_logits = discriminator(fake.detach(), *extra_fake)
        d_loss = bce(real_logits, torch.ones_like(real_logits)) + bce(fake_logits, torch.zeros_like(fake_logits))
        d_optimizer.zero_grad()
        d_loss.backward()
        d_optimizer.step()
        judged = discriminator(fake, *extra_fake)
        g_loss = bce(judged, torch.ones_like(judged))
        g_optimizer.zero_grad()
        g_loss.backward()
        g_optimizer.step()
        if average is not None:
            update_average(average, generator, STEP + iteration - 1)
        if log_every and iteration % log_every == 0:
            print(f"iteration {STEP + iteration}: D loss {d_loss.item():.4f}, G loss {g_loss.item():.4f}")
    return d_loss.item(), g_loss.item()


@torch.no_grad()
def update_average(average, generator, updates):
    """The page's moving average of G's weights; its decay warms up as (1 + t) / (10 + t)."""
    decay = min(EMA_DECAY, (1 + updates) / (10 + updates))
    for mean, weight in zip(average.parameters(), generator.parameters()):
        mean.mul_(decay).add_(weight, alpha=1 - decay)
    for mean, buffer in zip(average.buffers(), generator.buffers()):
        mean.copy_(buffer)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--iterations", type=int, default=2_000)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--log-every", type=int, default=200)
    parser.add_argument("--idx", nargs="+", metavar="FILE", help="IDX images file [and labels file] instead of MNIST")
    args = parser.parse_args()
    generator, discriminator, average = build()
    load_weights(generator, discriminator, average)
    images, labels = load_data(args.idx)
    train(generator, discriminator, average, images, labels, args.iterations, args.device, args.log_every)
    state = {f"generator.{k}": v for k, v in generator.state_dict().items()}
    state |= {f"discriminator.{k}": v for k, v in discriminator.state_dict().items()}
    if average is not None:
        state |= {f"generator_average.{k}": v for k, v in average.state_dict().items()}
    save_file({k: v.detach().cpu().contiguous() for k, v in state.items()}, str(HERE / "weights-continued.safetensors"))
    print("saved", HERE / "weights-continued.safetensors")


if __name__ == "__main__":
    main()
