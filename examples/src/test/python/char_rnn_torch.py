"""The char-rnn example's training run in PyTorch, for the wall-time and loss comparison in
examples/README.md. Mirrors CharRnnExample step for step: the same 90/10 split of the text, the
same stream layout (BpttBatches: `batch` contiguous streams read in chunks of `seq_len`, the state
carried across chunks detached and reset at the start of each pass), the same model (Embedding(V, 64)
-> LSTM or GRU (layers x hidden, batch first) -> Linear(hidden, V), PyTorch's default
initialisation, dropout 0.25 between the recurrent layers), Adam with the learning rate annealed
by a cosine over the run (CosineAnnealingLR stepped per iteration), gradient-norm clipping and
validation evaluation (streams of the validation
part, state carried, mean cross-entropy per character) every `eval_every` steps.

    env -u OPENBLAS_CORETYPE python3 examples/src/test/python/char_rnn_torch.py \
        --data ../shared/data/text/tinyshakespeare.txt --steps 5000 --threads 2

Prints the validation loss per character and the time per training step (without evaluation).
"""
import argparse
import math
import time

import torch
import torch.nn as nn


class CharRnn(nn.Module):
    def __init__(self, vocab, embedding, hidden, layers, cell, dropout=0.0):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embedding)
        rnn = nn.LSTM if cell == "lstm" else nn.GRU
        self.rnn = rnn(embedding, hidden, layers, batch_first=True, dropout=dropout)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, tokens, state):
        out, state = self.rnn(self.embedding(tokens), state)
        return self.head(out), state


def streams(tokens, batch):
    m = len(tokens) // batch
    return tokens[: m * batch].view(batch, m)


def chunk(s, c, seq_len):
    start = c * seq_len
    length = min(seq_len, s.size(1) - 1 - start)
    return s[:, start:start + length], s[:, start + 1:start + 1 + length]


def detach(state):
    return tuple(t.detach() for t in state) if isinstance(state, tuple) else state.detach()


@torch.no_grad()
def evaluate(model, val, seq_len, vocab):
    model.eval()
    chunks = (val.size(1) - 1 + seq_len - 1) // seq_len
    state, total, count = None, 0.0, 0
    for c in range(chunks):
        x, y = chunk(val, c, seq_len)
        logits, state = model(x, state)
        total += nn.functional.cross_entropy(logits.reshape(-1, vocab), y.reshape(-1), reduction="sum").item()
        count += y.numel()
    model.train()
    return total / count


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="../shared/data/text/tinyshakespeare.txt")
    p.add_argument("--cell", default="lstm")
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--embedding", type=int, default=64)
    p.add_argument("--seq-len", type=int, default=64)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--steps", type=int, default=5000)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--lr-schedule", default="cosine", choices=["cosine", "constant"])
    p.add_argument("--lr-min", type=float, default=0.0)
    p.add_argument("--dropout", type=float, default=0.25)
    p.add_argument("--clip", type=float, default=5.0)
    p.add_argument("--eval-every", type=int, default=250)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--time-only", action="store_true", help="no evaluation: only the time per training step")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    with open(a.data, encoding="utf-8") as f:
        text = f.read()
    chars = sorted(set(text))
    index = {ch: i for i, ch in enumerate(chars)}
    tokens = torch.tensor([index[ch] for ch in text], dtype=torch.long)
    split = int(len(tokens) * 0.9)
    train = streams(tokens[:split], a.batch)
    val_tokens = tokens[split:]
    val = streams(val_tokens, max(1, min(a.batch, len(val_tokens) // 2)))
    chunks = (train.size(1) - 1) // a.seq_len  # dropLast, as the Java example
    vocab = len(chars)

    model = CharRnn(vocab, a.embedding, a.hidden, a.layers, a.cell, a.dropout)
    optimizer = torch.optim.Adam(model.parameters(), lr=a.lr)
    # The Java example's schedule: CosineAnnealingLR(T_max=steps) stepped once per iteration.
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=max(1, a.steps), eta_min=a.lr_min) \
        if a.lr_schedule == "cosine" else None
    print(f"{len(tokens)} characters ({vocab} distinct), {chunks} chunks per pass, "
          f"{sum(t.numel() for t in model.parameters())} parameters, {torch.get_num_threads()} threads, torch {torch.__version__}")
    state, loss_sum, loss_count, step_time = None, 0.0, 0, 0.0
    start = time.perf_counter()
    for step in range(a.steps):
        t0 = time.perf_counter()
        c = step % chunks
        if c == 0:
            state = None
        x, y = chunk(train, c, a.seq_len)
        optimizer.zero_grad()
        logits, state = model(x, state)
        loss = nn.functional.cross_entropy(logits.reshape(-1, vocab), y.reshape(-1))
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), a.clip)
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        state = detach(state)
        step_time += time.perf_counter() - t0
        loss_sum += loss.item()
        loss_count += 1
        done = step + 1
        if a.time_only:
            print(f"step {done}: loss {loss.item():.4f}, {time.perf_counter() - t0:.3f} s", flush=True)
        elif done % a.eval_every == 0 or done == a.steps:
            v = evaluate(model, val, a.seq_len, vocab)
            print(f"step {done}: train loss {loss_sum / loss_count:.4f}, val loss {v:.4f}, "
                  f"{step_time / done:.3f} s per step, {time.perf_counter() - start:.0f} s", flush=True)
            loss_sum, loss_count = 0.0, 0
    print(f"training time: {time.perf_counter() - start:.1f} s for {a.steps} steps "
          f"({step_time / max(1, a.steps):.3f} s per step without evaluation)")
    if not a.time_only:
        print(f"val loss: {v:.3f}")


if __name__ == "__main__":
    main()
