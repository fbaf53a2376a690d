'use strict';
// Schema extraction from @stellar/stellar-xdr-json: the XDR of the ledger
// protocol the package was built for, with stellar-core's canonical names and
// the JSON form (SEP-51) of every field, member and union case.
//
//   node fromXdrJson.js <stellar-xdr-json dir> <stellar-base schema.json> <out schema.json>
//
// Where the facts come from:
// 1. Each type's JSON Schema (`schema(type)`) describes the type with its XDR
//    text ("ScpBallot is an XDR Struct defined as: struct SCPBallot {...}").
//    collapsed.js parses that text; the .x names (SCPBallot, nodeID,
//    SCP_ST_PREPARE) are our C++ names, the Rust names (ScpBallot) are the
//    names of the `xdr` commands and of SEP-51.
// 2. The schemas themselves: JSON member names (snake_case), enum and union
//    case names, bounds (maxItems, maxLength), and which form each position
//    takes (a 64-bit integer as a string, a fixed opaque as hex or as an array
//    of numbers, an optional as null). Every bound and name parsed from the
//    text must agree with them.
// 3. A few types have a custom JSON form and no XDR text in their schema (keys
//    and addresses as StrKeys, asset codes as text, 128/256-bit integers as
//    decimal strings, and the integer and hash typedefs). Their XDR
//    definitions, and the constants (which are not types), come from
//    @stellar/stellar-base's schema (extract.js). SPECIAL below lists the
//    types whose JSON form is custom; src/xdr/SpecialJson.cpp implements it.
//
// Nested anonymous structs and unions are named by extract.js's rule: the
// canonical name of the enclosing type followed by the member name with its
// first letter capitalised (SCPStatement.pledges -> SCPStatementPledges).

const fs = require('fs');
const path = require('path');
const { loadXdrJson, readSchemas } = require('./xdrJson');
const { parseCollapsed } = require('./collapsed');
const { XdrSyntaxError } = require('./xdrParse');

class ExtractError extends Error {}

function fail(where, msg) {
    throw new ExtractError(`${where}: ${msg}`);
}

// Types whose SEP-51 form is not their XDR structure (by Rust name).
const SPECIAL = {
    PublicKey: 'G... StrKey',
    MuxedAccount: 'G... or M... StrKey',
    MuxedAccountMed25519: 'M... StrKey',
    MuxedEd25519Account: 'M... StrKey',
    SignerKey: 'G..., T..., X... or P... StrKey',
    SignerKeyEd25519SignedPayload: 'P... StrKey',
    ScAddress: 'G..., C..., M..., B... or L... StrKey',
    ClaimableBalanceId: 'B... StrKey',
    ContractId: 'C... StrKey',
    PoolId: 'L... StrKey',
    AssetCode4: 'asset code text',
    AssetCode12: 'asset code text',
    AssetCode: 'asset code text',
    UInt128Parts: 'decimal string',
    Int128Parts: 'decimal string',
    UInt256Parts: 'decimal string',
    Int256Parts: 'decimal string',
};

const UNBOUNDED = 4294967295;
const KIND_WORDS = {
    Struct: 'struct', Union: 'union', Enum: 'enum', Typedef: 'typedef', NestedStruct: 'struct', NestedUnion: 'union',
};

// snake_case as the Rust generator spells member names (heck's word rules:
// a boundary between a lower-case letter or digit run and an upper-case
// letter, and before the last capital of an acronym followed by lower case).
function snake(name) {
    const words = [];
    for (const part of name.split(/[^A-Za-z0-9]/)) {
        let init = 0;
        let mode = 'boundary';
        for (let i = 0; i < part.length; i++) {
            const c = part[i];
            if (i + 1 >= part.length) {
                words.push(part.slice(init));
                break;
            }
            const next = part[i + 1];
            const isLower = (x) => x !== x.toUpperCase();
            const isUpper = (x) => x !== x.toLowerCase();
            const nextMode = isLower(c) ? 'lower' : isUpper(c) ? 'upper' : mode;
            if (nextMode === 'lower' && isUpper(next)) {
                words.push(part.slice(init, i + 1));
                init = i + 1;
                mode = 'boundary';
            } else if (mode === 'upper' && isUpper(c) && isLower(next)) {
                words.push(part.slice(init, i));
                init = i;
                mode = 'boundary';
            } else {
                mode = nextMode;
            }
        }
    }
    return words.filter((w) => w !== '').map((w) => w.toLowerCase()).join('_');
}

