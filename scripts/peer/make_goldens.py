#!/usr/bin/python3
"""Regenerates the peer golden files that tests/Saliency.Torch.Tests/Methods/PeerGoldenTests.cs compares against.

Every golden is one library's own output (Captum 0.7.0 or pytorch-grad-cam 1.5.5, vendored unchanged in
../shared/peer/vendor) for the demo image and weights in ../shared/peer/demo. For each case this writes

  <case>.npy      the raw map, reduced over the 3 input channels by summing (what the project's methods return),
                  256 x 256, C-order little-endian float32
  goldens.json    per case: library, the exact call and settings, the project variant that must reproduce it, the
                  target, the map's statistics, and the study's scores (distance and energy pointing game) under
                  the six normalisations, computed with peer.py's own normalisation and scoring code; plus the
                  versions of Python, torch, numpy, scipy, OpenCV, Captum and pytorch-grad-cam, and SHA-256 of the
                  inputs.

CAM maps are stored as pytorch-grad-cam returns them (min-max scaled at the layer's resolution, then resized with
cv2); the tests min-max scale both maps before comparing them (the study's normalisations are invariant to it).

Run with Debian's interpreter (python3-torch 1.13; `bash ../shared/peer/setup.sh` installs it), from anywhere:

  /usr/bin/python3 scripts/peer/make_goldens.py [--peer ../shared/peer] [--out tests/Saliency.Torch.Tests/Golden/peer]

It needs no network and takes about four minutes on two cores (ScoreCAM is most of it). Only regenerating the
goldens needs Python; the tests do not.
"""
import argparse
import hashlib
import importlib.util
import json
import os
import sys
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_OUT = os.path.join(ROOT, "tests", "Saliency.Torch.Tests", "Golden", "peer")
DEFAULT_PEER = os.environ.get("SALIENCY_PEER") or os.path.join(ROOT, "..", "shared", "peer")

SEED0 = "resnet18_seed0.pt"
RANDBN = "resnet18_seed1_randbn.pt"

# (case, weights file, peer.py method spec, project variant, what the library computes)
CASES = [
    ("vanillagrad", SEED0, "saliency", "VanillaGrad",
     "captum.attr.Saliency(model).attribute(x, target, abs=False)"),
    ("smoothgrad_n10", SEED0, "smoothgrad:n=10,bs=10", "SmoothGrad(batched=true,n=10)",
     "torch.manual_seed(0); captum NoiseTunnel(Saliency(model)).attribute(x, nt_type='smoothgrad', nt_samples=10, "
     "nt_samples_batch_size=10, stdevs=0.02 * (x.max() - x.min()), target, abs=False)"),
    ("gradcam", SEED0, "gradcam", "GradCAM",
     "pytorch_grad_cam.GradCAM(model, target_layers=[model.layer4[-1]])(x, [ClassifierOutputTarget(target)])"),
    ("gradcampp", SEED0, "gradcampp", "GradCAM++(eps=1E-06)",
     "pytorch_grad_cam.GradCAMPlusPlus(model, target_layers=[model.layer4[-1]])(x, [ClassifierOutputTarget(target)])"
     " (alpha's denominator + 1e-6)"),
    ("scorecam", SEED0, "scorecam:bs=64", "ScoreCAM(masks=bilinear-align-corners,weights=logit-softmax)",
     "pytorch_grad_cam.ScoreCAM(model, target_layers=[model.layer4[-1]]), batch_size=64: masks upsampled with "
     "UpsamplingBilinear2d (align_corners=True), min-max with +1e-8, weights = softmax over the 512 masks of the "
     "target logit"),
    ("deeplift_zero", RANDBN, "deeplift:baseline=zero", "DeepLift(maxpool=gradient,reference=zero)",
     "captum.attr.DeepLift(model_with_distinct_noninplace_relus).attribute(x, baselines=zeros, target) "
     "(multiply_by_inputs=True, eps=1e-10; its max-pool rule never runs on torchvision's ResNet, Captum issue #1104)"),
    ("deeplift_blur", RANDBN, "deeplift:baseline=blur,sigma=5", "DeepLift(maxpool=gradient,reference=blur)",
     "as deeplift_zero, baselines = scipy.ndimage.gaussian_filter(x[c], sigma=5, mode='reflect', truncate=4.0) "
     "per channel, in float64, then float32"),
    ("ig_trapezoid", RANDBN, "ig:method=riemann_trapezoid,steps=65",
     "IntegratedGradients(rule=captum-trapezoid,steps=65)",
     "captum.attr.IntegratedGradients(model).attribute(x, baselines=zeros, target, n_steps=65, "
     "method='riemann_trapezoid') (alphas torch.linspace(0, 1, 65) = k/64, exact in float32 on every torch build; "
     "step sizes 1/65 halved at both ends, summing to 64/65)"),
    ("ig_gausslegendre", RANDBN, "ig:method=gausslegendre,steps=50", "IntegratedGradients(steps=50)",
     "captum.attr.IntegratedGradients(model).attribute(x, baselines=zeros, target, n_steps=50, "
     "method='gausslegendre')"),
]

