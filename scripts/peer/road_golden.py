#!/usr/bin/python3
"""Golden values for the C# ROAD metric (tests/Saliency.Torch.Tests/Evaluation/Golden/road/).

Runs pytorch-grad-cam's own ROAD classes (vendor copy in ../shared/peer/vendor, pytorch-grad-cam 1.5.5) on the
peer demo: resnet18_seed0.pt (torchvision resnet18, 5 classes, no input normalisation) and image_gray.npy
repeated over 3 channels, target = the predicted class, score = ClassifierOutputSoftmaxTarget(target) (softmax
probability), map = pytorch-grad-cam's GradCAM at layer4 for that class (written to cam.npy, the fixed map the C#
test reads). Writes road_golden.json:

- noise_free: for every percentile p in 10..90 and both orders, the library's metric with the imputer's noise set
  to 0 (deterministic, so the C# side must agree to float precision): pixels removed, the score difference the
  library returns, the score after imputation, the sum of the imputed values, and the imputed value at 64 removed
  pixels spread evenly over the removed set (flat index y * 256 + x, channel 0).
- noisy: the library's metric with its default noise (0.01) under torch.manual_seed(seed) for seeds 0..S-1: mean
  and standard deviation of every per-percentile score and of ROADCombined's value (C# draws other noise, so the
  comparison is statistical).

Run from a temporary folder (pytorch-grad-cam must not be shadowed):
  P=$(cd ../shared/peer && pwd); cd "$(mktemp -d)"
  PYTHONPATH=$P/vendor /usr/bin/python3 /path/to/scripts/peer/road_golden.py --peer $P --out DIR
"""
import argparse
import json
import os
import platform
import time

import numpy as np
import scipy
import torch
import torchvision
from pytorch_grad_cam import GradCAM
from pytorch_grad_cam.metrics.road import (ROADCombined, ROADLeastRelevantFirst, ROADMostRelevantFirst)
from pytorch_grad_cam.utils.model_targets import ClassifierOutputSoftmaxTarget, ClassifierOutputTarget

PERCENTILES = [10, 20, 30, 40, 50, 60, 70, 80, 90]
ORDERS = {"morf": ROADMostRelevantFirst, "lerf": ROADLeastRelevantFirst}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--peer", required=True, help="the peer folder (holds demo/ and vendor/)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seeds", type=int, default=8)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(1)

    demo = os.path.join(args.peer, "demo")
    model = torchvision.models.resnet18(weights=None, num_classes=5)
    model.load_state_dict(torch.load(os.path.join(demo, "resnet18_seed0.pt")))
    model.eval()
    image = np.load(os.path.join(demo, "image_gray.npy"))
    x = torch.from_numpy(np.repeat(image[None, None], 3, axis=1).copy())
    with torch.no_grad():
        logits = model(x)[0]
    target = int(logits.argmax())
    cam = GradCAM(model=model, target_layers=[model.layer4])(input_tensor=x, targets=[ClassifierOutputTarget(target)])[0]
    cam = np.ascontiguousarray(cam, dtype=np.float32)
    np.save(os.path.join(args.out, "cam.npy"), cam)
    cams = cam[None]
    targets = [ClassifierOutputSoftmaxTarget(target)]
    score_before = float(torch.softmax(logits, -1)[target])

    noise_free = []
    seconds = 0.0
    for order, cls in ORDERS.items():
        for p in PERCENTILES:
            metric = cls(percentile=p)
            metric.perturbation.imputer.noise = 0.0
            start = time.perf_counter()
            diff, perturbed = metric(x, cams, targets, model, return_visualization=True)
            seconds += time.perf_counter() - start
            after = metric(x, cams, targets, model, return_diff=False)
            imputed = perturbed[0, 0].numpy().reshape(-1)
            changed = np.flatnonzero(imputed != image.reshape(-1))
            # the removed set, as the library builds it (see RemoveMostRelevantFirst.__call__)
            m = torch.from_numpy(cam) if order == "morf" else 1 - torch.from_numpy(cam)
            removed = np.flatnonzero(~(m.numpy() < np.percentile(m.numpy(), p)).reshape(-1))
            picks = removed[np.linspace(0, len(removed) - 1, 64).astype(int)]
            noise_free.append({
                "order": order, "percentile": p, "removed": int(len(removed)),
                "changed": int(len(changed)),
                "score_diff": float(diff[0]), "score_after": float(after[0]),
                "imputed_sum": float(imputed[removed].astype(np.float64).sum()),
                "samples": [[int(i), float(imputed[i])] for i in picks],
            })

    noisy_scores = {f"{o}_{p}": [] for o in ORDERS for p in PERCENTILES}
    combined = []
    for seed in range(args.seeds):
        torch.manual_seed(seed)
        for order, cls in ORDERS.items():
            for p in PERCENTILES:
                noisy_scores[f"{order}_{p}"].append(float(cls(percentile=p)(x, cams, targets, model)[0]))
        torch.manual_seed(seed)
        combined.append(float(ROADCombined(percentiles=PERCENTILES)(x, cams, targets, model)[0]))

    def stat(v):
        return {"mean": float(np.mean(v)), "std": float(np.std(v, ddof=1)), "n": len(v)}

    golden = {
        "about": "pytorch-grad-cam ROAD on the peer demo; see scripts/peer/road_golden.py",
        "versions": {"python": platform.python_version(), "torch": torch.__version__, "torchvision": torchvision.__version__,
                     "numpy": np.__version__, "scipy": scipy.__version__, "pytorch_grad_cam": "1.5.5 (vendor, commit 084273b3)"},
        "model": "demo/resnet18_seed0.pt", "image": "demo/image_gray.npy repeated over 3 channels, no normalisation",
        "map": "cam.npy: pytorch-grad-cam GradCAM, target_layers=[layer4], ClassifierOutputTarget(target)",
        "score": "ClassifierOutputSoftmaxTarget(target)", "target": target, "score_before": score_before,
        "library_seconds_per_imputation_and_forward": seconds / len(noise_free),
        "noise_free": noise_free,
        "noisy": {"noise": 0.01, "seeds": args.seeds, "scores": {k: stat(v) for k, v in noisy_scores.items()},
                  "combined": stat(combined)},
    }
    with open(os.path.join(args.out, "road_golden.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