const RUST_KEYWORDS = new Set(`as async await break const continue crate dyn else enum extern false fn for if impl in let
loop match mod move mut pub ref return self Self static struct super trait true type unsafe use where while abstract
become box do final macro override priv try typeof unsized virtual yield`.split(/\s+/));

// A struct field's JSON name: snake_case, with the trailing underscore the
// Rust generator adds to keywords ("type_").
function fieldName(name) {
    const s = snake(name);
    return RUST_KEYWORDS.has(s) ? `${s}_` : s;
}

// Whether a member or case label (as snake_case) may have the JSON name
// `json`: the Rust generator drops the prefix an enum's members share
// (SCEC_ARITH_DOMAIN is "arith_domain"), and a name left starting with a
// digit gets a letter in front (BINARY_FUSE_FILTER_8_BIT is "b8_bit").
function nameFits(s, json) {
    if (s === json || s.endsWith(`_${json}`)) return true;
    return /^[a-z][0-9]/.test(json) && s.endsWith(`_${json.slice(1)}`);
}

function capitalise(s) {
    return s.charAt(0).toUpperCase() + s.slice(1);
}

function sameTree(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------------------
// Schema nodes

function refName(node) {
    return node.$ref.replace(/^#\/definitions\//, '');
}

// Follows $ref and single-element allOf to the node that says what a value is.
function deref(node, defs) {
    for (let guard = 0; guard < 100; guard++) {
        if (node.$ref) {
            const target = defs[refName(node)];
            if (!target) throw new ExtractError(`schema refers to unknown definition ${node.$ref}`);
            node = target;
        } else if (node.allOf && node.allOf.length === 1) {
            node = node.allOf[0];
        } else {
            return node;
        }
    }
    throw new ExtractError('schema $ref cycle');
}

// The node of the value behind an optional ("anyOf [X, null]" or "type: [T, null]"), or null.
function unwrapOptional(node) {
    if (node.anyOf && node.anyOf.length === 2) {
        const other = node.anyOf.filter((n) => n.type !== 'null');
        if (other.length === 1) return other[0];
    }
    if (Array.isArray(node.type) && node.type.length === 2 && node.type.includes('null')) {
        const copy = { ...node, type: node.type.find((t) => t !== 'null') };
        delete copy.default;
        return copy;
    }
    return null;
}

// A union's JSON cases: void case names (a string enum) and one-member objects.
function unionEntries(node, where) {
    // A union whose cases are all void is a plain string enum.
    if (!node.oneOf && node.type === 'string' && Array.isArray(node.enum)) return { voids: [...node.enum], objects: [] };
    if (!node.oneOf) fail(where, 'expected a oneOf schema for a union');
    const voids = [];
    const objects = [];
    for (const e of node.oneOf) {
        if (e.type === 'string' && e.enum) voids.push(...e.enum);
        else if (e.type === 'object' && e.properties && Object.keys(e.properties).length === 1)
            objects.push({ name: Object.keys(e.properties)[0], node: Object.values(e.properties)[0] });
        else fail(where, `unexpected union case schema ${JSON.stringify(e).slice(0, 80)}`);
    }
    return { voids, objects };
}

// ---------------------------------------------------------------------------
// Step 1: the XDR text of each type, parsed and checked against its schema's
// names (which also decides where the collapsed // comments end).

const DESCRIPTION_RE = /^(\S+) is an XDR (\w+) defined as:\n\n```text([\s\S]*)```$/;

function labelsOf(body) {
    const labels = [];
    for (const c of body.cases) for (const v of c.values) labels.push({ value: v, decl: c.decl });
    return labels;
}

// true, or why the tree does not fit the schema node. ctx: the schema's
// definitions (defs), the package's type names (types), the nested ones
// (nested) and the Rust name of each canonical type name known (rustOf).
function fitsSchema(body, kind, node, ctx) {
    const n = deref(node, ctx.defs);
    if (kind === 'enum') {
        if (!n.enum) return 'schema is not an enum';
        if (n.enum.length !== body.members.length) return `${body.members.length} members, the schema has ${n.enum.length}`;
        const off = body.members.findIndex((m, i) => !nameFits(snake(m.name), n.enum[i]));
        return off < 0 ? true : `member ${body.members[off].name} is "${n.enum[off]}" in the schema`;
    }
    if (kind === 'struct') {
        if (n.type !== 'object' || !n.properties) return 'schema is not an object';
        const have = body.fields.map((f) => fieldName(f.name)).sort();
        const want = Object.keys(n.properties).sort();
        if (!sameTree(have, want)) return `fields ${have.join(',')} but the schema has ${want.join(',')}`;
        for (const f of body.fields) {
            const why = declFits(f, n.properties[fieldName(f.name)], ctx);
            if (why !== true) return `${f.name}: ${why}`;
        }
        return true;
    }
    if (body.default) return 'default arms are not supported';
    let entries;
    try {
        entries = unionEntries(n, '');
    } catch (e) {
        return e.message;
    }
    const labels = labelsOf(body);
    const voids = labels.filter((l) => l.decl.void).length;
    if (voids !== entries.voids.length || labels.length - voids !== entries.objects.length)
        return `${voids} void and ${labels.length - voids} other cases, the schema has ${entries.voids.length} and ${entries.objects.length}`;
    let k = 0;
    for (const l of labels) {
        if (l.decl.void) continue;
        const why = declFits(l.decl, entries.objects[k++].node, ctx);
        if (why !== true) return `${l.decl.name}: ${why}`;
    }
    return true;
}

// Whether a field's or arm's type agrees with the schema at its position as
// far as names go: a named type is the $ref of its Rust name, a nested body
// the $ref of a nested type whose fields fit in turn.
function declFits(decl, node, ctx) {
    let n = node;
    if (decl.shape === 'optional') {
        n = unwrapOptional(node);
        if (!n) return 'optional but the schema does not allow null';
    } else if (decl.shape !== 'plain' && !['opaque', 'string'].includes(decl.spec.prim)) {
        const a = deref(n, ctx.defs);
        if (a.type !== 'array' || !a.items) return 'an array but not in the schema';
        n = a.items;
    }
    const ref = n.$ref && ctx.types.has(refName(n)) ? refName(n) : null;
    const nested = decl.spec.struct ? 'struct' : decl.spec.union ? 'union' : null;
    if (nested) {
        if (!ref || !ctx.nested.has(ref)) return 'a nested definition but no nested type in the schema';
        return fitsSchema(decl.spec.struct || decl.spec.union, nested, n, ctx);
    }
    if (ref && ctx.nested.has(ref)) return `the schema has the nested type ${ref} here`;
    if (decl.spec.ident) {
        const rust = ctx.rustOf.get(decl.spec.ident);
        return !ref || !rust || rust === ref ? true : `${decl.spec.ident} where the schema has ${ref}`;
    }
    return ref ? `a ${decl.spec.prim} where the schema has ${ref}` : true;
}

// Every JSON member and enum name in a schema document: the names its XDR
// text may use for fields, members and case labels (as snake_case, or ending
// in one: SCEC_ARITH_DOMAIN is "arith_domain"); type names must be among
// `typeNames`.
function knownNames(schema, typeNames) {
    const names = new Set();
    const walk = (n) => {
        if (Array.isArray(n)) n.forEach(walk);
        else if (n && typeof n === 'object') {
            if (n.properties && typeof n.properties === 'object') Object.keys(n.properties).forEach((k) => names.add(k));
            if (Array.isArray(n.enum)) n.enum.forEach((v) => names.add(v));
            Object.values(n).forEach(walk);
        }
    };
    walk(schema);
    const afterLetter = new Set([...names].filter((n) => /^[a-z][0-9]/.test(n)).map((n) => n.slice(1)));
    return (role, name) => {
        if (role === 'type') {
            if (typeNames.has(name)) return;
            throw new XdrSyntaxError(`type ${name} is not defined`);
        }
        const s = role === 'field' ? fieldName(name) : snake(name);
        if (names.has(s)) return;
        if (role !== 'field') {
            for (let i = s.indexOf('_'); i >= 0; i = s.indexOf('_', i + 1)) {
                const rest = s.slice(i + 1);
                if (names.has(rest) || afterLetter.has(rest)) return;
            }
        }
        throw new XdrSyntaxError(`${role} ${name} is not a name of the schema`);
    };
}

// The .x files gate unreleased changes with `#ifdef CAP_nnnn ... #endif`; the
// package is built without them (its schemas would show the gated members
// otherwise, and the schema checks would fail). Drop the gated text, keep any
// `#else` part.
function withoutGatedText(text, gated) {
    return text
        .replace(/#ifdef\s+(\w+)([\s\S]*?)(?:#else([\s\S]*?))?#endif/g, (all, name, on, off) => {
            gated.add(name);
            return off || ' ';
        })
        .replace(/#ifndef\s+(\w+)([\s\S]*?)#endif/g, (all, name, body) => {
            gated.add(name);
            return body;
        });
}

