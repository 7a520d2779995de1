#!/usr/bin/env bash
# Copies the pinned front-end packages from node_modules into static files: no CDN, intranets are offline.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=gonghui/static/vendor
rm -rf "$dest"
mkdir -p "$dest"/{bootstrap,bootstrap-icons/fonts,htmx,echarts}
cp node_modules/bootstrap/dist/css/bootstrap.min.css{,.map} node_modules/bootstrap/dist/js/bootstrap.bundle.min.js{,.map} "$dest/bootstrap/"
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css "$dest/bootstrap-icons/"
cp node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff2 node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff "$dest/bootstrap-icons/fonts/"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
cp node_modules/echarts/dist/echarts.min.js "$dest/echarts/"
