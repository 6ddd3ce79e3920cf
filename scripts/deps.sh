#!/usr/bin/env bash
# Installs the Debian packages stead needs to build, run and test, skipping
# those already present. Sourced by run.sh and test.sh.
STEAD_DEB_PACKAGES=(
  cmake ninja-build g++ ccache pkg-config
  libboost-dev nlohmann-json3-dev libsqlite3-dev libssl-dev libyaml-cpp-dev
  libgtest-dev libgmock-dev
  iproute2 nftables conntrack dnsutils dnsmasq-base jq curl python3
  etcd-server
)

stead_install_deps() {
  local missing=()
  for p in "${STEAD_DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

stead_build() {
  local type=${1:-Release} dir=${2:-build}
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" >/dev/null
  ninja -C "$dir" "${@:3}"
}
