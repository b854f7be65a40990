#!/usr/bin/env python3
"""Time torchaudio's MelSpectrogram as the baseline for the C# front-end benchmark.

Run with Debian's system interpreter, which has torch 1.13 and torchaudio 0.13.1:

    /usr/bin/python3 torchaudio_melspec.py --seconds 10 --repeats 50 --threads 1

Prints one JSON line, e.g.
    {"impl": "torchaudio", "seconds_of_audio_per_second": ..., "median_call_seconds": ..., ...}
"""
import argparse
import json
import statistics
import time

import torch
import torchaudio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the waveform in seconds")
    parser.add_argument("--repeats", type=int, default=50, help="number of timed calls")
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    parser.add_argument("--warmup", type=int, default=5, help="untimed calls before timing")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.seconds <= 0 or args.repeats < 1 or args.threads < 1:
        parser.error("--seconds must be > 0, --repeats and --threads >= 1")

    sample_rate = 16000
    torch.set_num_threads(args.threads)
    generator = torch.Generator().manual_seed(args.seed)
    samples = int(round(args.seconds * sample_rate))
    # Same kind of signal as the C# side: uniform noise in [-1, 1), float32.
    waveform = torch.rand(samples, generator=generator, dtype=torch.float32) * 2 - 1

    transform = torchaudio.transforms.MelSpectrogram(
        sample_rate=sample_rate, n_fft=400, hop_length=160, n_mels=64
    )
    with torch.inference_mode():
        for _ in range(args.warmup):
            transform(waveform)
        durations = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            transform(waveform)
            durations.append(time.perf_counter() - start)

    median = statistics.median(durations)
    print(
        json.dumps(
            {
                "impl": "torchaudio",
                "seconds_of_audio_per_second": args.seconds / median,
                "median_call_seconds": median,
                "audio_seconds": args.seconds,
                "repeats": args.repeats,
                "threads": args.threads,
                "torch": torch.__version__,
                "torchaudio": torchaudio.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
