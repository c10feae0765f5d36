#!/usr/bin/python3
"""The PyTorch side of benchmarks/compare.

    compare_torch.py --check
    compare_torch.py --list
    compare_torch.py --env | --probe
    compare_torch.py --workload W1 --threads N [--quick] [--params REGEX]

Prints one machine-readable row per case on stdout:
    RESULT<TAB>workload<TAB>params<TAB>threads<TAB>metric<TAB>higher|lower<TAB>value
(value NA when the case could not run); progress goes to stderr. The workload ids, parameter
strings and metrics mirror dev.arabica.benchmarks.compare.Workloads on the Java side, and the
timing procedure mirrors dev.arabica.benchmarks.compare.Timer.

Start it with OMP_NUM_THREADS=N in the environment (the compare script does); it also calls
torch.set_num_threads(N).
"""
import argparse
import os
import re
import statistics
import sys
import time

MISSING_TORCH = "PyTorch is missing: install with apt-get install -y python3-torch libopenblas0-openmp"
MISSING_NUMPY = "NumPy is missing: install with apt-get install -y python3-numpy"

# name -> higher is better; conversion from (seconds per call, flops per call)
METRICS = {
    "ms": (False, lambda s, flops: s * 1e3),
    "ms/step": (False, lambda s, flops: s * 1e3),
    "GFLOP/s": (True, lambda s, flops: flops / s * 1e-9),
    "s/epoch": (False, lambda s, flops: s),
}

# Same procedure as Timer.java; shorter minimum warm-up (no JIT), same measurement. Training-step
# workloads (ms/step) get Timer.STEP_WARMUP_SECONDS on both sides, so both are in their steady state.
STEP_WARMUP_SECONDS = 20.0
TIMING = dict(warmup_min=0.5, warmup_max=4.0, round_s=0.25, tolerance=0.03,
              runs=7, min_runs=3, run_s=0.1, max_measure=10.0)
QUICK = dict(warmup_min=0.2, warmup_max=1.0, round_s=0.1, tolerance=0.05,
             runs=3, min_runs=3, run_s=0.05, max_measure=3.0)

WORKLOADS = {}  # id -> (description, metric, [params], grad, prepare(params dict) -> (callable, flops))


def workload(wid, description, metric, params, grad=False):
    """Registers a workload: prepare(p) allocates inputs and returns (task, flops per call).

    grad=False runs preparation and timing under torch.no_grad() (inference-style ops)."""
    assert metric in METRICS, metric

    def register(prepare):
        WORKLOADS[wid] = (description, metric, list(params), grad, prepare)
        return prepare
    return register


def parse_params(text):
    return dict(part.split("=", 1) for part in text.split(",")) if text else {}


def shape(text):
    return tuple(int(x) for x in text.split("x"))


# --- workloads (the torch import is deferred so --list works without PyTorch) -------------------

@workload("W1", "GEMM C = A*B, square n x n float32 (torch.mm, out=)", "GFLOP/s",
          [f"n={n}" for n in (64, 128, 256, 512, 1024, 2048)])
def gemm(p):
    import torch
    n = int(p["n"])
    g = torch.Generator().manual_seed(42)
    a = torch.rand(n, n, generator=g) * 2 - 1
    b = torch.rand(n, n, generator=g) * 2 - 1
    c = torch.empty(n, n)
    return (lambda: torch.mm(a, b, out=c)), 2.0 * n ** 3


@workload("W2", "MLP 784-256-128-10 ReLU, cross-entropy, SGD lr 0.01: one step "
          "(zero_grad + forward + backward + update)", "ms/step", ["batch=64", "batch=1024"], grad=True)
def mlp_step(p):
    import torch
    import torch.nn.functional as F
    batch = int(p["batch"])
    torch.manual_seed(42)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    g = torch.Generator().manual_seed(42)
    x = torch.randn(batch, 784, generator=g)
    y = torch.randint(0, 10, (batch,), generator=g)

    def step():
        # set_to_none=False: zero the gradient buffers, as 1.13's default does (2.x changed it).
        opt.zero_grad(set_to_none=False)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
    return step, 0.0



