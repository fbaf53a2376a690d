'use strict';
// The stellar-base side of the XDR cross-check (driven by XdrInteropTests.cpp).
//
//   node crossCheck.js make <schema.json> <out.json> <random values per type> <seed>
//     Values made by stellar-base: the realistic ones (realistic.js) and
//     random ones of every schema type. For each: type, base64 of the
//     stellar-base encoding, and its JSON in our form.
//   node crossCheck.js check <schema.json> <in.json> <out.json>
//     For each {type, base64} we encoded: decode with stellar-base, encode
//     again (must give the same bytes), and report the value in our JSON form.
// Files are JSON with exact 64-bit integers. Exit code 0 unless the script
// itself breaks; per-item failures are reported in the output for the C++
// test to assert on.

const fs = require('fs');
const { xdr } = require('@stellar/stellar-base');
const { Bridge, Rng, stringify } = require('./bridge');
const { realisticValues } = require('./realistic');

function make(bridge, perType, seed) {
    const items = [];
    const addEncoded = (label, type, bytes) => {
        const decoded = bridge.decode(type, bytes);
        const again = bridge.encode(type, decoded);
        if (!again.equals(bytes)) throw new Error(`${label}: stellar-base does not re-encode its own bytes`);
        items.push({ label, type, base64: bytes.toString('base64'), json: bridge.ourJson(type, decoded) });
    };
    for (const { label, type, value } of realisticValues()) addEncoded(label, type, bridge.encode(type, value));
    const rng = new Rng(seed);
    for (const d of bridge.s.types()) {
        for (let i = 0; i < perType; i++) {
            const label = `random ${d.name} #${i}`;
            let bytes;
            try {
                bytes = bridge.encode(d.name, bridge.randomValue(d.name, rng));
            } catch (e) {
                throw new Error(`${label}: ${e.message}`);
            }
            addEncoded(label, d.name, bytes);
        }
    }
    return { items };
}

function check(bridge, input) {
    const items = input.items.map(({ label, type, base64 }) => {
        const bytes = Buffer.from(base64, 'base64');
        try {
            const decoded = bridge.decode(type, bytes);
            const again = bridge.encode(type, decoded);
            return { label, type, sameBytes: again.equals(bytes), json: bridge.ourJson(type, decoded) };
        } catch (e) {
            return { label, type, error: e.message };
        }
    });
    return { items };
}

function main(argv) {
    const [command, schemaFile, ...rest] = argv;
    const bridge = new Bridge(JSON.parse(fs.readFileSync(schemaFile, 'utf8')), xdr);
    if (command === 'make') {
        const [outFile, perType, seed] = rest;
        fs.writeFileSync(outFile, stringify(make(bridge, Number(perType), Number(seed))));
    } else if (command === 'check') {
        const [inFile, outFile] = rest;
        fs.writeFileSync(outFile, stringify(check(bridge, JSON.parse(fs.readFileSync(inFile, 'utf8')))));
    } else {
        throw new Error(`unknown command '${command}' (make or check)`);
    }
}

try {
    main(process.argv.slice(2));
} catch (e) {
    process.stderr.write(`crossCheck.js: ${e.stack}\n`);
    process.exit(1);
}
