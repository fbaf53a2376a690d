'use strict';
// Protocol 27 transactions encoded by @stellar/stellar-xdr-json 27.0.0 (the
// Rust stellar-xdr crate), for Protocol27FloodTests.cpp: Soroban invocations
// whose authorization entries use the credentials protocol 27 added
// (SOROBAN_CREDENTIALS_ADDRESS_V2, SOROBAN_CREDENTIALS_ADDRESS_WITH_DELEGATES
// with delegates nested several levels deep).
//
//   node protocol27.js <stellar-xdr-json dir> <out.json>
//
// Output: {"items": [{"label", "base64"}]}, each a TransactionEnvelope.
// The values are written in SEP-51 JSON; the bytes are the package's.

const fs = require('fs');
const { StrKey } = require('@stellar/stellar-base');
const { loadXdrJson } = require('../../../tools/xdrgen/xdrJson');

const account = (n) => StrKey.encodeEd25519PublicKey(Buffer.alloc(32, n));
const contract = (n) => StrKey.encodeContract(Buffer.alloc(32, n));
const hex = (n, length) => Buffer.alloc(length, n).toString('hex');

// A signature as a Soroban account contract expects it: a vector of one map
// {public_key: bytes, signature: bytes}.
function signature(n) {
    const map = [
        { key: { symbol: 'public_key' }, val: { bytes: hex(n, 32) } },
        { key: { symbol: 'signature' }, val: { bytes: hex((n + 1) & 0xff, 64) } },
    ];
    return { vec: [{ map }] };
}

function addressCredentials(n) {
    return { address: account(n), nonce: String(1000 + n), signature_expiration_ledger: 5000, signature: signature(n) };
}

// A delegate with `depth` levels of nested delegates below it.
function delegate(n, depth) {
    return {
        address: depth % 2 ? contract(n) : account(n),
        signature: signature(n),
        nested_delegates: depth > 0 ? [delegate(n + 1, depth - 1), delegate(n + 2, 0)] : [],
    };
}

function authEntry(credentials, n) {
    return {
        credentials,
        root_invocation: {
            function: { contract_fn: { contract_address: contract(n), function_name: 'transfer', args: [] } },
            sub_invocations: [],
        },
    };
}

function envelope(seqNum, auth) {
    return {
        tx: {
            tx: {
                source_account: account(0x11),
                fee: 250000,
                seq_num: String(seqNum),
                cond: 'none',
                memo: 'none',
                operations: [
                    {
                        source_account: null,
                        body: {
                            invoke_host_function: {
                                host_function: {
                                    invoke_contract: { contract_address: contract(0x77), function_name: 'transfer', args: [] },
                                },
                                auth,
                            },
                        },
                    },
                ],
                ext: {
                    v1: {
                        ext: 'v0',
                        resources: {
                            footprint: { read_only: [], read_write: [] },
                            instructions: 1000000,
                            disk_read_bytes: 0,
                            write_bytes: 0,
                        },
                        resource_fee: '100000',
                    },
                },
            },
            signatures: [{ hint: '01020304', signature: hex(0x5a, 64) }],
        },
    };
}

function transactions() {
    const items = [];
    for (let i = 0; i < 4; i++) {
        const v2 = { address_v2: addressCredentials(i) };
        items.push({ label: `address_v2 #${i}`, json: envelope(100 + i, [authEntry(v2, i)]) });
        const withDelegates = {
            address_with_delegates: {
                address_credentials: addressCredentials(0x20 + i),
                delegates: [delegate(0x30, i), delegate(0x40, 0)],
            },
        };
        items.push({
            label: `address_with_delegates, nested ${i} deep #${i}`,
            json: envelope(200 + i, [authEntry(withDelegates, i), authEntry(v2, i), authEntry('source_account', i)]),
        });
    }
    return items;
}

async function main([packageDir, outFile]) {
    const xdrJson = await loadXdrJson(packageDir);
    const items = transactions().map(({ label, json }) => ({
        label,
        base64: xdrJson.api.encode('TransactionEnvelope', JSON.stringify(json)),
    }));
    fs.writeFileSync(outFile, JSON.stringify({ package: `${xdrJson.name} ${xdrJson.version}`, items }));
}

main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${e.stack || e}\n`);
    process.exit(1);
});
