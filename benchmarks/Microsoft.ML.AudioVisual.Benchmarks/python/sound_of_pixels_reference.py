#!/usr/bin/python3
"""Reference outputs of the official Sound of Pixels (PixelPlayer) networks and inference-time preprocessing.

    /usr/bin/python3 sound_of_pixels_reference.py OUT_DIR [--part networks|preprocessing|all] [--batch 1] [--seed 1234]

The networks mirror the official code (hangzhaomit/Sound-of-Pixels: Unet(fc_dim=32, num_downs=7, ngf=64) with its
in-place LeakyReLU skip quirk, ResnetDilated(resnet18, dilate_scale=16, 3x3 fc) with max pooling over frames and space,
InnerProd), are written from scratch here, initialised with a seed as the official ModelBuilder does (conv N(0, 1e-3),
BatchNorm N(1, 0.02) / 0 for the sound net and synthesizer; torchvision defaults for the ResNet), and saved per network
with torch.save(net.state_dict()) as the official training does. Two deviations from a freshly built network make the
parity test meaningful, and are documented in the outputs: BatchNorm running statistics are set from one training-mode
pass (a fresh network's are 0 / 1), and the synthesizer's scale is drawn N(0, 20) instead of ones, so that masks span (0, 1).
The frame net is saved in the legacy (pre-1.6, non-zip) torch.save format, as checkpoints of 2018 are; the others in
the zip format.

Preprocessing: a 65535-sample waveform at 11025 Hz through torch.stft(1022, 256, periodic Hann, centred, reflect
padding; librosa 0.7's defaults), magnitude + 1e-10, grid_sample with the official warpgrid (numpy float64 grid cast
to float32, align_corners=True: PyTorch 0.4 semantics), log; the un-warp of a mask to 512 linear bins with the inverse
grid; and images through PIL bicubic resizing (shorter side to 224, skipped when it already is 224), centre crop,
/255 and ImageNet normalisation (torchvision transforms).

Writes .npy files and the three .pth files into OUT_DIR and prints one JSON line (shapes, parameter counts, timings).
"""
import argparse, json, os, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
import torchvision.transforms.functional as TF
from PIL import Image

FC_DIM, NGF, DOWNS, FRAMES, IMG, BINS, T = 32, 64, 7, 3, 224, 256, 256
PIXELS = [0, 17, 100, 195]  # pixel indices of the 14 x 14 map whose masks are written


# ----------------------------------------------------------------------------------------------- sound net
class Level(nn.Module):
    """One level of the official recursive U-Net (its module list order decides the state-dict names)."""

    def __init__(self, outer, inner, inp=None, sub=None, outermost=False, innermost=False):
        super().__init__()
        self.outermost = outermost
        inp = outer if inp is None else inp
        inner_out = inner if innermost else 2 * inner
        down_conv = nn.Conv2d(inp, inner, kernel_size=4, stride=2, padding=1, bias=False)
        up = nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)
        if outermost:
            layers = [down_conv, sub, nn.ReLU(True), up, nn.Conv2d(inner_out, outer, kernel_size=3, padding=1)]
        elif innermost:
            layers = [nn.LeakyReLU(0.2, True), down_conv, nn.ReLU(True), up,
                      nn.Conv2d(inner_out, outer, kernel_size=3, padding=1, bias=False), nn.BatchNorm2d(outer)]
        else:
            layers = [nn.LeakyReLU(0.2, True), down_conv, nn.BatchNorm2d(inner), sub, nn.ReLU(True), up,
                      nn.Conv2d(inner_out, outer, kernel_size=3, padding=1, bias=False), nn.BatchNorm2d(outer)]
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        if self.outermost:
            return self.model(x)
        # As in the official code: the in-place LeakyReLU at the start of self.model rewrites x before the concatenation.
        return torch.cat([x, self.model(x)], 1)


class SoundNet(nn.Module):
    def __init__(self, fc_dim=FC_DIM, downs=DOWNS, ngf=NGF):
        super().__init__()
        block = Level(ngf * 8, ngf * 8, innermost=True)
        for _ in range(downs - 5):
            block = Level(ngf * 8, ngf * 8, sub=block)
        block = Level(ngf * 4, ngf * 8, sub=block)
        block = Level(ngf * 2, ngf * 4, sub=block)
        block = Level(ngf, ngf * 2, sub=block)
        block = Level(fc_dim, ngf, inp=1, sub=block, outermost=True)
        self.bn0 = nn.BatchNorm2d(1)
        self.unet_block = block

    def forward(self, x):
        return self.unet_block(self.bn0(x))