// The canonical name each named type's text defines, found without parsing
// the rest (the parse needs to know every type name up front).
function definedName(text) {
    const m = /^\s*(?:struct|union|enum)\s+(\w+)/.exec(text) || /(\w+)\s*(?:\[[^\]]*\]|<[^>]*>)?\s*;\s*$/.exec(text);
    return m ? m[1] : null;
}

function parseEntry(entry, gated, typeNames, names) {
    const m = DESCRIPTION_RE.exec(entry.schema.description);
    if (!m || m[1] !== entry.rust) fail(entry.rust, 'unexpected description');
    const kind = KIND_WORDS[m[2]];
    if (!kind) fail(entry.rust, `unknown definition kind ${m[2]}`);
    const nested = m[2].startsWith('Nested');
    const defs = entry.schema.definitions || {};
    try {
        entry.tree = parseCollapsed(withoutGatedText(m[3], gated), (tree) => {
            if (tree.def !== kind) return `a ${tree.def}, the description says ${m[2]}`;
            if ((tree.name === null) !== nested) return nested ? 'named, expected nested' : 'anonymous';
            if (kind === 'typedef') return true;
            return fitsSchema(tree, kind, entry.schema, { ...names, defs });
        }, knownNames(entry.schema, typeNames));
    } catch (e) {
        fail(entry.rust, `cannot read its XDR text: ${e.message}`);
    }
    entry.nested = nested;
}

