'use strict';
// The bridge between stellar-base's XDR values (js-xdr objects) and our C++
// code, driven by the schema JSON that tools/xdrgen/extract.js writes:
//  - encode / decode with stellar-base by canonical type name;
//  - randomValue(type): a random valid stellar-base value of any type,
//    constructed through js-xdr's own constructors (bounded sizes and depth);
//  - stringify: JSON text with exact 64-bit integers (BigInt as digits).

const { XdrWriter } = require('@stellar/js-xdr');
const { Schema } = require('../../../tools/xdrgen/schema');

class Bridge {
    constructor(schemaJson, xdr) {
        this.s = new Schema(schemaJson);
        this.xdr = xdr;
    }

    typeObject(name) {
        const d = this.s.def(name);
        const t = this.xdr[d.js];
        if (!t) throw new Error(`stellar-base has no type ${d.js} (for ${name})`);
        return t;
    }

    encode(name, value) {
        const w = new XdrWriter();
        this.typeObject(name).write(value, w);
        return w.finalize();
    }

    decode(name, bytes) {
        return this.typeObject(name).fromXDR(bytes);
    }

    // --- random stellar-base values ------------------------------------------

    randomValue(name, rng, limits = { depth: 6, elements: 3, bytes: 40 }) {
        this.rng = rng;
        this.limits = limits;
        this.depth = 0;
        return this.random({ kind: 'ref', name });
    }

    deep() {
        return this.depth >= this.limits.depth;
    }

    count(max, bytes) {
        let cap = bytes ? this.limits.bytes : this.deep() ? 0 : this.depth <= 1 ? this.limits.elements : 1;
        if (max !== null && cap > max) cap = max;
        return this.rng.below(cap + 1);
    }

    random(t) {
        const r = this.rng;
        switch (t.kind) {
        case 'int':
            return Number(BigInt.asIntN(32, r.bits64()));
        case 'uint':
            return Number(BigInt.asUintN(32, r.bits64()));
        case 'hyper':
            return BigInt.asIntN(64, r.bits64());
        case 'uhyper':
            return BigInt.asUintN(64, r.bits64());
        case 'bool':
            return r.below(2) === 1;
        case 'opaque':
            return r.bytes(t.length);
        case 'varopaque':
            return r.bytes(this.count(t.max, true));
        case 'string':
            return r.text(this.count(t.max, true));
        case 'array':
            return Array.from({ length: t.length }, () => this.random(t.elem));
        case 'vararray':
            return Array.from({ length: this.count(t.max, false) }, () => this.random(t.elem));
        case 'optional':
            return !this.deep() && r.below(2) === 1 ? this.random(t.elem) : null;
        case 'ref':
            return this.randomRef(this.s.def(t.name));
        default:
            throw new Error(`unknown type kind ${t.kind}`);
        }
    }

    randomRef(d) {
        const r = this.rng;
        if (d.kind === 'typedef') return this.random(d.type);
        if (d.kind === 'enum') return this.typeObject(d.name).fromValue(d.members[r.below(d.members.length)].value);
        this.depth++;
        try {
            if (d.kind === 'struct') {
                const attrs = {};
                for (const f of d.fields) attrs[f.js] = this.random(f.type);
                return new (this.typeObject(d.name))(attrs);
            }
            const cases = this.s.unionArms(d).filter((a) => !a.isDefault);
            const armDepth = (a) => (a.arm ? this.s.minDepth(a.arm.type) : 0);
            const shallowest = Math.min(...cases.map(armDepth));
            const pool = this.deep() ? cases.filter((a) => armDepth(a) === shallowest) : cases;
            const values = pool.flatMap((a) => a.values.map((v) => ({ a, v })));
            const { a, v } = values[r.below(values.length)];
            const discEnum = this.s.enumOf(d.discriminant.type);
            const disc = discEnum
                ? this.typeObject(discEnum.name).fromValue(v.value)
                : this.s.resolve(d.discriminant.type).kind === 'bool'
                    ? v.value === 1
                    : v.value;
            const armValue = a.arm ? this.random(a.arm.type) : undefined;
            return new (this.typeObject(d.name))(disc, armValue);
        } finally {
            this.depth--;
        }
    }
}

// A seeded generator (xorshift64*), so that runs repeat.
class Rng {
    constructor(seed) {
        this.state = BigInt.asUintN(64, BigInt(seed) * 0x9e3779b97f4a7c15n + 1n);
    }

    next64() {
        let x = this.state;
        x ^= x >> 12n;
        x ^= BigInt.asUintN(64, x << 25n);
        x ^= x >> 27n;
        this.state = x;
        return BigInt.asUintN(64, x * 0x2545f4914f6cdd1dn);
    }

    below(n) {
        return n <= 0 ? 0 : Number(this.next64() % BigInt(n));
    }

    // Integers favour the edges (0, 1, all ones, powers of two).
    bits64() {
        switch (this.below(8)) {
        case 0:
            return 0n;
        case 1:
            return 1n;
        case 2:
            return 0xffffffffffffffffn;
        case 3:
            return 1n << BigInt(this.below(64));
        case 4:
            return BigInt(this.below(1000));
        default:
            return this.next64();
        }
    }

    bytes(n) {
        const b = Buffer.alloc(n);
        for (let i = 0; i < n; i++) b[i] = this.below(256);
        return b;
    }

    // n bytes: ASCII, two-byte UTF-8, or arbitrary (usually not UTF-8).
    text(n) {
        switch (this.below(3)) {
        case 0:
            return Buffer.from(Array.from({ length: n }, () => 32 + this.below(95)));
        case 1: {
            const b = Buffer.alloc(n, 0x65);
            for (let i = 0; i + 2 <= n; i += 2) {
                b[i] = 0xc3;
                b[i + 1] = 0xa9;
            }
            return b;
        }
        default:
            return this.bytes(n);
        }
    }
}

// "<stellar-base's enum name> <value>" of every enum member our schema
// (fromXdrJson.js's) has and stellar-base's (extract.js's) lacks.
function addedEnumMembers(base, ours) {
    const baseEnums = new Map(base.definitions.filter((d) => d.kind === 'enum').map((d) => [d.name, d]));
    const added = new Set();
    for (const d of ours.definitions) {
        const b = baseEnums.get(d.name);
        if (!b) continue;
        for (const m of d.members) if (!b.members.some((x) => x.value === m.value)) added.add(`${b.js} ${m.value}`);
    }
    return added;
}

// JSON text with BigInt written as exact digits.
function stringify(v) {
    if (v === null) return 'null';
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v === 'string') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(stringify).join(',')}]`;
    return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${stringify(v[k])}`).join(',')}}`;
}

module.exports = { Bridge, Rng, stringify, addedEnumMembers };
