'use strict';
// Loads @stellar/stellar-xdr-json (the Rust stellar-xdr crate built to
// WebAssembly) and asks it what it knows: its type names (`types()`) and each
// type's JSON Schema (`schema(type)`). The build reads its XDR from these;
// the interop tests use the same loader to encode and decode with it.
//
// The package is an ES module that fetches its .wasm by URL unless given the
// bytes; we hand it the bytes (no network, no fetch).

const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

async function loadXdrJson(packageDir) {
    const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
    const mod = await import(pathToFileURL(path.join(packageDir, pkg.main)).href);
    const wasmFile = path.join(packageDir, path.basename(pkg.main, '.js') + '_bg.wasm');
    mod.initSync(fs.readFileSync(wasmFile));
    return { name: pkg.name, version: pkg.version, api: mod };
}

// Every type with its parsed JSON Schema, in the package's order.
function readSchemas(xdrJson) {
    return xdrJson.api.types().map((name) => ({ name, schema: JSON.parse(xdrJson.api.schema(name)) }));
}

module.exports = { loadXdrJson, readSchemas };