// ---------------------------------------------------------------------------
// Step 2: syntax trees to schema definitions (canonical names).

class Extractor {
    constructor(entries, base) {
        this.entries = entries;
        this.byRust = new Map(entries.map((e) => [e.rust, e]));
        this.base = new Map(base.definitions.map((d) => [d.name, d]));
        this.baseByJs = new Map(base.definitions.map((d) => [d.js, d]));
        this.consts = new Map(); // name -> value
        this.constDefs = [];
        this.enumMembers = new Map(); // member name -> value
        this.defs = new Map(); // canonical name -> definition
        this.rustOf = new Map(); // canonical -> Rust name
        this.canonOf = new Map(); // Rust -> canonical
        this.supplemented = [];
        for (const d of base.definitions) {
            if (d.kind !== 'const') continue;
            this.consts.set(d.name, d.value);
            this.constDefs.push({ kind: 'const', name: d.name, value: d.value });
        }
    }

    mapName(canon, rust, where) {
        if (this.rustOf.has(canon) && this.rustOf.get(canon) !== rust)
            fail(where, `${canon} is ${this.rustOf.get(canon)} and ${rust} in the package`);
        if (this.canonOf.has(rust) && this.canonOf.get(rust) !== canon)
            fail(where, `${rust} stands for ${this.canonOf.get(rust)} and ${canon}`);
        this.rustOf.set(canon, rust);
        this.canonOf.set(rust, canon);
    }

    resolveValue(v, where) {
        if (v.num !== undefined) return v.num;
        if (this.consts.has(v.ident)) return this.consts.get(v.ident);
        if (this.enumMembers.has(v.ident)) return this.enumMembers.get(v.ident);
        return fail(where, `unknown constant '${v.ident}'`);
    }

    run() {
        // Named definitions first, so that every reference can be resolved.
        for (const e of this.entries) {
            if (!e.tree) {
                this.supplement(e);
                continue;
            }
            if (e.nested) continue;
            if (this.defs.has(e.tree.name)) fail(e.rust, `${e.tree.name} defined twice`);
            this.mapName(e.tree.name, e.rust, e.rust);
            this.defs.set(e.tree.name, null);
            if (e.tree.def === 'enum') {
                for (const m of e.tree.members) this.enumMembers.set(m.name, this.resolveValue(m.value, e.rust));
            }
        }
        for (const e of this.entries) if (e.tree && !e.nested) this.defs.set(e.tree.name, this.convertNamed(e));
        this.checkReferences();
        this.checkForms();
        for (const e of this.entries) if (!this.canonOf.has(e.rust)) fail(e.rust, 'nested type that no field or arm uses');
        const order = this.entries.map((e) => this.defs.get(this.canonOf.get(e.rust)));
        return [...this.constDefs, ...order];
    }