@workload("W8", "Fashion-MNIST MLP 784-256-128-10 ReLU, Adam lr 1e-3, batch 64, shuffled: one epoch (938 steps)",
          "s/epoch", ["batch=64"], grad=True)
def fashion_mlp_epoch(p):
    """One epoch over the 60,000 training images (pixels normalised as FashionMnist.java does), a new
    permutation per epoch, the last partial batch kept; needs $ARABICA_DATA/fashion-mnist."""
    import gzip
    import numpy as np
    import torch
    import torch.nn.functional as F
    from torch import nn
    batch = int(p["batch"])
    directory = os.path.join(os.environ.get("ARABICA_DATA") or os.path.join("..", "shared", "data"), "fashion-mnist")

    def read_idx(name):
        with gzip.open(os.path.join(directory, name), "rb") as f:
            data = f.read()
        dims = data[3]
        shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
        return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)

    x = (torch.from_numpy(read_idx("train-images-idx3-ubyte.gz").astype(np.float32) / 255.0) - 0.2860) / 0.3530
    x = x.reshape(-1, 1, 28, 28)
    y = torch.from_numpy(read_idx("train-labels-idx1-ubyte.gz").astype(np.int64))
    torch.manual_seed(42)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                          nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    g = torch.Generator().manual_seed(42)

    def epoch():
        order = torch.randperm(len(x), generator=g)
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            opt.zero_grad()
            loss = F.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
    return epoch, 0.0

def cnn_step(model, x, y):
    import torch
    import torch.nn.functional as F
    opt = torch.optim.SGD(model.parameters(), lr=0.01)

    def step():
        opt.zero_grad(set_to_none=False)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
    return step


@workload("W3", "LeNet-5 1x28x28, conv 6@5x5 p2, pool, conv 16@5x5, pool, fc 400-120-84-10, cross-entropy, SGD: "
          "one step", "ms/step", ["batch=64"], grad=True)
def lenet_step(p):
    import torch
    from torch import nn
    batch = int(p["batch"])
    torch.manual_seed(42)
    model = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    g = torch.Generator().manual_seed(42)
    x = torch.randn(batch, 1, 28, 28, generator=g)
    y = torch.randint(0, 10, (batch,), generator=g)
    return cnn_step(model, x, y), 0.0


@workload("W4", "CIFAR CNN 3x32x32, conv 32@3x3 p1, pool, conv 64@3x3 p1, pool, fc 4096-128-10, cross-entropy, "
          "SGD: one step", "ms/step", ["batch=32"], grad=True)
def cifar_cnn_step(p):
    import torch
    from torch import nn
    batch = int(p["batch"])
    torch.manual_seed(42)
    model = nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(4096, 128), nn.ReLU(), nn.Linear(128, 10))
    g = torch.Generator().manual_seed(42)
    x = torch.randn(batch, 3, 32, 32, generator=g)
    y = torch.randint(0, 10, (batch,), generator=g)
    return cnn_step(model, x, y), 0.0


@workload("R18", "ResNet-18 forward (eval, no grad), 3x224x224", "ms", ["batch=1"])
def resnet18_forward(p):
    import torch
    import torchvision
    torch.manual_seed(42)
    model = torchvision.models.resnet18().eval()
    x = torch.randn(int(p["batch"]), 3, 224, 224, generator=torch.Generator().manual_seed(42))
    sink = [None]

    def task():
        sink[0] = model(x)
    return task, 0.0


EW_N = 1 << 20


@workload("EW", "elementwise a+b, a*b, exp(a) on 1M float32 (allocating, and _out into a reused buffer; no grad)", "ms",
          [f"op={op},n={EW_N}" for op in ("add", "mul", "exp", "add_out", "mul_out", "exp_out")])
