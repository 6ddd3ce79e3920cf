#!/usr/bin/env bash
# Quick start: installs missing Debian packages, builds stead (Release) and
# runs `stead server` in the foreground with the embedded store.
# Extra arguments are passed to `stead server` (see `stead server --help`).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/deps.sh
stead_install_deps
stead_build Release build stead
DATA_DIR=${STEAD_DATA_DIR:-/var/lib/stead}
mkdir -p "$DATA_DIR"
cat <<MSG

stead is starting. In another shell, point kubectl at it:

    export KUBECONFIG=$DATA_DIR/kubeconfig.yaml
    kubectl get namespaces

MSG
exec ./build/stead server --data-dir "$DATA_DIR" "$@"