    // A type without XDR text in its schema: stellar-base's definition.
    supplement(e) {
        const d = this.baseByJs.get(e.rust);
        if (!d) fail(e.rust, 'no XDR text in its schema and not in @stellar/stellar-base either');
        const copy = JSON.parse(JSON.stringify(d, (k, v) => (k === 'js' ? undefined : v)));
        copy.rust = e.rust;
        if (SPECIAL[e.rust]) copy.json = 'special';
        if (this.defs.has(copy.name)) fail(e.rust, `${copy.name} defined twice`);
        this.defs.set(copy.name, copy);
        this.mapName(copy.name, e.rust, e.rust);
        this.supplemented.push(e.rust);
    }

    convertNamed(e) {
        const t = e.tree;
        const where = t.name;
        let def;
        switch (t.def) {
        case 'typedef':
            def = { kind: 'typedef', name: t.name, type: this.convertDecl(t.decl, t.name, where) };
            break;
        case 'enum':
            def = {
                kind: 'enum',
                name: t.name,
                members: t.members.map((m) => ({ name: m.name, value: this.resolveValue(m.value, where) })),
            };
            break;
        case 'struct':
            def = this.convertStruct(t.name, t);
            break;
        case 'union':
            def = this.convertUnion(t.name, t);
            break;
        default:
            fail(where, `unexpected definition ${t.def}`);
        }
        def.rust = e.rust;
        if (SPECIAL[e.rust]) fail(e.rust, 'listed as a custom JSON form but has XDR text');
        return def;
    }

    convertStruct(name, body) {
        const fields = body.fields.map((decl) => ({ name: decl.name, type: this.convertDecl(decl, name, `${name}.${decl.name}`) }));
        return { kind: 'struct', name, fields };
    }

    convertUnion(name, body) {
        const disc = body.disc;
        const discType = this.convertDecl(disc, name, `${name}.${disc.name}`);
        const cases = body.cases.map((c) => ({
            values: c.values.map((v) => {
                const value = this.resolveValue(v, name);
                return v.ident !== undefined && this.enumMembers.has(v.ident) ? { name: v.ident, value } : { value };
            }),
            arm: c.decl.void ? null : { name: c.decl.name, type: this.convertDecl(c.decl, name, `${name}.${c.decl.name}`) },
        }));
        return { kind: 'union', name, discriminant: { name: disc.name, type: discType }, cases };
    }

    bound(value, where) {
        if (value === null) return { max: null };
        const out = { max: this.resolveValue(value, where) };
        if (value.ident !== undefined) out.maxConst = value.ident;
        return out;
    }

    convertDecl(decl, parent, where) {
        const { spec, shape } = decl;
        if (spec.prim === 'opaque') {
            if (shape.fixed !== undefined) {
                const t = { kind: 'opaque', length: this.resolveValue(shape.fixed, where) };
                if (shape.fixed.ident !== undefined) t.lengthConst = shape.fixed.ident;
                return t;
            }
            return { kind: 'varopaque', ...this.bound(shape.variable, where) };
        }
        if (spec.prim === 'string') return { kind: 'string', ...this.bound(shape.variable, where) };
        if (shape === 'optional') return { kind: 'optional', elem: this.convertBase(spec, parent, decl.name, where) };
        if (shape !== 'plain' && shape.fixed !== undefined) {
            const t = { kind: 'array', elem: this.convertBase(spec, parent, decl.name, where), length: this.resolveValue(shape.fixed, where) };
            if (shape.fixed.ident !== undefined) t.lengthConst = shape.fixed.ident;
            return t;
        }
        if (shape !== 'plain' && shape.variable !== undefined)
            return { kind: 'vararray', elem: this.convertBase(spec, parent, decl.name, where), ...this.bound(shape.variable, where) };
        return this.convertBase(spec, parent, decl.name, where);
    }

