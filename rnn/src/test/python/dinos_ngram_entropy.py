#!/usr/bin/python3
"""Reference points for CharLstmTrainingTest: the per-character cross-entropy (nats) of the best
unigram, bigram and trigram models fitted on dinos.txt itself (names lowercased, each followed by a
newline, the context before a name's first letter being newlines), and the uniform guess ln 27."""
import collections
import math
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/text/dinos.txt"
names = [l.strip().lower() for l in open(path) if l.strip()]
for order in (1, 2, 3):
    counts, contexts = collections.Counter(), collections.Counter()
    for n in names:
        s = "\n" * (order - 1) + n + "\n" if order > 1 else n + "\n"
        for i in range(order - 1, len(s)):
            ctx, c = s[i - order + 1:i], s[i]
            counts[(ctx, c)] += 1
            contexts[ctx] += 1
    total = sum(counts.values())
    h = -sum(k / total * math.log(k / contexts[ctx]) for (ctx, _), k in counts.items())
    print(f"{order}-gram: {h:.3f} nats per character")
print(f"uniform: {math.log(27):.3f}")
