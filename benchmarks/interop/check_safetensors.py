#!/usr/bin/env python3
"""Loads safetensors files written by Arabica into the same architectures in PyTorch and compares outputs.

    check_safetensors.py DIR [--rtol 1e-5] [--atol 1e-5]
    check_safetensors.py --export-torch DIR


DIR holds, for each model NAME, what dev.arabica.benchmarks.interop.InteropExport writes:
NAME.safetensors (Arabica's ModelFiles.save: the state dict), NAME_input.npy and NAME_output.npy
(Arabica's eval-mode output on that input). For each model this script reads the safetensors file
by the format's specification (no `safetensors` package needed), loads it strictly into the PyTorch
model with load_state_dict, runs the input in eval mode and compares with Arabica's output.
Exit status 0 when every model matches. With --export-torch it goes the other way: it writes
torch_NAME.safetensors (with write_safetensors below, PyTorch's own state_dict and names),
torch_NAME_input.npy and torch_NAME_output.npy for InteropExport --check-torch to load into
Arabica's builders. Run with /usr/bin/python3 where python3-torch and
python3-torchvision are installed (benchmarks/interop/run does).
"""
import argparse
import json
import pathlib
import struct
import sys

import numpy as np

# safetensors dtype name -> little-endian NumPy dtype
DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1",
          "U8": "u1", "BOOL": "?"}


def read_safetensors(path):
    """(tensors by name as NumPy arrays, in file order; metadata dict), checked against the spec.

    Layout: an unsigned 64-bit little-endian header length N, N bytes of UTF-8 JSON mapping each name
    to {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the byte after the
    header) plus an optional "__metadata__" of strings, then the raw little-endian, C-order data.
    """
    data = pathlib.Path(path).read_bytes()
    if len(data) < 8:
        raise ValueError(f"{path}: shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", data[:8])
    if 8 + n > len(data):
        raise ValueError(f"{path}: header length {n} runs past the end of the file ({len(data)} bytes)")
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {}) or {}
    body = memoryview(data)[8 + n:]
    tensors, covered = {}, []
    for name, info in header.items():
        dtype = np.dtype(DTYPES[info["dtype"]])
        shape = tuple(info["shape"])
        begin, end = info["data_offsets"]
        count = int(np.prod(shape, dtype=np.int64))
        if not (0 <= begin <= end <= len(body)) or end - begin != count * dtype.itemsize:
            raise ValueError(f"{path}: {name}: offsets [{begin}, {end}) do not hold {shape} {info['dtype']} "
                             f"in a data section of {len(body)} bytes")
        tensors[name] = np.frombuffer(body[begin:end], dtype=dtype).reshape(shape).copy()
        covered.append((begin, end))
    position = 0
    for begin, end in sorted(covered):  # the spec: the buffers cover the data section without gaps
        if begin != position:
            raise ValueError(f"{path}: data section has a gap or overlap at byte {position}")
        position = end
    if position != len(body):
        raise ValueError(f"{path}: {len(body) - position} bytes after the last tensor")
    return tensors, metadata


def write_safetensors(path, tensors, metadata=None):
    """Writes NumPy arrays (or torch tensors) by the same spec, e.g. a PyTorch state_dict for Arabica."""
    names = {np.dtype(v): k for k, v in DTYPES.items()}
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, value in tensors.items():
        # np.asarray keeps 0-d arrays 0-d (np.ascontiguousarray would make them 1-d)
        array = np.asarray(value.detach().cpu().numpy() if hasattr(value, "detach") else value, order="C")
        array = array.astype(array.dtype.newbyteorder("<"), copy=False)
        raw = array.tobytes()
        header[name] = {"dtype": names[array.dtype], "shape": list(array.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in chunks:
            f.write(raw)


def torch_models():
    import torch
    from torch import nn
    import torchvision

    class LstmOutput(nn.Module):
        """nn.LSTM whose forward returns the output sequence only; state-dict names are the LSTM's own."""

        def __init__(self, lstm):
            super().__init__()
            self.lstm = lstm

        def forward(self, x):
            return self.lstm(x)[0]

        def state_dict(self, *args, **kwargs):
            return self.lstm.state_dict(*args, **kwargs)

        def load_state_dict(self, state, strict=True):
            return self.lstm.load_state_dict(state, strict=strict)

    return {
        "mlp": lambda: nn.Sequential(nn.Linear(20, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 3)),
        "lenet5": lambda: nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
            nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10)),
        "resnet18": lambda: torchvision.models.resnet18(num_classes=10),
        "lstm": lambda: LstmOutput(nn.LSTM(10, 32, num_layers=2, batch_first=True)),
    }, torch


