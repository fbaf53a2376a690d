'use strict';
// The @stellar/stellar-xdr-json side of the SEP-51 cross-check (driven by
// XdrJsonInteropTests.cpp). The package is the Rust stellar-xdr crate that
// stellar-cli is built on, compiled to WebAssembly.
//
//   node xdrJsonCheck.js types <stellar-xdr-json dir> <out.json>
//     {"package", "types": [every type name, in the package's order]}
//   node xdrJsonCheck.js check <stellar-xdr-json dir> <in.json> <out.json>
//     For each {label, type, base64, json} we made: the package's decode of
//     the bytes ("decoded": its JSON text, or "decodeError") and its encode
//     of our JSON text ("encoded": base64, or "encodeError").
//   node xdrJsonCheck.js encode <stellar-xdr-json dir> <in.json> <out.json>
//     For each {label, type, json}: the package's encode of the JSON text.
// Exit code 0 unless the script itself breaks; per-item results are for the
// C++ test to assert on.

const fs = require('fs');
const { loadXdrJson } = require('../../../tools/xdrgen/xdrJson');

function attempt(f) {
    try {
        return { value: f() };
    } catch (e) {
        return { error: String(e) };
    }
}

function check(api, items) {
    return items.map(({ label, type, base64, json }) => {
        const out = { label };
        const d = attempt(() => api.decode(type, base64));
        if (d.error !== undefined) out.decodeError = d.error;
        else out.decoded = d.value;
        const e = attempt(() => api.encode(type, json));
        if (e.error !== undefined) out.encodeError = e.error;
        else out.encoded = e.value;
        return out;
    });
}

async function main([command, packageDir, ...rest]) {
    const xdrJson = await loadXdrJson(packageDir);
    const pkg = `${xdrJson.name} ${xdrJson.version}`;
    if (command === 'types') {
        const [outFile] = rest;
        fs.writeFileSync(outFile, JSON.stringify({ package: pkg, types: xdrJson.api.types() }));
    } else if (command === 'check') {
        const [inFile, outFile] = rest;
        const input = JSON.parse(fs.readFileSync(inFile, 'utf8'));
        fs.writeFileSync(outFile, JSON.stringify({ package: pkg, items: check(xdrJson.api, input.items) }));
    } else if (command === 'encode') {
        const [inFile, outFile] = rest;
        const input = JSON.parse(fs.readFileSync(inFile, 'utf8'));
        const items = input.items.map(({ label, type, json }) => {
            const e = attempt(() => xdrJson.api.encode(type, json));
            return e.error !== undefined ? { label, encodeError: e.error } : { label, encoded: e.value };
        });
        fs.writeFileSync(outFile, JSON.stringify({ package: pkg, items }));
    } else {
        throw new Error(`unknown command '${command}' (types, check or encode)`);
    }
}

main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${e.stack || e}\n`);
    process.exit(1);
});
