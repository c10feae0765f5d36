"""Reference values for OptimizersExampleTest, NumpyRandomTest and GradCheckExampleTest.

The course's optimization notebook calls np.random.seed(3) then sklearn.datasets.make_moons(300,
noise=0.2); make_moons is reproduced here with NumPy alone (scikit-learn's algorithm: two
half-circles at linspace(0, pi, n/2), the indices shuffled with the global RandomState, then
normal noise of scale `noise` added in C order), and with scikit-learn too when it is installed.
Run with: python3 examples/src/test/python/optimizers_gradcheck_reference.py
"""
import numpy as np


def make_moons(n=300, noise=0.2):
    n_out = n // 2
    n_in = n - n_out
    outer_x = np.cos(np.linspace(0, np.pi, n_out))
    outer_y = np.sin(np.linspace(0, np.pi, n_out))
    inner_x = 1 - np.cos(np.linspace(0, np.pi, n_in))
    inner_y = 1 - np.sin(np.linspace(0, np.pi, n_in)) - 0.5
    X = np.vstack([np.append(outer_x, inner_x), np.append(outer_y, inner_y)]).T
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    idx = np.arange(n)
    np.random.shuffle(idx)
    X, y = X[idx], y[idx]
    X += np.random.normal(scale=noise, size=X.shape)
    return X, y


np.random.seed(3)
X, y = make_moons()
print("moons X[0], X[1], X[299]:", repr(X[0]), repr(X[1]), repr(X[299]))
print("moons y[:10]:", y[:10].tolist())
try:
    import sklearn.datasets
    np.random.seed(3)
    X2, y2 = sklearn.datasets.make_moons(n_samples=300, noise=.2)
    print("scikit-learn agrees:", np.array_equal(X, X2) and np.array_equal(y, y2))
except ImportError:
    print("scikit-learn not installed")

np.random.seed(11)
print("permutation(300)[:8] after seed 11:", np.random.permutation(300)[:8].tolist())
np.random.seed(0)
print("permutation(10) after seed 0:", np.random.permutation(10).tolist())

# He initialisation of the 2-5-2-1 network: np.random.seed(3); W1 = randn(5, 2) * sqrt(2 / 2), ...
np.random.seed(3)
W1 = np.random.randn(5, 2) * np.sqrt(2 / 2)
W2 = np.random.randn(2, 5) * np.sqrt(2 / 5)
W3 = np.random.randn(1, 2) * np.sqrt(2 / 2)
print("W1[0, 0], W2[1, 4], W3[0, 1]:", repr(W1[0, 0]), repr(W2[1, 4]), repr(W3[0, 1]))


# gradient_check_n_test_case and the course's difference, in float64 with its backward
def relu(z):
    return np.maximum(0, z)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


np.random.seed(1)
x = np.random.randn(4, 3)
Y = np.array([1, 1, 0])
W1 = np.random.randn(5, 4); b1 = np.random.randn(5, 1)
W2 = np.random.randn(3, 5); b2 = np.random.randn(3, 1)
W3 = np.random.randn(1, 3); b3 = np.random.randn(1, 1)
print("x[0, 0], x[1, 0], x[0, 1]:", repr(x[0, 0]), repr(x[1, 0]), repr(x[0, 1]))


def forward(theta):
    shapes = [(5, 4), (5, 1), (3, 5), (3, 1), (1, 3), (1, 1)]
    ps, at = [], 0
    for s in shapes:
        n = s[0] * s[1]
        ps.append(theta[at:at + n].reshape(s))
        at += n
    a1 = relu(ps[0] @ x + ps[1])
    a2 = relu(ps[2] @ a1 + ps[3])
    a3 = sigmoid(ps[4] @ a2 + ps[5])
    return np.sum(-np.log(a3) * Y - np.log(1 - a3) * (1 - Y)) / 3


def backward(bug):
    m = 3
    z1 = W1 @ x + b1; a1 = relu(z1)
    z2 = W2 @ a1 + b2; a2 = relu(z2)
    z3 = W3 @ a2 + b3; a3 = sigmoid(z3)
    dz3 = a3 - Y
    dW3 = dz3 @ a2.T / m; db3 = dz3.sum(1, keepdims=True) / m
    dz2 = (W3.T @ dz3) * (a2 > 0)
    dW2 = dz2 @ a1.T / m * (2 if bug else 1); db2 = dz2.sum(1, keepdims=True) / m
    dz1 = (W2.T @ dz2) * (a1 > 0)
    dW1 = dz1 @ x.T / m; db1 = dz1.sum(1, keepdims=True) * (4 if bug else 1) / m
    return np.concatenate([g.ravel() for g in (dW1, db1, dW2, db2, dW3, db3)])


theta = np.concatenate([p.ravel() for p in (W1, b1, W2, b2, W3, b3)])
eps = 1e-7
approx = np.array([(forward(theta + eps * np.eye(47)[i]) - forward(theta - eps * np.eye(47)[i])) / (2 * eps) for i in range(47)])
for bug in (True, False):
    g = backward(bug)
    print("course difference (float64), bug=%s:" % bug, np.linalg.norm(g - approx) / (np.linalg.norm(g) + np.linalg.norm(approx)))
