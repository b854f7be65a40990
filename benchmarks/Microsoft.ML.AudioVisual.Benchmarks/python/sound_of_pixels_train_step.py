#!/usr/bin/python3
"""PyTorch twin of MixAndSeparate's training step (Small preset), for the separation training benchmark.

Run with Debian's system python3 (python3-torch), not a pyenv interpreter:
    /usr/bin/python3 sound_of_pixels_train_step.py --batch 16 --sources 2 --threads 2 --steps 20
Prints one JSON line with mixtures per second. Mirrors src/Microsoft.ML.AudioVisual.TorchSharp/Separation
(SoundUNet with SeparationArchitecture.Small: 5 levels, K = 16, base width and decoder up-sampling as passed by
--width and --upsampling (bilinear + 3x3 convolution, or 4x4 stride-2 transposed convolution); SmallFrameNet over a
[16, 32, 64, 128] tower; InnerProductSynthesizer) and MixAndSeparateTask's step: one sound-net pass per mixture, one frame-net pass per
source image (grey MNIST expanded to 3 channels), one mask per source, BCE on the logits weighted per bin, Adam.
"""
import argparse, json
import torch
import torch.nn as nn
import torch.nn.functional as F
from peer_timing import median_step_seconds

DOWNS, K = 5, 16


class UNet(nn.Module):
    def __init__(self, width, transposed):
        super().__init__()
        self.transposed = transposed

        def level_width(level):
            return width << min(level, 3)

        self.input_norm = nn.BatchNorm2d(1)
        self.down = nn.ModuleList()
        self.down_norm = nn.ModuleList()
        for level in range(DOWNS):
            inp = 1 if level == 0 else level_width(level - 1)
            self.down.append(nn.Conv2d(inp, level_width(level), 4, 2, 1, bias=False))
            self.down_norm.append(nn.BatchNorm2d(level_width(level)) if 0 < level < DOWNS - 1 else nn.Identity())
        self.up = nn.ModuleList()
        self.up_norm = nn.ModuleList()
        for level in range(DOWNS):
            out = K if level == 0 else level_width(level - 1)
            inp = level_width(level) if level == DOWNS - 1 else 2 * level_width(level)
            self.up.append(nn.ConvTranspose2d(inp, out, 4, 2, 1, bias=level == 0) if transposed
                           else nn.Conv2d(inp, out, 3, padding=1, bias=level == 0))
            self.up_norm.append(nn.Identity() if level == 0 else nn.BatchNorm2d(out))

    def forward(self, x):
        x = self.input_norm(x)
        skips = []
        for level in range(DOWNS - 1):
            x = F.leaky_relu(self.down_norm[level](self.down[level](x)), 0.2)
            skips.append(x)

        def up(level, y):
            y = F.relu(y)
            if not self.transposed:
                y = F.interpolate(y, scale_factor=2, mode="bilinear", align_corners=True)
            return self.up_norm[level](self.up[level](y))

        y = up(DOWNS - 1, self.down[DOWNS - 1](x))
        for level in range(DOWNS - 2, -1, -1):
            y = up(level, torch.cat([skips[level], y], 1))
        return y


class FrameNet(nn.Module):
    def __init__(self):
        super().__init__()
        layers, ch = [], 3
        widths = [16, 32, 64, 128]
        for i, w in enumerate(widths):
            layers += [nn.Conv2d(ch, w, 3, padding=1, bias=False), nn.BatchNorm2d(w), nn.ReLU()]
            if i < len(widths) - 1:
                layers.append(nn.MaxPool2d(2))
            ch = w
        self.tower = nn.Sequential(*layers)
        self.projection = nn.Conv2d(128, K, 3, padding=1)

    def forward(self, images):
        return torch.sigmoid(self.projection(self.tower(images)).amax((2, 3)))


class Separator(nn.Module):
    def __init__(self, width, transposed):
        super().__init__()
        self.sound, self.frame = UNet(width, transposed), FrameNet()
        self.scale, self.bias = nn.Parameter(torch.ones(K)), nn.Parameter(torch.zeros(1))

    def forward(self, log_mixture, images, sources):
        b = log_mixture.shape[0]
        sound = self.sound(log_mixture)  # [B, K, F, T]
        visual = self.frame(images).reshape(b, sources, K) * self.scale  # [B, N, K]
        return torch.matmul(visual, sound.reshape(b, K, -1)).reshape(b, sources, *sound.shape[2:]) + self.bias


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--sources", type=int, default=2)
    p.add_argument("--bins", type=int, default=128)
    p.add_argument("--frames", type=int, default=32)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--width", type=int, default=16)
    p.add_argument("--upsampling", choices=["bilinear", "transposed"], default="bilinear")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = Separator(a.width, a.upsampling == "transposed")
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    log_mixture = torch.randn(a.batch, 1, a.bins, a.frames)
    images = torch.randn(a.batch * a.sources, 3, 28, 28)
    targets = torch.randint(0, 2, (a.batch, a.sources, a.bins, a.frames)).float()
    weight = torch.rand(a.batch, 1, a.bins, a.frames)
    model.train()

    def step():
        logits = model(log_mixture, images, a.sources)
        loss = (F.binary_cross_entropy_with_logits(logits, targets, reduction="none") * weight).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    median = median_step_seconds(step, a.warmup, a.steps)
    print(json.dumps({"impl": "pytorch", "torch": torch.__version__, "batch": a.batch, "sources": a.sources,
                      "threads": a.threads, "median_step_seconds": median, "mixtures_per_second": a.batch / median,
                      "parameters": sum(p.numel() for p in model.parameters())}))


if __name__ == "__main__":
    main()
