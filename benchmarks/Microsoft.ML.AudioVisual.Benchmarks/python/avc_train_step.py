#!/usr/bin/python3
"""PyTorch twin of Microsoft.ML.AudioVisual's AVE-Net training step, for the throughput benchmark.

Run with Debian's system python3 (python3-torch), not a pyenv interpreter:
    /usr/bin/python3 avc_train_step.py --arch small --batch 128 --threads 2 --steps 20
Prints one JSON line with pairs per second. The network, shapes, loss and optimizer mirror
src/Microsoft.ML.AudioVisual.TorchSharp/Models (ConvTower, AveNet) and CorrespondenceTrainer.
"""
import argparse, json
import torch
import torch.nn as nn
import torch.nn.functional as F
from peer_timing import median_step_seconds

ARCHS = {
    # widths, convs per block, hidden FC, image shape, spectrogram shape
    "small": ([16, 32, 64, 128], 1, None, (1, 28, 28), (40, 101)),
    "paper": ([64, 128, 256, 512], 2, 128, (3, 224, 224), (257, 199)),
}

def tower(in_ch, widths, convs):
    layers, ch = [], in_ch
    for w in widths:
        for _ in range(convs):
            layers += [nn.Conv2d(ch, w, 3, padding=1, bias=False), nn.BatchNorm2d(w), nn.ReLU()]
            ch = w
        layers.append(nn.MaxPool2d(2))
    return nn.Sequential(*layers)

def head(inp, emb, hidden):
    return nn.Sequential(nn.Linear(inp, hidden), nn.ReLU(), nn.Linear(hidden, emb)) if hidden else nn.Linear(inp, emb)

class AveNet(nn.Module):
    def __init__(self, channels, widths, convs, hidden, emb=128):
        super().__init__()
        self.visual, self.audio = tower(channels, widths, convs), tower(1, widths, convs)
        self.vhead, self.ahead = head(widths[-1], emb, hidden), head(widths[-1], emb, hidden)
        self.distance_head = nn.Linear(1, 2)

    def forward(self, images, spectrograms):
        v = F.normalize(self.vhead(self.visual(images).amax((2, 3))), dim=1)
        a = F.normalize(self.ahead(self.audio(spectrograms).amax((2, 3))), dim=1)
        d = (v - a).pow(2).sum(1, keepdim=True).add(1e-12).sqrt()
        return self.distance_head(d)

def setup():
    """Arguments, a seeded AVE-Net of the chosen size and its Adam optimiser (shared with avc_train_loop.py)."""
    p = argparse.ArgumentParser()
    p.add_argument("--arch", choices=ARCHS, default="small")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    widths, convs, hidden, image, spec = ARCHS[a.arch]
    model = AveNet(image[0], widths, convs, hidden)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
    return a, model, opt, image, spec

def main():
    a, model, opt, image, spec = setup()
    images = torch.randn(a.batch, *image)
    spectrograms = torch.randn(a.batch, 1, *spec)
    labels = torch.randint(0, 2, (a.batch,))
    model.train()

    def step():
        logits = model(images, spectrograms)
        loss = F.cross_entropy(logits, labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    median = median_step_seconds(step, a.warmup, a.steps)
    print(json.dumps({"impl": "pytorch", "torch": torch.__version__, "arch": a.arch, "batch": a.batch,
                      "threads": a.threads, "median_step_seconds": median, "pairs_per_second": a.batch / median,
                      "parameters": sum(p.numel() for p in model.parameters())}))

if __name__ == "__main__":
    main()
