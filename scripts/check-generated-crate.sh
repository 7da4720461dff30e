#!/bin/sh
# Acceptance (issue 4, item 5): `qapi-gen rust --crate` on QEMU 10.0.2's
# QMP schema writes a crate that builds with no warnings and has rustdoc
# on every documented definition (cargo doc with -Dwarnings, and the
# missing_docs lint denied on the generated crate).
#
# Usage: scripts/check-generated-crate.sh [OUT_DIR]
# qapi-gen builds in $CARGO_TARGET_DIR (default: the workspace's target);
# the generated crate and its dependencies in /tmp/qapi-forge-gencrate-target.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$(mktemp -d /tmp/qapi-forge-gencrate.XXXXXX)}
gen_target=${CARGO_TARGET_DIR:-$root/target}
schema=$root/../shared/corpus/qemu-10.0.2/qapi/qapi-schema.json

(cd "$root" && CARGO_TARGET_DIR=$gen_target cargo build -q -p qapi-codegen --bin qapi-gen)
export CARGO_TARGET_DIR=/tmp/qapi-forge-gencrate-target
"$gen_target/debug/qapi-gen" rust --crate qemu-qmp-10-0-2 --runtime-path "$root/qmp" -o "$out" "$schema"
# A crate of its own, outside any workspace.
grep -q '^\[workspace\]' "$out/Cargo.toml" || printf '\n[workspace]\n' >>"$out/Cargo.toml"
sed -i '1a #![deny(missing_docs)]' "$out/src/lib.rs"
cd "$out"
RUSTFLAGS=-Dwarnings cargo build -q
RUSTDOCFLAGS=-Dwarnings cargo doc -q --no-deps
echo "ok: $out builds and documents with -Dwarnings and deny(missing_docs)"
