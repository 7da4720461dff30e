#!/usr/bin/env bash
# The main job on our example schema (schema/): check it, print its model,
# and generate everything qapi-gen generates into target/example/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/example
mkdir -p "$out"
gen() { cargo run -q -p qapi-codegen --bin qapi-gen -- "$@"; }

gen check schema/qapi-schema.json
gen dump schema/qapi-schema.json > "$out/model.txt"
gen introspect schema/qapi-schema.json > "$out/query-qmp-schema.json"
for f in txt md html; do gen docs --format="$f" -o "$out/docs-$f" schema/qapi-schema.json; done
gen rust -o "$out/rust" schema/qapi-schema.json
echo "checked schema/qapi-schema.json; outputs in $out/:"
ls -R "$out" | head -40
