#!/usr/bin/python3
"""PyTorch twin of dev.arabica.benchmarks.FashionMnist: LeNet-5 (the course's W3 variant, --model lenet)
or the MLP 784-256-128-10 (--model mlp) on
Fashion-MNIST (pixels normalised with the training set's mean 0.2860 and std 0.3530), batch 32,
shuffled every epoch, Adam with the learning rate decaying linearly from lr (3e-3) to lr / 20 over the
whole run (LinearLR stepped per batch); prints the test accuracy and the
training time of each epoch, for the side-by-side epoch time in docs/performance.md.

    benchmarks/fashion_mnist_torch.py [--model lenet|mlp] [--epochs 5] [--threads 1] [--batch 32] [--lr 3e-3]
                                            [--seed 7] [--data ../shared/data/fashion-mnist]

Set OMP_NUM_THREADS to the same N as --threads when comparing thread counts (the script also calls
torch.set_num_threads). Epoch time = the training steps only (zero_grad, forward, loss, backward,
schedule step), the same span the Java side measures; the test-set evaluation is timed separately.
"""
import argparse
import gzip
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(directory, prefix):
    x = read_idx(os.path.join(directory, prefix + "-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    y = read_idx(os.path.join(directory, prefix + "-labels-idx1-ubyte.gz")).astype(np.int64)
    return torch.from_numpy(x).reshape(-1, 1, 28, 28), torch.from_numpy(y)


def lenet5():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                         nn.Linear(128, 10))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", choices=["lenet", "mlp"], default="lenet")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--no-normalize", action="store_true", help="keep pixels in [0, 1] instead of (x - 0.2860) / 0.3530")
    p.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "fashion-mnist"))
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    train_x, train_y = load(a.data, "train")
    test_x, test_y = load(a.data, "t10k")
    if not a.no_normalize:  # the training set's pixel mean and standard deviation
        train_x, test_x = (train_x - 0.2860) / 0.3530, (test_x - 0.2860) / 0.3530
    model = lenet5() if a.model == "lenet" else mlp()
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    steps_per_epoch = (len(train_x) + a.batch - 1) // a.batch
    decay = torch.optim.lr_scheduler.LinearLR(opt, 1.0, 0.05, total_iters=a.epochs * steps_per_epoch)
    print(f"pytorch {torch.__version__}, {a.model}, threads {torch.get_num_threads()}, batch {a.batch}, "
          f"Adam lr {a.lr} decaying linearly to {a.lr * 0.05}")
    for epoch in range(1, a.epochs + 1):
        model.train()
        order = torch.randperm(len(train_x))
        total, seen = 0.0, 0
        t0 = time.perf_counter()
        for i in range(0, len(order), a.batch):
            idx = order[i:i + a.batch]
            x, y = train_x[idx], train_y[idx]
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            decay.step()
            total += loss.item() * len(idx)
            seen += len(idx)
        t1 = time.perf_counter()
        model.eval()
        with torch.no_grad():
            correct = sum((model(test_x[i:i + 1000]).argmax(1) == test_y[i:i + 1000]).sum().item()
                          for i in range(0, len(test_x), 1000))
        t2 = time.perf_counter()
        print(f"epoch {epoch}: train loss {total / seen:.4f}, test accuracy {correct / len(test_x):.4f}, "
              f"epoch time {t1 - t0:.2f} s, eval {t2 - t1:.2f} s")


if __name__ == "__main__":
    main()
