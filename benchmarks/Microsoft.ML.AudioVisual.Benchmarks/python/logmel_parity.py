#!/usr/bin/python3
"""Compare `avl logmel` with torchaudio on recordings the unit tests never saw.

    /usr/bin/python3 logmel_parity.py --avl "dotnet src/Microsoft.ML.AudioVisual.Cli/bin/Release/net10.0/avl.dll" FILE.wav ...

For each WAV and each configuration, runs torchaudio (Debian's python3-torchaudio) and `avl logmel` and prints
the worst error: relative to the spectrogram maximum for power spectrograms, in dB above the floor for decibels.
Exits non-zero when a case misses the bar (1e-5 relative, 1e-3 dB).
"""
import argparse, json, os, shlex, subprocess, sys, tempfile
import numpy as np
import torch, torchaudio

CONFIGS = {
    "torchaudio_default": (dict(n_fft=400, hop_length=160, n_mels=64), ["--preset", "torchaudio", "--n-fft", "400", "--hop", "160", "--n-mels", "64"]),
    "librosa_like": (dict(n_fft=512, hop_length=128, n_mels=40, norm="slaney", mel_scale="slaney", pad_mode="constant"),
                     ["--preset", "librosa", "--n-fft", "512", "--hop", "128", "--n-mels", "40"]),
}

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--avl", required=True)
    p.add_argument("files", nargs="+")
    a = p.parse_args()
    worst, failures = {}, 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in a.files:
            waveform, sr = torchaudio.load(path)
            waveform = waveform.mean(0)
            for name, (kwargs, flags) in CONFIGS.items():
                mel = torchaudio.transforms.MelSpectrogram(sample_rate=sr, **kwargs)(waveform)
                db = torchaudio.transforms.AmplitudeToDB(stype="power", top_db=80)(mel)
                for to_db, expected in ((False, mel.numpy()), (True, db.numpy())):
                    out = os.path.join(tmp, "out.npy")
                    cmd = shlex.split(a.avl) + ["logmel", path, *flags, "--out", out] + (["--db"] if to_db else [])
                    subprocess.run(cmd, check=True, capture_output=True)
                    ours = np.load(out)
                    if ours.shape != expected.shape:
                        print(f"{path} {name} db={to_db}: shape {ours.shape} vs {expected.shape}"); failures += 1; continue
                    if to_db:
                        floor = expected.max() - 80 + 1e-3
                        mask = expected > floor
                        err = float(np.abs(ours - expected)[mask].max()) if mask.any() else 0.0
                        ok = err <= 1e-3
                    else:
                        err = float(np.abs(ours - expected).max() / max(expected.max(), 1e-30))
                        ok = err <= 1e-5
                    key = f"{name}{'_db' if to_db else ''}"
                    worst[key] = max(worst.get(key, 0.0), err)
                    if not ok:
                        failures += 1
                        print(f"MISS {path} {key}: {err:.3g}")
    print(json.dumps({"files": len(a.files), "worst_error": worst, "failures": failures}))
    sys.exit(1 if failures else 0)

if __name__ == "__main__":
    main()
