#!/usr/bin/python3
"""PyTorch twin of Microsoft.ML.AudioVisual's shared training loop for AVE-Net, for the throughput benchmark.

Like avc_train_step.py, but each step gathers its batch from rows held in memory (random indices, the
negatives' audio from other rows), standardises it, runs forward, backward and Adam, and counts the correct
decisions, as the library's loop does. Run with Debian's system python3 (python3-torch):
    /usr/bin/python3 avc_train_loop.py --arch small --batch 128 --threads 2 --steps 20
Prints one JSON line with pairs per second.
"""
import json
import torch
import torch.nn.functional as F
from peer_timing import median_step_seconds
from avc_train_step import setup

def main():
    a, model, opt, image, spec = setup()
    rows = 64
    images = torch.rand(rows, *image)
    spectrograms = torch.rand(rows, 1, *spec)
    mean_i, std_i = images.mean(), images.std()
    mean_a, std_a = spectrograms.mean(), spectrograms.std()
    model.train()

    def step():
        visual = torch.randint(0, rows, (a.batch,))
        labels = torch.randint(0, 2, (a.batch,))
        audio = torch.where(labels == 1, visual, (visual + torch.randint(1, rows, (a.batch,))) % rows)
        x = (images.index_select(0, visual) - mean_i) / std_i
        s = (spectrograms.index_select(0, audio) - mean_a) / std_a
        logits = model(x, s)
        loss = F.cross_entropy(logits, labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item(), logits.argmax(1).eq(labels).sum().item()

    median = median_step_seconds(step, a.warmup, a.steps)
    print(json.dumps({"impl": "pytorch", "torch": torch.__version__, "arch": a.arch, "batch": a.batch, "threads": a.threads,
                      "median_step_seconds": median, "pairs_per_second": a.batch / median}))

if __name__ == "__main__":
    main()