NORMALIZATIONS = [("All-100", "all", 100.0), ("Abs-100", "abs", 100.0), ("ReLU-100", "relu", 100.0),
                  ("All-99", "all", 99.0), ("Abs-99", "abs", 99.0), ("ReLU-99", "relu", 99.0)]


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_peer(peer_dir):
    vendor = os.path.join(peer_dir, "vendor")
    if not os.path.isdir(vendor):
        raise SystemExit("no vendor/ in %s: point --peer (or SALIENCY_PEER) at ../shared/peer" % peer_dir)
    sys.path.insert(0, vendor)
    spec = importlib.util.spec_from_file_location("peer", os.path.join(peer_dir, "peer.py"))
    peer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(peer)
    return peer


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--peer", default=DEFAULT_PEER, help="the peer folder (default $SALIENCY_PEER or ../shared/peer)")
    ap.add_argument("--out", default=DEFAULT_OUT, help="where the goldens go (default %(default)s)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--only", nargs="*", help="regenerate only these cases (the JSON keeps the others)")
    args = ap.parse_args()

    peer_dir = os.path.abspath(args.peer)
    args.out = os.path.abspath(args.out)
    peer = load_peer(peer_dir)
    import torch
    torch.set_num_threads(args.threads)
    import captum
    if captum.__version__ != "0.7.0" or not torch.__version__.startswith("1.13"):
        raise SystemExit("expected captum 0.7.0 and torch 1.13 (got %s, %s)" % (captum.__version__, torch.__version__))
    try:
        peer.silence_pgc_tqdm()
    except Exception:
        pass

    demo = os.path.join(peer_dir, "demo")
    image_path, mask_path = os.path.join(demo, "image_gray.npy"), os.path.join(demo, "mask.npy")
    os.makedirs(args.out, exist_ok=True)
    json_path = os.path.join(args.out, "goldens.json")
    old = {}
    if args.only and os.path.exists(json_path):
        with open(json_path) as fh:
            old = {c["case"]: c for c in json.load(fh)["cases"]}

    versions = peer.versions()
    versions.pop("captum_path", None)
    versions.pop("pytorch_grad_cam_path", None)
    versions.pop("ttach_path", None)
    versions["pytorch_grad_cam"] = "1.5.5 (vendored, commit 084273b3)"
    versions["captum_source"] = "v0.7.0 (vendored, commit 833d6aad)"
    models = {}
    for weights in (SEED0, RANDBN):
        sd, _ = peer.load_state_dict_any(os.path.join(demo, weights))
        model, in_ch, _ = peer.build_resnet18(sd)
        for prm in model.parameters():
            prm.requires_grad_(True)  # pytorch-grad-cam needs a graph through layer4
        img, _ = peer.load_image(image_path, in_ch)
        x = torch.from_numpy(img)[None]
        mask = peer.load_mask(mask_path, img.shape[-2:])
        dmap = peer.distance_map(mask)
        with torch.no_grad():
            logits = model(x)[0]
        models[weights] = (model, x, mask, dmap, int(logits.argmax()), [float(v) for v in logits])
    cases_out = []
    for case, weights, spec, variant, call in CASES:
        if args.only and case not in args.only:
            cases_out.append(old[case])
            continue
        model, x, mask, dmap, target, logits = models[weights]
        runner = peer.MethodRunner(model, x, target, seed=0)
        name, params = peer.parse_method(spec)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn = runner.make(name, params)
            try:
                raw = fn()
            finally:
                runner.close()
        summed = peer.reduce_channels(raw, "sum")
        np.save(os.path.join(args.out, case + ".npy"), np.ascontiguousarray(summed, dtype="<f4"))
        scores = {}
        for label, sign, pct in NORMALIZATIONS:
            s = peer.pointing_scores(peer.normalize_map(summed, sign, pct), mask, dmap)
            scores[label] = {"distance": s["distance_pg"], "energy": s["energy_pg"]}
        record = {"case": case, "library": peer.LIBRARY[name], "weights": weights, "call": call,
                  "peer_spec": spec, "peer_params": params, "variant": variant, "target": target,
                  "map": case + ".npy", "map_stats": peer.stats(summed), "scores": scores}
        record.update({k: v for k, v in runner.extra.items() if k != "baseline_stats"})
        if runner.extra_box and "delta" in runner.extra_box:
            record["convergence_delta_abs"] = runner.extra_box["delta"]
        cases_out.append(record)
        print("%-18s %-60s sum %.6g" % (case, variant, summed.sum()), file=sys.stderr, flush=True)

    inputs = {"peer_py_sha256": sha256_file(os.path.join(peer_dir, "peer.py")),
              "image": "image_gray.npy", "image_sha256": sha256_file(image_path),
              "mask": "mask.npy", "mask_sha256": sha256_file(mask_path),
              "weights_sha256": {w: sha256_file(os.path.join(demo, w)) for w in (SEED0, RANDBN)},
              "targets_and_logits": {w: {"target": m[4], "logits": m[5]} for w, m in models.items()}}
    doc = {"about": "Peer goldens for PeerGoldenTests: library maps on ../shared/peer/demo. Regenerate with "
                    "scripts/peer/make_goldens.py.",
           "versions": versions, "inputs": inputs, "channel_reduction": "sum over the 3 replicated grey channels",
           "normalizations": "peer.py normalize_map (rectify all|abs|relu, min-max with the upper end at the "
                             "100th or 99th percentile, numpy linear rule) and pointing_scores (distance to the "
                             "mask by scipy.ndimage.distance_transform_edt over the image diagonal)",
           "cases": cases_out}
    with open(json_path, "w") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")
    print("wrote %d cases to %s" % (len(cases_out), args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