    convertBase(spec, parent, member, where) {
        if (spec.prim) {
            if (!['int', 'uint', 'hyper', 'uhyper', 'bool'].includes(spec.prim)) fail(where, `'${spec.prim}' used as a plain type`);
            return { kind: spec.prim };
        }
        if (spec.ident) {
            if (!this.defs.has(spec.ident)) fail(where, `unknown type '${spec.ident}'`);
            return { kind: 'ref', name: spec.ident };
        }
        if (spec.struct || spec.union) {
            const name = parent + capitalise(member);
            if (this.defs.has(name)) fail(where, `nested type name ${name} is taken`);
            const def = spec.struct ? this.convertStruct(name, spec.struct) : this.convertUnion(name, spec.union);
            def.hoistedFrom = { parent, member };
            def.body = spec.struct || spec.union; // checked against the nested type's own text, then dropped
            this.defs.set(name, def);
            return { kind: 'ref', name };
        }
        return fail(where, 'nested anonymous enums are not supported');
    }

    checkReferences() {
        const walk = (t, where) => {
            if (t.kind === 'ref' && !this.defs.has(t.name)) fail(where, `unknown type ${t.name}`);
            if (t.elem) walk(t.elem, where);
        };
        for (const d of this.defs.values()) {
            if (d.kind === 'typedef') walk(d.type, d.name);
            for (const f of d.fields || []) walk(f.type, `${d.name}.${f.name}`);
            if (d.kind === 'union') {
                walk(d.discriminant.type, d.name);
                for (const c of d.cases) if (c.arm) walk(c.arm.type, `${d.name}.${c.arm.name}`);
            }
        }
    }

    // -----------------------------------------------------------------------
    // Step 3: every definition against its own schema: JSON names, bounds,
    // and the form of each position.

    checkForms() {
        const all = [...this.defs.values()];
        // Enums first: union case names come from their discriminant's members.
        for (const d of all) if (d.kind === 'enum') this.checkEnum(d);
        // Nested types parsed here (with their body still attached) get their
        // Rust names from their parents' schemas.
        const nested = (d) => d.hoistedFrom && d.body;
        for (const d of all) if (d.kind !== 'enum' && !nested(d)) this.checkDef(d);
        for (let pending = all.filter(nested); pending.length > 0;) {
            const ready = pending.filter((d) => this.rustOf.has(d.name));
            if (ready.length === 0) fail(pending[0].name, 'no schema of its parent refers to it');
            for (const d of ready) {
                const e = this.byRust.get(this.rustOf.get(d.name));
                if (!e.nested || !sameTree(e.tree, { def: d.kind, name: null, ...d.body }))
                    fail(d.name, `${e.rust}'s XDR text differs from the nested definition it stands for`);
                delete d.body;
                d.rust = e.rust;
                this.checkDef(d);
            }
            pending = pending.filter((d) => !ready.includes(d));
        }
    }

    schemaOf(d) {
        const e = this.byRust.get(d.rust);
        return { root: e.schema, defs: e.schema.definitions || {} };
    }

    checkEnum(d) {
        const { root, defs } = this.schemaOf(d);
        const n = deref(root, defs);
        if (!n.enum || n.enum.length !== d.members.length) fail(d.name, 'members do not match the schema');
        d.members.forEach((m, i) => {
            m.json = n.enum[i];
        });
    }

    checkDef(d) {
        const { root, defs } = this.schemaOf(d);
        const ctx = { defs, where: d.name };
        if (d.json === 'special') {
            if (root.type !== 'string' || Object.keys(root).some((k) => !['$schema', 'title', 'type'].includes(k)))
                fail(d.name, 'a custom JSON form whose schema is not a plain string');
            return;
        }
        if (d.kind === 'typedef') {
            const n = deref(root, defs);
            const r = this.resolve(d.type);
            if ((r.kind === 'hyper' || r.kind === 'uhyper') && n.type === 'integer') {
                this.checkInteger(r.kind, n, { ...ctx, topLevel: true });
                d.topJson = 'number';
            } else {
                this.checkForm(d.type, root, ctx);
            }
            return;
        }
        if (d.kind === 'struct') {
            const n = deref(root, defs);
            if (n.type !== 'object' || !n.properties) fail(d.name, 'schema is not an object');
            const names = d.fields.map((f) => fieldName(f.name));
            if (!sameTree([...names].sort(), Object.keys(n.properties).sort())) fail(d.name, 'fields differ from the schema');
            d.fields.forEach((f, i) => {
                f.json = names[i];
                this.checkForm(f.type, n.properties[f.json], { ...ctx, where: `${d.name}.${f.name}` });
            });
            // A field declared `T* x` may be left out; one whose typedef is optional
            // (SponsorshipDescriptor) must be given, as null or a value.
            const optional = d.fields.filter((f) => f.type.kind === 'optional').map((f) => f.json);
            const required = d.fields.map((f) => f.json).filter((x) => !optional.includes(x));
            if (!sameTree(required.sort(), [...(n.required || [])].sort())) fail(d.name, 'required fields differ from the schema');
            return;
        }
        if (d.kind === 'union') this.checkUnion(d, deref(root, defs), ctx);
    }

