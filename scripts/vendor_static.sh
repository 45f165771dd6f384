#!/usr/bin/env bash
# Copies the front-end packages casemgmt uses from the npm registry into static/vendor/.
# The result is committed: the app runs offline and loads nothing from a CDN.
# htmx itself comes from django-htmx (PyPI), served by its {% htmx_script %} tag.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP=5.3.8
ICONS=1.13.2
CHARTJS=4.6.1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "bootstrap@$BOOTSTRAP" "bootstrap-icons@$ICONS" "chart.js@$CHARTJS" >/dev/null)

rm -rf static/vendor/bootstrap static/vendor/bootstrap-icons
mkdir -p static/vendor/bootstrap/css static/vendor/bootstrap/js static/vendor/bootstrap-icons

tar -xzf "$work/bootstrap-$BOOTSTRAP.tgz" -C "$work"
cp "$work"/package/dist/css/bootstrap.min.css* static/vendor/bootstrap/css/
cp "$work"/package/dist/js/bootstrap.bundle.min.js* static/vendor/bootstrap/js/
cp "$work"/package/LICENSE static/vendor/bootstrap/
rm -rf "$work/package"

tar -xzf "$work/bootstrap-icons-$ICONS.tgz" -C "$work"
cp -r "$work"/package/font static/vendor/bootstrap-icons/
rm -f static/vendor/bootstrap-icons/font/bootstrap-icons.{json,scss,ts}
cp "$work"/package/LICENSE static/vendor/bootstrap-icons/
rm -rf "$work/package"

# Chart.js: the UMD bundle, which defines window.Chart for the page scripts.
tar -xzf "$work/chart.js-$CHARTJS.tgz" -C "$work"
rm -rf static/vendor/chartjs && mkdir -p static/vendor/chartjs
cp "$work"/package/dist/chart.umd.min.js static/vendor/chartjs/
cp "$work"/package/LICENSE.md static/vendor/chartjs/
printf 'bootstrap %s\nbootstrap-icons %s\nchart.js %s\n' "$BOOTSTRAP" "$ICONS" "$CHARTJS" > static/vendor/VERSIONS
echo "Vendored into static/vendor/: bootstrap $BOOTSTRAP, bootstrap-icons $ICONS, chart.js $CHARTJS"