def export_torch(directory):
    """PyTorch -> Arabica: random-weight models (batch-norm statistics moved by a few training-mode passes),
    saved with write_safetensors, with an input and the eval-mode output."""
    builders, torch = torch_models()
    torch.manual_seed(1)
    inputs = {"mlp": (8, 20), "lenet5": (4, 1, 28, 28), "resnet18": (2, 3, 64, 64), "lstm": (3, 7, 10)}
    directory.mkdir(parents=True, exist_ok=True)
    for name, build in builders.items():
        model = build()
        x = torch.randn(*inputs[name])
        with torch.no_grad():
            model.train()
            for _ in range(3):
                model(torch.randn(*inputs[name]))
            model.eval()
            y = model(x)
        write_safetensors(directory / f"torch_{name}.safetensors", model.state_dict(), {"written_by": "check_safetensors.py"})
        np.save(directory / f"torch_{name}_input.npy", x.numpy())
        np.save(directory / f"torch_{name}_output.npy", y.numpy())
        print(f"{name:9s} {len(model.state_dict()):3d} tensors -> {directory / f'torch_{name}.safetensors'}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=pathlib.Path)
    parser.add_argument("--rtol", type=float, default=1e-5)
    parser.add_argument("--atol", type=float, default=1e-5)
    parser.add_argument("--export-torch", action="store_true", help="write PyTorch models for Arabica instead")
    args = parser.parse_args()
    if args.export_torch:
        return export_torch(args.dir)
    builders, torch = torch_models()
    torch.manual_seed(0)
    failures = 0
    print(f"PyTorch {torch.__version__}; rtol {args.rtol}, atol {args.atol}")
    for name, build in builders.items():
        weights = args.dir / f"{name}.safetensors"
        if not weights.exists():
            print(f"{name:9s} MISSING {weights}")
            failures += 1
            continue
        arrays, _ = read_safetensors(weights)
        model = build()
        expected = set(model.state_dict().keys())
        if set(arrays) != expected:
            print(f"{name:9s} FAIL names differ from PyTorch's state_dict: missing {sorted(expected - set(arrays))}, "
                  f"unexpected {sorted(set(arrays) - expected)}")
            failures += 1
            continue
        model.load_state_dict({k: torch.from_numpy(v) for k, v in arrays.items()}, strict=True)
        for k, v in model.state_dict().items():  # the dtypes too (num_batches_tracked is int64)
            if v.dtype != torch.from_numpy(arrays[k]).dtype:
                raise SystemExit(f"{name}: {k} is {arrays[k].dtype} in the file, {v.dtype} in PyTorch")
        model.eval()
        x = torch.from_numpy(np.load(args.dir / f"{name}_input.npy"))
        ours = np.load(args.dir / f"{name}_output.npy")
        with torch.no_grad():
            theirs = model(x).numpy()
        diff = np.abs(theirs - ours)
        ok = theirs.shape == ours.shape and np.allclose(ours, theirs, rtol=args.rtol, atol=args.atol)
        failures += not ok
        print(f"{name:9s} {'OK  ' if ok else 'FAIL'} {len(arrays):3d} tensors, output {list(theirs.shape)} "
              f"(max |value| {np.abs(theirs).max():.3g}): max |diff| {diff.max():.2e}, "
              f"max |diff| / (atol + rtol |value|) {(diff / (args.atol + args.rtol * np.abs(theirs))).max():.3f}")
    print(f"{len(builders) - failures} of {len(builders)} models match")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
