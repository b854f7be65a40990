"""Reference for `avl eval classify`: scikit-learn's LinearSVC on exactly the features and folds the C# run used.

Usage:
    avl eval classify ... --features-out DIR
    /usr/bin/python3 downstream_linearsvc.py DIR [--json OUT.json]

DIR holds features.npy (float32 [N, D], pooled), labels.npy and folds.npy (int64 [N]; each non-negative fold is
held out once, negative folds are training only), as written by ClipFeatureSet.Export. Every round fits a
StandardScaler on its training rows only, then the classifier, and scores the held-out rows; the mean over folds
is reported, as `avl eval classify` does.
"""
import argparse
import json
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC


def cross_validate(make_model, features, labels, folds):
    accuracies = []
    for fold in sorted(f for f in set(folds.tolist()) if f >= 0):
        train, test = folds != fold, folds == fold
        model = make_pipeline(StandardScaler(), make_model())
        model.fit(features[train], labels[train])
        accuracies.append(float((model.predict(features[test]) == labels[test]).mean()))
    return accuracies


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--json")
    args = parser.parse_args()
    features = np.load(f"{args.folder}/features.npy")
    labels = np.load(f"{args.folder}/labels.npy")
    folds = np.load(f"{args.folder}/folds.npy")
    print(f"{features.shape[0]} items, {features.shape[1]} features, {len(set(labels.tolist()))} classes")
    models = {
        "LinearSVC(C=1)": lambda: LinearSVC(C=1.0, max_iter=100000),
        "LinearSVC(C=0.1)": lambda: LinearSVC(C=0.1, max_iter=100000),
        "LinearSVC(C=0.01)": lambda: LinearSVC(C=0.01, max_iter=100000),
        "LogisticRegression(C=1)": lambda: LogisticRegression(C=1.0, max_iter=10000),
    }
    report = {}
    for name, make_model in models.items():
        accuracies = cross_validate(make_model, features, labels, folds)
        report[name] = {"mean_accuracy": float(np.mean(accuracies)), "fold_accuracies": accuracies}
        print(f"{name:26s} mean {np.mean(accuracies):.4f}  folds {' '.join(f'{a:.4f}' for a in accuracies)}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
