'use strict';
// The stellar-base side of the XDR cross-check (driven by XdrInteropTests.cpp).
//
//   node crossCheck.js make <stellar-base schema> <our schema> <stellar-xdr-json dir> <out.json> <random values per type> <seed>
//     Values made by stellar-base: the realistic ones (realistic.js) and
//     random ones of every type stellar-base has. For each: type, base64 of
//     the stellar-base encoding, and the SEP-51 JSON that
//     @stellar/stellar-xdr-json prints for those bytes ("sep51", text).
//   node crossCheck.js check <stellar-base schema> <our schema> <stellar-xdr-json dir> <in.json> <out.json>
//     For each {type, base64} we encoded: decode with stellar-base, encode
//     again (must give the same bytes).
//     stellar-base's XDR is older: a type it lacks is {skipped: true}, a value
//     that uses an enum member added since is {newer: "<enum> <value>"}.
// The stellar-base schema is extract.js's (stellar-base's own protocol, with
// its JavaScript names); ours is fromXdrJson.js's (with the package's names).
// Files are JSON with exact 64-bit integers. Exit code 0 unless the script
// itself breaks; per-item failures are reported in the output for the C++
// test to assert on.

const fs = require('fs');
const { xdr } = require('@stellar/stellar-base');
const { Bridge, Rng, stringify, addedEnumMembers } = require('./bridge');
const { realisticValues } = require('./realistic');
const { loadXdrJson } = require('../../../tools/xdrgen/xdrJson');

function make(bridge, sep51, perType, seed) {
    const items = [];
    const addEncoded = (label, type, bytes) => {
        const decoded = bridge.decode(type, bytes);
        const again = bridge.encode(type, decoded);
        if (!again.equals(bytes)) throw new Error(`${label}: stellar-base does not re-encode its own bytes`);
        const base64 = bytes.toString('base64');
        items.push({ label, type, base64, sep51: sep51(type, base64) });
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

function check(bridge, added, input) {
    const items = input.items.map(({ label, type, base64 }) => {
        if (!bridge.s.byName.has(type)) return { label, type, skipped: true };
        const bytes = Buffer.from(base64, 'base64');
        try {
            const decoded = bridge.decode(type, bytes);
            const again = bridge.encode(type, decoded);
            return { label, type, sameBytes: again.equals(bytes) };
        } catch (e) {
            const m = /unknown (\w+) member for value (-?\d+)/.exec(e.message);
            if (m && added.has(`${m[1]} ${m[2]}`)) return { label, type, newer: `${m[1]} ${m[2]}` };
            return { label, type, error: e.message };
        }
    });
    return { items };
}

async function main(argv) {
    const [command, baseSchemaFile, ourSchemaFile, xdrJsonDir, ...rest] = argv;
    const baseSchema = JSON.parse(fs.readFileSync(baseSchemaFile, 'utf8'));
    const ourSchema = JSON.parse(fs.readFileSync(ourSchemaFile, 'utf8'));
    const bridge = new Bridge(baseSchema, xdr);
    if (command === 'make') {
        const [outFile, perType, seed] = rest;
        const xdrJson = await loadXdrJson(xdrJsonDir);
        const rustName = new Map(ourSchema.definitions.filter((d) => d.rust).map((d) => [d.name, d.rust]));
        const sep51 = (type, base64) => xdrJson.api.decode(rustName.get(type), base64);
        fs.writeFileSync(outFile, stringify(make(bridge, sep51, Number(perType), Number(seed))));
    } else if (command === 'check') {
        const [inFile, outFile] = rest;
        const added = addedEnumMembers(baseSchema, ourSchema);
        fs.writeFileSync(outFile, stringify(check(bridge, added, JSON.parse(fs.readFileSync(inFile, 'utf8')))));
    } else {
        throw new Error(`unknown command '${command}' (make or check)`);
    }
}

main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`crossCheck.js: ${e.stack}\n`);
    process.exit(1);
});
