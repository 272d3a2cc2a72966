#!/usr/bin/env python3
"""Writes a built-in data set, or the 20-class digits-and-clothes set, as a Keras-layout .npz.

    deploy/data/make-npz.py mnist OUT.npz
    deploy/data/make-npz.py fashion-mnist OUT.npz
    deploy/data/make-npz.py digits-and-clothes OUT.npz

It reads the IDX files that deploy/data/fetch-all.sh put in ${DISTILL_DATA_DIR:-~/.cache/distill} and
writes what a user would bring: x_train (N, 28, 28) uint8, y_train, x_test, y_test and class_names.
digits-and-clothes is MNIST's digits as classes 0-9 and Fashion-MNIST's items as classes 10-19,
interleaved (a digit, then a clothing item, image by image, in each split), so that any prefix of a
split holds both halves alike: a training limit, a transfer set's limit, and the validation split that
registration carves from the last twelfth of train (10,000: the last 5,000 training images of each, as
the built-in sets' own validation splits).
Register the file with deploy/local/register-dataset.sh OUT.npz, or run.sh --dataset OUT.npz; the set takes
the file's name, so name it other than mnist or fashion-mnist, the built-in sets' (mnist-as-npz.npz, say).
Needs NumPy (Debian: python3-numpy).
"""
import gzip
import os
import sys

import numpy as np

FASHION = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
           "Ankle boot"]
DIGITS = [str(d) for d in range(10)]


def idx(folder, name):
    """One IDX file of folder, raw or gzip, as a NumPy array."""
    path = os.path.join(folder, name)
    opener = open if os.path.exists(path) else gzip.open
    path = path if os.path.exists(path) else path + ".gz"
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def splits(folder):
    """(x_train, y_train, x_test, y_test) of an MNIST-layout folder."""
    return (idx(folder, "train-images-idx3-ubyte"), idx(folder, "train-labels-idx1-ubyte"),
            idx(folder, "t10k-images-idx3-ubyte"), idx(folder, "t10k-labels-idx1-ubyte"))


def interleave(a, b):
    """a[0], b[0], a[1], b[1], ...: two arrays of the same length, alternating along the first axis."""
    out = np.empty((2 * len(a),) + a.shape[1:], dtype=np.result_type(a, b))
    out[0::2] = a
    out[1::2] = b
    return out


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("mnist", "fashion-mnist", "digits-and-clothes"):
        sys.exit(__doc__)
    which, out = sys.argv[1], sys.argv[2]
    data_dir = os.environ.get("DISTILL_DATA_DIR", os.path.expanduser("~/.cache/distill"))
    if which == "digits-and-clothes":
        digits = splits(os.path.join(data_dir, "mnist"))
        clothes = splits(os.path.join(data_dir, "fashion-mnist"))
        x_train = interleave(digits[0], clothes[0])
        y_train = interleave(digits[1], clothes[1] + 10).astype(np.int32)
        x_test = interleave(digits[2], clothes[2])
        y_test = interleave(digits[3], clothes[3] + 10).astype(np.int32)
        names = DIGITS + FASHION
    else:
        x_train, y_train, x_test, y_test = splits(os.path.join(data_dir, which))
        names = DIGITS if which == "mnist" else FASHION
    np.savez(out, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test, class_names=np.array(names))
    print(f"make-npz: {out}: {len(x_train):,} training and {len(x_test):,} test images, {len(names)} classes")


if __name__ == "__main__":
    main()