# ----------------------------------------------------------------------------------------------- frame net
def remove_stride_dilate(module, dilate):
    if isinstance(module, nn.Conv2d):
        if module.stride == (2, 2):
            module.stride = (1, 1)
            if module.kernel_size == (3, 3):
                module.dilation, module.padding = (dilate // 2,) * 2, (dilate // 2,) * 2
        elif module.kernel_size == (3, 3):
            module.dilation, module.padding = (dilate,) * 2, (dilate,) * 2


class FrameNet(nn.Module):
    """ResNet-18 without its head, layer4 dilated (output stride 16), then a 3x3 conv to fc_dim channels."""

    def __init__(self, fc_dim=FC_DIM):
        super().__init__()
        resnet = torchvision.models.resnet18()
        resnet.layer4.apply(lambda m: remove_stride_dilate(m, 2))
        self.features = nn.Sequential(*list(resnet.children())[:-2])
        self.fc = nn.Conv2d(512, fc_dim, kernel_size=3, padding=1)

    def forward_multiframe(self, x, pool=True):
        b, c, t, h, w = x.size()
        x = x.permute(0, 2, 1, 3, 4).reshape(b * t, c, h, w)
        x = self.fc(self.features(x))
        _, c, h, w = x.size()
        x = x.view(b, t, c, h, w).permute(0, 2, 1, 3, 4)
        if not pool:
            return x
        return F.adaptive_max_pool3d(x, 1).view(b, c)


# ----------------------------------------------------------------------------------------------- synthesizer
class Synthesizer(nn.Module):
    def __init__(self, fc_dim=FC_DIM):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(fc_dim))
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(self, img, sound):
        b, c = sound.shape[:2]
        z = torch.bmm((img.view(b, 1, c) * self.scale), sound.view(b, c, -1))
        return z.view(b, 1, *sound.shape[2:]) + self.bias

    def forward_pixelwise(self, imgs, sound):
        b, c, hi, wi = imgs.size()
        _, _, hs, ws = sound.size()
        z = torch.bmm(imgs.view(b, c, hi * wi).transpose(1, 2) * self.scale, sound.view(b, c, hs * ws))
        return z.view(b, hi, wi, hs, ws) + self.bias


def official_init(m):
    name = m.__class__.__name__
    if name.find('Conv') != -1:
        m.weight.data.normal_(0.0, 0.001)
    elif name.find('BatchNorm') != -1:
        m.weight.data.normal_(1.0, 0.02)
        m.bias.data.fill_(0)


def warpgrid(bs, rows, cols, warp):
    """The official grid (numpy float64, cast to float32)."""
    x, y = np.linspace(-1, 1, cols), np.linspace(-1, 1, rows)
    xv, yv = np.meshgrid(x, y)
    grid = np.zeros((bs, rows, cols, 2))
    grid[..., 0] = xv
    grid[..., 1] = (np.power(21, (yv + 1) / 2) - 11) / 10 if warp else np.log(yv * 10 + 11) / np.log(21) * 2 - 1
    return torch.from_numpy(grid.astype(np.float32))


def settle_batch_norm(net, *inputs, forward=None):
    """Running statistics from one training-mode pass (momentum None: the cumulative average of that one batch)."""
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.momentum = None
    net.train()
    with torch.no_grad():
        (forward or net)(*inputs)
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.momentum = 0.1
    net.eval()


def count(net):
    return sum(p.numel() for p in net.parameters())


def save(out, name, array):
    np.save(os.path.join(out, name + ".npy"), np.ascontiguousarray(array))