    checkUnion(d, n, ctx) {
        const entries = unionEntries(n, d.name);
        const discEnum = this.enumOf(d.discriminant.type);
        if (!discEnum && !['int', 'uint'].includes(this.resolve(d.discriminant.type).kind))
            fail(d.name, 'discriminant is not an enum, int or unsigned int');
        let v = 0;
        let o = 0;
        for (const c of d.cases) {
            for (const value of c.values) {
                value.json = discEnum ? discEnum.members.find((m) => m.value === value.value).json : `v${value.value}`;
                if (!c.arm) {
                    if (entries.voids[v++] !== value.json) fail(d.name, `void case ${value.json} is not where the schema has it`);
                    continue;
                }
                const entry = entries.objects[o++];
                if (!entry || entry.name !== value.json) fail(d.name, `case ${value.json} is not where the schema has it`);
                this.checkForm(c.arm.type, entry.node, { ...ctx, where: `${d.name}.${c.arm.name}` });
            }
        }
        if (v !== entries.voids.length || o !== entries.objects.length) fail(d.name, 'the schema has more cases');
    }

    resolve(t) {
        while (t.kind === 'ref' && this.defs.get(t.name).kind === 'typedef') t = this.defs.get(t.name).type;
        return t;
    }

    enumOf(t) {
        const r = this.resolve(t);
        return r.kind === 'ref' && this.defs.get(r.name).kind === 'enum' ? this.defs.get(r.name) : null;
    }

    checkInteger(kind, n, ctx) {
        const formats = { int: 'int32', uint: 'uint32', hyper: 'int64', uhyper: 'uint64' };
        if (n.type === 'integer' && n.format === formats[kind]) {
            if (kind === 'hyper' || kind === 'uhyper') {
                if (!ctx.topLevel) fail(ctx.where, '64-bit integer as a JSON number below the top level');
            }
            return;
        }
        // 64-bit integers are strings (stellar-xdr's NumberOrString).
        const plainString = n.type === 'string' && !n.enum && !n.contentEncoding && n.maxLength === undefined;
        if ((kind === 'hyper' || kind === 'uhyper') && plainString) return;
        fail(ctx.where, `${kind} but the schema says ${JSON.stringify(n).slice(0, 80)}`);
    }

    // Checks that a position of type t has the schema `node`, records the Rust
    // names behind $refs, and marks fixed opaques written as number arrays.
    checkForm(t, node, ctx) {
        const { where, defs } = ctx;
        if (t.kind === 'optional') {
            const inner = unwrapOptional(node);
            if (!inner) fail(where, 'optional but the schema does not allow null');
            return this.checkForm(t.elem, inner, ctx);
        }
        if (t.kind === 'ref') {
            const d = this.defs.get(t.name);
            if (node.$ref && this.byRust.has(refName(node))) {
                this.mapName(t.name, refName(node), where);
                return undefined;
            }
            if (d.json === 'special') {
                const n = deref(node, defs);
                if (n.type !== 'string') fail(where, `${t.name} is not a string here`);
                return undefined;
            }
            if (d.kind !== 'typedef') fail(where, `${t.name} is inlined in the schema`);
            // A typedef the schema spells out in place (Hash, uint64, String32's
            // StringM<32>): its form must be what its own definition gives.
            const copy = JSON.parse(JSON.stringify(d.type));
            this.checkForm(copy, node, ctx);
            if (JSON.stringify(copy).includes('"json"')) fail(where, `${t.name} takes a different JSON form here`);
            return undefined;
        }
        const n = deref(node, defs);
        switch (t.kind) {
        case 'int':
        case 'uint':
        case 'hyper':
        case 'uhyper':
            return this.checkInteger(t.kind, n, ctx);
        case 'bool':
            if (n.type !== 'boolean') fail(where, 'bool but not a JSON boolean');
            return undefined;
        case 'opaque':
            if (n.type === 'array') {
                const item = n.items && deref(n.items, defs);
                if (!item || item.format !== 'uint8' || n.minItems !== t.length || n.maxItems !== t.length)
                    fail(where, `opaque[${t.length}] as an array of the wrong shape`);
                t.json = 'bytes';
                return undefined;
            }
            if (n.contentEncoding !== 'hex' || n.minLength !== 2 * t.length || n.maxLength !== 2 * t.length)
                fail(where, `opaque[${t.length}] but not ${2 * t.length} hex digits`);
            return undefined;
        case 'varopaque':
            if (n.contentEncoding !== 'hex' || n.minLength !== undefined) fail(where, 'opaque<> but not a hex string');
            if ((t.max === null ? undefined : 2 * t.max) !== n.maxLength) fail(where, `bound ${t.max} but the schema has ${n.maxLength}`);
            return undefined;
        case 'string':
            if (n.type !== 'string' || n.contentEncoding) fail(where, 'string but not a JSON string');
            if ((t.max === null ? UNBOUNDED : t.max) !== n.maxLength) fail(where, `bound ${t.max} but the schema has ${n.maxLength}`);
            return undefined;
        case 'array':
            if (n.type !== 'array' || n.minItems !== t.length || n.maxItems !== t.length) fail(where, `[${t.length}] but the schema differs`);
            return this.checkForm(t.elem, n.items, ctx);
        case 'vararray':
            if (n.type !== 'array' || n.minItems !== undefined) fail(where, 'array but the schema differs');
            if ((t.max === null ? UNBOUNDED : t.max) !== n.maxItems) fail(where, `bound ${t.max} but the schema has ${n.maxItems}`);
            return this.checkForm(t.elem, n.items, ctx);
        default:
            return fail(where, `unknown type kind ${t.kind}`);
        }
    }
}