def elementwise(p):
    import torch
    n = int(p["n"])
    g = torch.Generator().manual_seed(42)
    a = torch.randn(n, generator=g)
    b = torch.randn(n, generator=g)
    out = torch.zeros(n)
    op = p["op"]
    sink = [None]
    if op == "add_out":
        def task(): sink[0] = torch.add(a, b, out=out)
    elif op == "mul_out":
        def task(): sink[0] = torch.mul(a, b, out=out)
    elif op == "exp_out":
        def task(): sink[0] = torch.exp(a, out=out)
    elif op == "add":
        def task(): sink[0] = torch.add(a, b)
    elif op == "mul":
        def task(): sink[0] = torch.mul(a, b)
    elif op == "exp":
        def task(): sink[0] = torch.exp(a)
    else:
        raise ValueError(f"unknown op {op}")
    return task, 0.0


@workload("RED", "x.sum() and x.softmax(1) over [1024, 1024] float32 (no grad)", "ms",
          ["op=sum,shape=1024x1024", "op=softmax,dim=1,shape=1024x1024"])
def reductions(p):
    import torch
    g = torch.Generator().manual_seed(42)
    x = torch.randn(*shape(p["shape"]), generator=g)
    op = p["op"]
    sink = [None]
    if op == "sum":
        def task(): sink[0] = x.sum()
    elif op == "softmax":
        dim = int(p["dim"])
        def task(): sink[0] = torch.softmax(x, dim)
    else:
        raise ValueError(f"unknown op {op}")
    return task, 0.0


CHAR_RNN = dict(vocab=65, hidden=256, seq=64, batch=32)


def char_rnn_model(torch, kind):
    """The W5/W6 model (twin of dev.arabica.benchmarks.CharRnn): one-hot input [32, 64, 65] (batch
    first), torch.nn.LSTM or GRU with hidden 256, Linear(256, 65), Adam lr 2e-3."""
    v, h = CHAR_RNN["vocab"], CHAR_RNN["hidden"]
    torch.manual_seed(42)
    rnn = (torch.nn.LSTM if kind == "lstm" else torch.nn.GRU)(v, h, batch_first=True)
    head = torch.nn.Linear(h, v)
    return rnn, head


def char_rnn_step(p, kind):
    import torch
    import torch.nn.functional as F
    v, t, b = int(p["vocab"]), int(p["seq"]), int(p["batch"])
    rnn, head = char_rnn_model(torch, kind)
    opt = torch.optim.Adam(list(rnn.parameters()) + list(head.parameters()), lr=2e-3)
    g = torch.Generator().manual_seed(42)
    x = F.one_hot(torch.randint(0, v, (b, t), generator=g), v).float()
    y = torch.randint(0, v, (b * t,), generator=g)

    def step():
        opt.zero_grad(set_to_none=False)
        out, _ = rnn(x)
        loss = F.cross_entropy(head(out).reshape(-1, v), y)
        loss.backward()
        opt.step()
    return step, 0.0


@workload("W5", "char-RNN LSTM train step: one-hot vocab 65, hidden 256, seq 64, batch 32, Linear 256->65, "
          "cross-entropy over all steps, Adam lr 2e-3, full BPTT (torch.nn.LSTM, batch_first)", "ms/step",
          ["vocab=65,hidden=256,seq=64,batch=32"], grad=True)
def char_rnn_lstm(p):
    return char_rnn_step(p, "lstm")


@workload("W6", "char-RNN GRU train step: as W5 with torch.nn.GRU", "ms/step",
          ["vocab=65,hidden=256,seq=64,batch=32"], grad=True)
def char_rnn_gru(p):
    return char_rnn_step(p, "gru")


@workload("SAMPLE", "sample 1000 characters one at a time, batch 1, from the W5 model "
          "(torch.nn.LSTMCell with the LSTM's weights, Linear, softmax, multinomial; no grad)", "ms",
          ["chars=1000,hidden=256"])
