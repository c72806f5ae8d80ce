"""Fitting the linear models with scikit-learn (the ``train`` extra); inference needs numpy only.

``fit_sigmoid``: one logistic regression per label (multi-label), each on the rows whose label is
known (a label of -1 is left out), with example weights. ``fit_softmax``: one multinomial
logistic regression. Sparse features are binary; the dense block is standardised first. The
solver is deterministic (lbfgs), so the result depends on the data only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Design:
    """Sparse binary rows and a dense block."""

    rows: list[list[int]]
    dense: np.ndarray  # (n, d), d may be 0
    n_features: int

    @classmethod
    def build(cls, rows: list[list[int]], dense: np.ndarray | None, n_features: int) -> Design:
        d = dense if dense is not None else np.zeros((len(rows), 0), np.float32)
        return cls(rows, d.astype(np.float32), n_features)

    @property
    def n(self) -> int:
        return len(self.rows)

    def subset(self, idx: np.ndarray) -> Design:
        return Design([self.rows[i] for i in idx], self.dense[idx], self.n_features)

    def matrix(self, mean: np.ndarray, scale: np.ndarray):  # type: ignore[no-untyped-def]
        from scipy import sparse

        indptr = np.concatenate([[0], np.cumsum([len(r) for r in self.rows])])
        indices = np.fromiter((i for r in self.rows for i in r), dtype=np.int64, count=int(indptr[-1]))
        X = sparse.csr_matrix((np.ones(len(indices), np.float32), indices, indptr), shape=(self.n, self.n_features))
        if self.dense.shape[1]:
            X = sparse.hstack([X, sparse.csr_matrix((self.dense - mean) / scale)], format="csr")
        return X


@dataclass
class Weights:
    W: np.ndarray  # (features, labels)
    D: np.ndarray  # (dense, labels)
    b: np.ndarray
    mean: np.ndarray
    scale: np.ndarray

    def scores(self, X: Design) -> np.ndarray:
        out = np.tile(self.b, (X.n, 1)).astype(np.float32)
        for i, r in enumerate(X.rows):
            if r:
                out[i] += self.W[r].sum(axis=0)
        if self.D.shape[0]:
            out += ((X.dense - self.mean) / self.scale) @ self.D
        return out


def _standardise(X: Design) -> tuple[np.ndarray, np.ndarray]:
    if not X.dense.shape[1]:
        return np.zeros(0, np.float32), np.ones(0, np.float32)
    return X.dense.mean(axis=0).astype(np.float32), (X.dense.std(axis=0) + 1e-3).astype(np.float32)


def fit_sigmoid(X: Design, Y: np.ndarray, w: np.ndarray, C: float = 0.2, seed: int = 15) -> Weights:
    """Y: (n, labels) of 1, 0 or -1 (not trained on); w: (n,) example weights."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = _standardise(X)
    M = X.matrix(mean, scale)
    n_sparse, n_labels = X.n_features, Y.shape[1]
    W = np.zeros((n_sparse, n_labels), np.float32)
    D = np.zeros((X.dense.shape[1], n_labels), np.float32)
    b = np.full(n_labels, -8.0, np.float32)
    for k in range(n_labels):
        known = np.nonzero(Y[:, k] >= 0)[0]
        y = Y[known, k]
        if len(known) == 0 or y.min() == y.max():
            continue
        lr = LogisticRegression(C=C, max_iter=300, random_state=seed)
        lr.fit(M[known], y, sample_weight=w[known])
        coef = lr.coef_[0].astype(np.float32)
        W[:, k], D[:, k], b[k] = coef[:n_sparse], coef[n_sparse:], float(lr.intercept_[0])
    return Weights(W, D, b, mean, scale)


def fit_softmax(X: Design, y: np.ndarray, w: np.ndarray, n_classes: int, C: float = 0.2, seed: int = 15) -> Weights:
    from sklearn.linear_model import LogisticRegression

    mean, scale = _standardise(X)
    M = X.matrix(mean, scale)
    lr = LogisticRegression(C=C, max_iter=500, random_state=seed)
    lr.fit(M, y, sample_weight=w)
    coef = np.zeros((n_classes, M.shape[1]), np.float32)
    b = np.full(n_classes, -8.0, np.float32)
    coef[lr.classes_] = lr.coef_ if len(lr.classes_) > 2 else np.vstack([-lr.coef_[0], lr.coef_[0]])[: len(lr.classes_)]
    b[lr.classes_] = lr.intercept_ if len(lr.classes_) > 2 else [-lr.intercept_[0], lr.intercept_[0]]
    n = X.n_features
    return Weights(coef[:, :n].T.copy(), coef[:, n:].T.copy(), b, mean, scale)


def platt(scores: np.ndarray, y: np.ndarray, steps: int = 500) -> tuple[float, float]:
    """(a, b) with sigmoid(a * score + b) fitted to 0/1 outcomes by gradient descent."""
    a, b = 1.0, 0.0
    if len(y) == 0 or y.min() == y.max():
        return a, b
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(a * scores + b, -30, 30)))
        g = p - y
        a -= 0.5 * float((g * scores).mean())
        b -= 0.5 * float(g.mean())
    return a, b