def networks(out, batch, seed, info):
    torch.manual_seed(seed)
    sound, frame, synth = SoundNet(), FrameNet(), Synthesizer()
    sound.apply(official_init)
    synth.apply(official_init)
    with torch.no_grad():
        synth.scale.normal_(0.0, 20.0)
        synth.bias.fill_(0.1)

    log_mag = torch.randn(batch, 1, BINS, T) * 2.0 - 3.0
    frames = torch.randn(batch, FRAMES, 3, IMG, IMG)  # our layout [B, T, 3, H, W]
    official_frames = frames.permute(0, 2, 1, 3, 4).contiguous()  # theirs [B, 3, T, H, W]
    settle_batch_norm(sound, log_mag)
    settle_batch_norm(frame, official_frames, forward=frame.forward_multiframe)

    torch.save(sound.state_dict(), os.path.join(out, "sound_best.pth"))
    torch.save(frame.state_dict(), os.path.join(out, "frame_best.pth"), _use_new_zipfile_serialization=False)
    torch.save(synth.state_dict(), os.path.join(out, "synthesizer_best.pth"))

    with torch.no_grad():
        start = time.perf_counter()
        feat_sound = sound(log_mag)
        info["sound_seconds"] = time.perf_counter() - start
        start = time.perf_counter()
        feat_frames = torch.sigmoid(frame.forward_multiframe(official_frames))
        info["frame_seconds"] = time.perf_counter() - start
        logits = synth(feat_frames, feat_sound)
        pred_mask = torch.sigmoid(logits)
        frame_map = torch.sigmoid(frame.forward_multiframe(official_frames, pool=False).max(2)[0])
        pixel = synth.forward_pixelwise(frame_map, feat_sound)
        b, hi, wi, hs, ws = pixel.shape
        pixel = pixel.view(b, hi * wi, hs, ws)[:, PIXELS]
        mask_linear = F.grid_sample(pred_mask, warpgrid(batch, 512, T, warp=False), align_corners=True)

    for name, value in [("log_mag", log_mag), ("frames", frames), ("feat_sound", feat_sound), ("feat_frames", feat_frames),
                        ("mask_logits", logits), ("pred_mask", pred_mask), ("frame_map", frame_map),
                        ("pixel_logits", pixel), ("mask_linear", mask_linear)]:
        save(out, name, value.numpy())
    save(out, "pixel_index", np.array(PIXELS, dtype=np.int64))
    info.update(sound_parameters=count(sound), frame_parameters=count(frame), synthesizer_parameters=count(synth),
                frame_map_shape=list(frame_map.shape))


def image_pipeline(image):
    """torchvision's eval transform of the official dataset: Resize(224, BICUBIC), CenterCrop(224), ToTensor, Normalize."""
    pil = Image.fromarray(image)
    if min(pil.size) != IMG:
        pil = TF.resize(pil, IMG, interpolation=TF.InterpolationMode.BICUBIC)
    pil = TF.center_crop(pil, IMG)
    return TF.normalize(TF.to_tensor(pil), [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]).numpy()


def preprocessing(out, seed, info):
    rng = np.random.default_rng(seed)
    n, rate = 65535, 11025
    t = np.arange(n) / rate
    wave = (0.4 * np.sin(2 * np.pi * (200 * t + 900 * t * t)) + 0.05 * rng.standard_normal(n)).astype(np.float32)
    spec = torch.stft(torch.from_numpy(wave), n_fft=1022, hop_length=256, window=torch.hann_window(1022), center=True,
                      pad_mode='reflect', return_complex=True)
    mag = spec.abs()[None, None] + 1e-10
    warped = F.grid_sample(mag, warpgrid(1, BINS, mag.shape[3], warp=True), align_corners=True)
    save(out, "waveform", wave)
    save(out, "linear_magnitude", spec.abs().numpy())
    save(out, "log_warped", torch.log(warped)[0, 0].numpy())
    # The un-warp of a smooth random mask (values in (0, 1)) to the 512 linear bins.
    mask = torch.sigmoid(torch.from_numpy(rng.standard_normal((1, 1, BINS, T)).astype(np.float32)))
    save(out, "unwarp_input", mask[0, 0].numpy())
    save(out, "unwarp_output", F.grid_sample(mask, warpgrid(1, 512, T, warp=False), align_corners=True)[0, 0].numpy())

    for name, (h, w) in [("image_landscape", (300, 401)), ("image_portrait", (257, 224)), ("image_small", (120, 90))]:
        image = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
        # Smooth structure on top of the noise, so that interpolation errors would show.
        yy, xx = np.mgrid[0:h, 0:w]
        image = np.clip(image // 2 + (64 + 63 * np.sin(xx / 7.0) * np.cos(yy / 5.0))[..., None], 0, 255).astype(np.uint8)
        save(out, name, image)
        save(out, name + "_normalised", image_pipeline(image))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--part", choices=["networks", "preprocessing", "all"], default="all")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--seed", type=int, default=1234)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    torch.set_num_threads(int(os.environ.get("REFERENCE_THREADS", "2")))
    info = {"torch": torch.__version__, "torchvision": torchvision.__version__, "batch": a.batch, "seed": a.seed}
    if a.part in ("networks", "all"):
        networks(a.out, a.batch, a.seed, info)
    if a.part in ("preprocessing", "all"):
        preprocessing(a.out, a.seed, info)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