def char_rnn_sample(p):
    import torch
    v, h, chars = CHAR_RNN["vocab"], int(p["hidden"]), int(p["chars"])
    rnn, head = char_rnn_model(torch, "lstm")
    # LSTMCell is PyTorch's cheapest per-step path (measured: a little faster than calling
    # torch.nn.LSTM with one step and a carried state).
    cell = torch.nn.LSTMCell(v, h)
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(cell, name).copy_(getattr(rnn, name + "_l0"))
    sink = [None]

    def sample():
        g = torch.Generator().manual_seed(7)
        state, previous, out = None, 0, []
        for _ in range(chars):
            x = torch.zeros(1, v)
            x[0, previous] = 1
            state = cell(x, state)
            probs = torch.softmax(head(state[0]), 1)
            previous = int(torch.multinomial(probs, 1, generator=g))
            out.append(previous)
        sink[0] = out
    return sample, 0.0


@workload("W7", "multi-head self-attention (batch_first, no dropout): forward + backward with a fixed upstream "
          "gradient", "ms/step", ["batch=16,seq=64,dmodel=128,heads=4"], grad=True)
def attention_step(p):
    import torch
    batch, seq, d_model, heads = int(p["batch"]), int(p["seq"]), int(p["dmodel"]), int(p["heads"])
    torch.manual_seed(42)
    mha = torch.nn.MultiheadAttention(d_model, heads, batch_first=True)
    g = torch.Generator().manual_seed(42)
    x = torch.randn(batch, seq, d_model, generator=g).requires_grad_(True)
    gout = torch.randn(batch, seq, d_model, generator=g)

    def step():
        # Gradients cleared to None on both sides (Arabica's zeroGrad); need_weights=False skips
        # the head-averaged weights, which the Java side does not compute either.
        mha.zero_grad(set_to_none=True)
        x.grad = None
        out, _ = mha(x, x, x, need_weights=False)
        out.backward(gout)
    return step, 0.0


# --- timing ----------------------------------------------------------------------------------

def measure(task, t):
    """Warm up until settled, then the median seconds per call (see Timer.java)."""
    clock = time.perf_counter
    start = clock()
    rounds = []
    settled = False
    while True:
        r0 = clock()
        calls = 0
        while True:
            task()
            calls += 1
            now = clock()
            if now - r0 >= t["round_s"]:
                break
        last = now - r0
        rounds.append(last / calls)
        elapsed = now - start
        if elapsed >= t["warmup_min"] and len(rounds) >= 3 and \
                max(rounds[-3:]) <= min(rounds[-3:]) * (1 + t["tolerance"]):
            settled = True
            break
        if elapsed + last > t["warmup_max"]:
            break
    warmup = clock() - start
    calls_per_run = int(max(1, min(1_000_000, round(t["run_s"] / rounds[-1]))))
    samples = []
    m0 = clock()
    while len(samples) < t["runs"]:
        t0 = clock()
        for _ in range(calls_per_run):
            task()
        t1 = clock()
        samples.append((t1 - t0) / calls_per_run)
        if len(samples) >= t["min_runs"] and t1 - m0 >= t["max_measure"]:
            break
    med = statistics.median(samples)
    return med, (max(samples) - min(samples)) / med, len(samples), calls_per_run, warmup, settled


def prime_allocator(torch):
    """Puts glibc malloc (PyTorch's CPU allocator) into its steady state before timing.

    A fresh process serves every allocation above the mmap threshold (128 KiB at start) with a new
    mmap, so each allocating 4 MiB op pays about 1 ms of page faults, until freeing an mmapped
    chunk raises the threshold and the heap keeps enough free memory; which case gets measured then
    depends on what ran before. Freeing one 16 MiB chunk (threshold -> 16 MiB, trim threshold ->
    32 MiB) and then 24 MiB of 4 MiB chunks gives every workload the fast, warmed-up state, as in a
    long-running program. This favours the reference, never Arabica.
    """
    big = torch.empty(1 << 22)
    del big
    chunks = [torch.empty(1 << 20) for _ in range(6)]
    del chunks


# --- environment checks ----------------------------------------------------------------------

def loaded_blas():
    """Paths of BLAS libraries mapped into this process (after a matmul has loaded them)."""
    try:
        with open("/proc/self/maps") as maps:
            libs = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    except OSError:
        return []
    return sorted(libs)


