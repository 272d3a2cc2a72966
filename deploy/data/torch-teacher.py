#!/usr/bin/env python3
"""Trains a convolutional classifier with PyTorch, outside distill, and exports it to ONNX: a teacher
"trained elsewhere" to import (issue 25) and the fixture of that experiment.

    deploy/data/torch-teacher.py mnist|fashion-mnist OUT.onnx [--epochs N] [--seed S]

It reads the IDX files that deploy/data/fetch-all.sh put in ${DISTILL_DATA_DIR:-~/.cache/distill}, trains
on the first 55,000 training images (the built-in sets' training split: the last 5,000 are their
validation split), prints the test errors on the 10,000 test images, and writes OUT.onnx with
torch.onnx.export (opset 13): input "input", float32 (batch, 1, 28, 28), the pixels divided by 255
(import it with the layout nchw and the scaling unit); output "logits", (batch, 10). The versions it
ran with go into the model's metadata properties.

The net: conv 32 (3x3, same) - ReLU - max-pool 2 - conv 64 (3x3, same) - ReLU - max-pool 2 - dense 128
- ReLU - dropout 0.3 - dense 10; Adam, learning rate 1e-3, batch 128, 3 epochs by default.

A tool for making the fixture, not a dependency of the services or of `mvn -B verify`. It needs Debian
12's python3-torch 1.13.1+dfsg-4 (CPU; torch.__version__ says 1.13.0a0), python3-onnx 1.12.0-2+b4 and
python3-numpy 1:1.24.2-1+deb12u1 (apt-get install python3-torch python3-onnx), run by Debian's
/usr/bin/python3; PyPI is not needed.
"""
import argparse
import importlib.util
import os
import time

import numpy as np
import onnx
import torch
from torch import nn

TRAIN = 55_000


def idx_splits(which):
    """(x_train, y_train, x_test, y_test) of a built-in set, read by make-npz.py's reader."""
    spec = importlib.util.spec_from_file_location("make_npz", os.path.join(os.path.dirname(__file__), "make-npz.py"))
    make_npz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_npz)
    data_dir = os.environ.get("DISTILL_DATA_DIR", os.path.expanduser("~/.cache/distill"))
    return make_npz.splits(os.path.join(data_dir, which))


def net():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10))


def tensors(x, y):
    return torch.from_numpy(x.astype(np.float32)[:, None] / 255.0), torch.from_numpy(y.astype(np.int64))


def test_errors(model, x, y):
    model.eval()
    with torch.no_grad():
        predicted = torch.cat([model(x[i:i + 1000]).argmax(1) for i in range(0, len(x), 1000)])
    return int((predicted != y).sum())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", choices=["mnist", "fashion-mnist"])
    parser.add_argument("out")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    x_train, y_train, x_test, y_test = idx_splits(args.dataset)
    x, y = tensors(x_train[:TRAIN], y_train[:TRAIN])
    xt, yt = tensors(x_test, y_test)

    model = net()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = nn.CrossEntropyLoss()
    for epoch in range(args.epochs):
        model.train()
        started = time.time()
        order = torch.randperm(len(x))
        for i in range(0, len(x), 128):
            batch = order[i:i + 128]
            optimiser.zero_grad()
            loss(model(x[batch]), y[batch]).backward()
            optimiser.step()
        print(f"torch-teacher: epoch {epoch + 1}/{args.epochs} in {time.time() - started:.0f} s,"
              f" {test_errors(model, xt, yt)} test errors", flush=True)

    errors = test_errors(model, xt, yt)
    torch.onnx.export(model, x[:1], args.out, opset_version=13, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    exported = onnx.load(args.out)
    for key, value in {"trained_by": "deploy/data/torch-teacher.py", "dataset": args.dataset,
                       "torch": torch.__version__, "onnx": onnx.__version__, "numpy": np.__version__,
                       "input": "float32 (batch, 1, 28, 28): pixels / 255", "outputs": "logits (batch, 10)",
                       "test_errors": str(errors)}.items():
        exported.metadata_props.add(key=key, value=value)
    onnx.checker.check_model(exported)
    onnx.save(exported, args.out)
    print(f"torch-teacher: {args.out}: torch {torch.__version__}, onnx {onnx.__version__},"
          f" {errors} test errors on {len(xt):,} images")


if __name__ == "__main__":
    main()