// ---------------------------------------------------------------------------

async function extract(packageDir, baseSchemaFile) {
    const xdrJson = await loadXdrJson(packageDir);
    const base = JSON.parse(fs.readFileSync(baseSchemaFile, 'utf8'));
    const entries = readSchemas(xdrJson).map(({ name, schema }) => ({ rust: name, schema }));
    const gated = new Set();
    const typeNames = new Set(base.definitions.filter((d) => d.kind !== 'const').map((d) => d.name));
    const names = { types: new Set(entries.map((e) => e.rust)), nested: new Set(), rustOf: new Map() };
    for (const d of base.definitions) if (d.kind !== 'const' && names.types.has(d.js)) names.rustOf.set(d.name, d.js);
    for (const e of entries) {
        const m = e.schema.description && DESCRIPTION_RE.exec(e.schema.description);
        if (!m) continue;
        if (m[2].startsWith('Nested')) {
            names.nested.add(e.rust);
            continue;
        }
        const name = definedName(withoutGatedText(m[3], new Set()));
        if (!name) fail(e.rust, 'cannot find the name its XDR text defines');
        typeNames.add(name);
        names.rustOf.set(name, e.rust);
    }
    for (const e of entries) if (e.schema.description) parseEntry(e, gated, typeNames, names);
    const ex = new Extractor(entries, base);
    const definitions = ex.run();
    for (const name of Object.keys(SPECIAL)) {
        if (!ex.supplemented.includes(name)) fail(name, 'listed as a custom JSON form but the package has no such type');
    }
    const major = Number(xdrJson.version.split('.')[0]);
    return {
        source: {
            package: xdrJson.name,
            version: xdrJson.version,
            // The package's major version is the ledger protocol of its XDR.
            ledgerProtocol: major,
            supplement: { package: base.source.package, version: base.source.version, types: ex.supplemented },
            // Features the .x text gates with #ifdef, which the package leaves out.
            featuresLeftOut: [...gated].sort(),
        },
        definitions,
    };
}

if (require.main === module) {
    const [packageDir, baseSchemaFile, outFile] = process.argv.slice(2);
    if (!outFile) {
        process.stderr.write('usage: node fromXdrJson.js <stellar-xdr-json dir> <stellar-base schema.json> <out.json>\n');
        process.exit(2);
    }
    extract(packageDir, baseSchemaFile).then(
        (schema) => {
            fs.mkdirSync(path.dirname(outFile), { recursive: true });
            fs.writeFileSync(outFile, JSON.stringify(schema, null, 1) + '\n');
        },
        (e) => {
            process.stderr.write(`xdrgen fromXdrJson: ${e instanceof ExtractError ? e.message : e.stack}\n`);
            process.exit(1);
        },
    );
}

module.exports = { extract, snake, SPECIAL };