def check():
    """Prints the reference's setup to stderr; returns False if PyTorch cannot be used."""
    try:
        import numpy  # noqa: F401  (PyTorch's tensor interop; Debian's torch expects it)
    except ImportError:
        print("WARNING: " + MISSING_NUMPY, file=sys.stderr)
    try:
        import torch
    except ImportError:
        print("WARNING: " + MISSING_TORCH, file=sys.stderr)
        return False
    a = torch.ones(64, 64)
    (a @ a).sum().item()  # loads the BLAS library
    config = torch.__config__.show()
    libs = loaded_blas()
    blas_line = next((l.strip() for l in config.splitlines() if "BLAS_INFO" in l), "")
    blas_info = re.search(r"BLAS_INFO=([^,\s]+)", blas_line)
    blas_info = blas_info.group(1) if blas_info else "?"
    if "openblas" in config.lower():
        blas = "OpenBLAS (torch.__config__)"
    elif any("openblas" in lib.lower() for lib in libs):
        # Debian builds torch against the generic libblas.so.3, which the alternatives system
        # points at OpenBLAS when libopenblas0-* is installed: the config cannot know.
        blas = f"OpenBLAS at run time ({', '.join(l for l in libs if 'openblas' in l.lower())[:120]}); " \
               f"torch.__config__ says BLAS_INFO={blas_info}"
    else:
        blas = f"NOT OpenBLAS (BLAS_INFO={blas_info}, loaded: {', '.join(libs) or 'none found'})"
        print("WARNING: torch.__config__.show() does not mention OpenBLAS and no OpenBLAS library is "
              "loaded; PyTorch may be using the slow reference BLAS (about 5 GFLOP/s). Install "
              "libopenblas0-openmp.", file=sys.stderr)
    print(f"[pytorch] torch {torch.__version__}, BLAS: {blas}", file=sys.stderr)
    return True


# --- the reference's configuration (see benchmarks/README.md, "A fair reference") ------------

def openblas_corename():
    """The kernel family OpenBLAS picked in this process (e.g. Haswell, SkylakeX), or None."""
    import ctypes
    for lib in loaded_blas():
        if "openblas" not in lib.lower():
            continue
        try:
            f = ctypes.CDLL(lib).openblas_get_corename
            f.restype = ctypes.c_char_p
            return f().decode()
        except (OSError, AttributeError):
            continue
    return None


def cpu_capability(torch):
    """The SIMD level of PyTorch's own (ATen) kernels: AVX2, AVX512, DEFAULT..."""
    get = getattr(getattr(torch.backends, "cpu", None), "get_cpu_capability", None)
    if get is not None:
        return get()
    m = re.search(r"CPU capability usage: (\S+)", torch.__config__.show())
    return m.group(1) if m else "?"


def environment():
    """ENV rows: what the reference runs on (printed by --env)."""
    import torch
    a = torch.ones(64, 64)
    (a @ a).sum().item()  # loads the BLAS library
    core = openblas_corename() or "not OpenBLAS"
    forced = os.environ.get("OPENBLAS_CORETYPE")
    print(f"ENV\tpytorch_blas\tOpenBLAS {core}{' (OPENBLAS_CORETYPE=' + forced + ')' if forced else ' (detected)'}")
    cap = cpu_capability(torch)
    forced = os.environ.get("ATEN_CPU_CAPABILITY")
    print(f"ENV\tpytorch_simd\t{cap}{' (ATEN_CPU_CAPABILITY=' + forced + ')' if forced else ''}")
    print(f"ENV\tpytorch\ttorch {torch.__version__}")


