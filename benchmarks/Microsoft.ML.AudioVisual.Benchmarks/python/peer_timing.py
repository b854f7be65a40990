"""Step timing shared by the PyTorch peers of the training benchmarks."""
import time


def median_step_seconds(step, warmup, steps):
    """Runs step() warmup times untimed, then steps times; returns the median duration in seconds."""
    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2]