def probe():
    """PROBE rows for the compare script's choice of settings: SGEMM n=1024 GFLOP/s on one thread
    (OpenBLAS kernel family) and the time of a few ATen elementwise ops (ATen's SIMD level)."""
    import torch
    torch.set_num_threads(1)
    n = 1024
    g = torch.Generator().manual_seed(1)
    a, b, c = torch.rand(n, n, generator=g), torch.rand(n, n, generator=g), torch.empty(n, n)
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(3):
            torch.mm(a, b, out=c)
        best = min(best, (time.perf_counter() - t0) / 3)
    print(f"PROBE\tsgemm\t{openblas_corename() or 'not OpenBLAS'}\t{2 * n ** 3 / best * 1e-9:.1f}")
    x, y, out = torch.randn(1 << 20), torch.randn(1 << 20), torch.empty(1 << 20)
    s = torch.randn(256, 1024)
    best = float("inf")
    with torch.no_grad():
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(10):
                torch.add(x, y, out=out)
                torch.exp(x, out=out)
                torch.softmax(s, 1)
            best = min(best, (time.perf_counter() - t0) / 10)
    print(f"PROBE\taten\t{cpu_capability(torch)}\t{best * 1e3:.3f}")


# --- main ------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--list", action="store_true", help="list workload ids")
    ap.add_argument("--check", action="store_true", help="check PyTorch and its BLAS; exit 1 if unusable")
    ap.add_argument("--env", action="store_true", help="print ENV rows: BLAS kernel family, ATen SIMD level")
    ap.add_argument("--probe", action="store_true", help="print PROBE rows used to choose the reference's settings")
    ap.add_argument("--workload")
    ap.add_argument("--threads", type=int)
    ap.add_argument("--quick", action="store_true", help="short warm-up and 3 runs (smoke test)")
    ap.add_argument("--params", help="only cases whose params match this regex")
    args = ap.parse_args()

    if args.list:
        for wid, (description, *_rest) in WORKLOADS.items():
            print(f"{wid}\t{description}")
        return 0
    if args.check:
        return 0 if check() else 1
    if args.env:
        environment()
        return 0
    if args.probe:
        probe()
        return 0
    if not args.workload:
        ap.error("--workload is required")
    entry = next((v for k, v in WORKLOADS.items() if k.lower() == args.workload.lower()), None)
    if entry is None:
        print(f"[pytorch] unknown workload {args.workload} (known: {','.join(WORKLOADS)})", file=sys.stderr)
        return 0
    wid = next(k for k in WORKLOADS if k.lower() == args.workload.lower())
    description, metric, params, grad, prepare = entry
    higher, convert = METRICS[metric]
    threads = args.threads or int(os.environ.get("OMP_NUM_THREADS", os.cpu_count() or 1))
    if os.environ.get("OMP_NUM_THREADS") != str(threads):
        print(f"[pytorch] warning: OMP_NUM_THREADS is {os.environ.get('OMP_NUM_THREADS', 'unset')}, "
              f"not {threads}: OpenMP may size its pool differently", file=sys.stderr)
    pattern = re.compile(args.params) if args.params else None
    timing = QUICK if args.quick else TIMING

    try:
        import torch
        torch.set_num_threads(threads)
        prime_allocator(torch)
    except ImportError:
        torch = None
        print("WARNING: " + MISSING_TORCH, file=sys.stderr)

    for text in params:
        if pattern and not pattern.search(text):
            continue
        value = "NA"
        if torch is not None:
            try:
                with torch.enable_grad() if grad else torch.no_grad():
                    task, flops = prepare(parse_params(text))
                    t = timing
                    if timing is TIMING and metric == "ms/step":  # as Timer.STEP_WARMUP_SECONDS
                        t = dict(timing, warmup_min=STEP_WARMUP_SECONDS, warmup_max=STEP_WARMUP_SECONDS + 30.0)
                    med, spread, runs, calls, warmup, settled = measure(task, t)
                value = f"{convert(med, flops):.6g}"
                print(f"[pytorch] {wid} {text} threads={threads}: {value} {metric} (median of {runs} runs "
                      f"x {calls} calls, spread {100 * spread:.1f}%, warm-up {warmup:.1f} s"
                      f"{'' if settled else ', not settled'})", file=sys.stderr)
            except Exception as e:  # one failing case must not lose the others
                print(f"[pytorch] {wid} {text} threads={threads} failed: {e!r}", file=sys.stderr)
        print(f"RESULT\t{wid}\t{text}\t{threads}\t{metric}\t{'higher' if higher else 'lower'}\t{value}",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
