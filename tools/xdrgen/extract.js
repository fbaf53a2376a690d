'use strict';
// Schema extraction: turns stellar-base's generated XDR file into a schema
// JSON with stellar-core's canonical names.
//
//   node extract.js <curr_generated.js> <package.json of stellar-base> <out schema.json>
//
// How it works:
// 1. The generated file is evaluated with a `require` that hands it a
//    recording stand-in for @stellar/js-xdr instead of the real library, so
//    every xdr.struct / union / enum / typedef / const call and every type
//    expression (lookup, varArray, option, ...) is captured as plain data.
// 2. Before each call the file quotes the original .x text in a
//    "=== xdr source ===" comment. Each quote is parsed (xdrParse.js).
// 3. The recorded definition and the parsed one are matched position by
//    position (fields, enum members, union cases and arms). Types, bounds and
//    values must agree exactly; anything that does not line up aborts the
//    build with a message naming the definition.
// 4. stellar-base hoists nested anonymous structs and unions into named
//    types. Those get canonical names by one rule: the canonical name of the
//    enclosing type followed by the field or arm name with its first letter
//    capitalised (SCPStatement.pledges -> SCPStatementPledges, its arm
//    prepare -> SCPStatementPledgesPrepare, Transaction.ext -> TransactionExt).

const fs = require('fs');
const path = require('path');
const { parseDefinition } = require('./xdrParse');

class ExtractError extends Error {}

function fail(where, msg) {
    throw new ExtractError(`${where}: ${msg}`);
}

// ---------------------------------------------------------------------------
// 1. Recording stand-in for @stellar/js-xdr

function recordDefinitions(sourceText) {
    const defs = [];
    const unsupported = (what) => () => {
        throw new ExtractError(`the schema uses ${what}, which the C++ generator does not support`);
    };
    const builder = {
        lookup: (name) => ({ t: 'lookup', name }),
        void: () => ({ t: 'void' }),
        bool: () => ({ t: 'bool' }),
        int: () => ({ t: 'int' }),
        uint: () => ({ t: 'uint' }),
        hyper: () => ({ t: 'hyper' }),
        uhyper: () => ({ t: 'uhyper' }),
        float: unsupported('float'),
        double: unsupported('double'),
        quadruple: unsupported('quadruple'),
        string: (len) => ({ t: 'string', len }),
        opaque: (len) => ({ t: 'opaque', len }),
        varOpaque: (len) => ({ t: 'varOpaque', len }),
        array: (child, len) => ({ t: 'array', child, len }),
        varArray: (child, len) => ({ t: 'varArray', child, len }),
        option: (child) => ({ t: 'option', child }),
        struct: (name, fields) => defs.push({ kind: 'struct', name, fields }),
        union: (name, cfg) => defs.push({ kind: 'union', name, cfg }),
        enum: (name, members) => defs.push({ kind: 'enum', name, members }),
        typedef: (name, type) => defs.push({ kind: 'typedef', name, type }),
        const: (name, value) => defs.push({ kind: 'const', name, value }),
    };
    const fakeXdr = {
        config(fn) {
            fn(builder);
            return {};
        },
    };
    const fakeRequire = (id) => {
        if (id === '@stellar/js-xdr') return fakeXdr;
        throw new ExtractError(`the generated file requires '${id}', expected only @stellar/js-xdr`);
    };
    const module = { exports: {} };
    // eslint-disable-next-line no-new-func
    const run = new Function('exports', 'require', 'module', sourceText);
    run(module.exports, fakeRequire, module);
    return defs;
}

// ---------------------------------------------------------------------------
// 2. The quoted .x text before each call

const CALL_RE = /^\s*xdr(?:\.(\w+)|\["(\w+)"\])\("([A-Za-z0-9_]+)"/;

function quotedSources(sourceText) {
    const lines = sourceText.split('\n');
    const blocks = [];
    for (let i = 0; i < lines.length; i++) {
        if (!/^\s*\/\/ === xdr source =+\s*$/.test(lines[i])) continue;
        const text = [];
        let j = i + 1;
        for (; j < lines.length && !/^\s*\/\/ =+\s*$/.test(lines[j]); j++) {
            const m = /^\s*\/\/(.*)$/.exec(lines[j]);
            if (!m) fail(`line ${j + 1}`, 'xdr source comment interrupted by code');
            text.push(m[1]);
        }
        if (j >= lines.length) fail(`line ${i + 1}`, 'unterminated xdr source comment');
        let k = j + 1;
        while (k < lines.length && lines[k].trim() === '') k++;
        const call = CALL_RE.exec(lines[k] || '');
        if (!call) fail(`line ${k + 1}`, 'no xdr definition call after an xdr source comment');
        blocks.push({ line: i + 1, kind: call[1] || call[2], name: call[3], text: text.join('\n') });
        i = k;
    }
    return blocks;
}

// ---------------------------------------------------------------------------
// 3. Matching

const JS_UNBOUNDED_ARRAY = [2147483647, 4294967295];

function capitalise(s) {
    return s.charAt(0).toUpperCase() + s.slice(1);
}

// Structural equality of two syntax trees (used to check that a hoisted
// definition's own quote is the text nested in its parent).
function sameTree(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
}

class Matcher {
    constructor(recorded, blocks) {
        this.recorded = recorded;
        this.blocks = blocks;
        this.jsByName = new Map(); // js name -> {rec, ast}
        this.canonByJs = new Map(); // js name -> canonical name (named and hoisted)
        this.jsByCanon = new Map();
        this.astByCanon = new Map(); // named canonical definitions
        this.consts = new Map(); // canonical const name -> value
        this.enumMembers = new Map(); // member name -> {enumName, value}
        this.used = new Set(); // js names consumed
        this.out = []; // schema definitions, in source order
        this.outByJs = new Map();
    }

    run() {
        if (this.recorded.length !== this.blocks.length)
            fail('stellar-base', `${this.recorded.length} definitions but ${this.blocks.length} xdr source comments`);
        this.recorded.forEach((rec, i) => {
            const blk = this.blocks[i];
            if (blk.name !== rec.name || blk.kind !== rec.kind)
                fail(rec.name, `definition #${i} is ${rec.kind} ${rec.name} but its comment precedes ${blk.kind} ${blk.name}`);
            let ast;
            try {
                ast = parseDefinition(blk.text);
            } catch (e) {
                fail(rec.name, `cannot parse its xdr source (line ${blk.line}): ${e.message}`);
            }
            if (ast.def !== rec.kind) fail(rec.name, `recorded as ${rec.kind} but its xdr source is a ${ast.def}`);
            if (this.jsByName.has(rec.name)) fail(rec.name, 'defined twice');
            this.jsByName.set(rec.name, { rec, ast });
            if (ast.name !== null) this.registerNamed(rec, ast);
        });
        for (const rec of this.recorded) {
            const { ast } = this.jsByName.get(rec.name);
            if (ast.name !== null) this.convertNamed(rec, ast);
        }
        for (const rec of this.recorded) {
            if (!this.used.has(rec.name)) fail(rec.name, 'anonymous definition that no field or arm refers to');
        }
        // Source order, hoisted types where stellar-base put them (before their parent).
        return this.recorded.map((rec) => this.outByJs.get(rec.name));
    }

    registerNamed(rec, ast) {
        const canon = ast.name;
        if (this.astByCanon.has(canon)) fail(canon, 'defined twice in the xdr source');
        this.astByCanon.set(canon, ast);
        this.canonByJs.set(rec.name, canon);
        this.jsByCanon.set(canon, rec.name);
        if (ast.def === 'const') this.consts.set(canon, this.resolveValue(ast.value, canon));
        if (ast.def === 'enum') {
            for (const m of ast.members) {
                if (this.enumMembers.has(m.name)) fail(canon, `enum member ${m.name} defined twice`);
                this.enumMembers.set(m.name, { enumName: canon, value: this.resolveValue(m.value, canon) });
            }
        }
    }

    resolveValue(v, where) {
        if (v.num !== undefined) return v.num;
        if (this.consts.has(v.ident)) return this.consts.get(v.ident);
        if (this.enumMembers.has(v.ident)) return this.enumMembers.get(v.ident).value;
        return fail(where, `unknown constant '${v.ident}'`);
    }

    constName(v) {
        return v.ident !== undefined && this.consts.has(v.ident) ? v.ident : null;
    }

    jsLength(len, where) {
        if (typeof len === 'number') return len;
        if (len && len.t === 'lookup') {
            const c = this.jsByName.get(len.name);
            if (!c || c.rec.kind !== 'const') fail(where, `bound refers to '${len.name}', which is not a constant`);
            return c.rec.value;
        }
        return fail(where, `unexpected bound ${JSON.stringify(len)}`);
    }

    emit(rec, def) {
        def.js = rec.name;
        this.outByJs.set(rec.name, def);
        this.used.add(rec.name);
    }

    convertNamed(rec, ast) {
        const canon = ast.name;
        switch (ast.def) {
        case 'const': {
            const value = this.consts.get(canon);
            if (rec.value !== value) fail(canon, `value ${rec.value} in JavaScript, ${value} in the xdr source`);
            return this.emit(rec, { kind: 'const', name: canon, value });
        }
        case 'typedef': {
            const type = this.convertDecl(ast.decl, rec.type, canon, canon);
            return this.emit(rec, { kind: 'typedef', name: canon, type });
        }
        case 'enum':
            return this.emit(rec, this.convertEnum(canon, ast, rec.members));
        case 'struct':
            return this.emit(rec, this.convertStruct(canon, ast, rec.fields));
        case 'union':
            return this.emit(rec, this.convertUnion(canon, ast, rec.cfg));
        default:
            return fail(canon, `unexpected definition kind ${ast.def}`);
        }
    }

    convertEnum(canon, ast, jsMembers) {
        const jsEntries = Object.entries(jsMembers);
        if (jsEntries.length !== ast.members.length)
            fail(canon, `${jsEntries.length} members in JavaScript, ${ast.members.length} in the xdr source`);
        const members = ast.members.map((m, i) => {
            const [jsName, jsValue] = jsEntries[i];
            const value = this.resolveValue(m.value, canon);
            if (jsValue !== value) fail(canon, `member ${m.name} (js ${jsName}) has value ${jsValue} in JavaScript, ${value} in xdr`);
            return { name: m.name, js: jsName, value };
        });
        return { kind: 'enum', name: canon, members };
    }

    convertStruct(canon, body, jsFields) {
        if (jsFields.length !== body.fields.length)
            fail(canon, `${jsFields.length} fields in JavaScript, ${body.fields.length} in the xdr source`);
        const fields = body.fields.map((decl, i) => {
            const [jsName, jsType] = jsFields[i];
            const type = this.convertDecl(decl, jsType, canon, `${canon}.${decl.name}`);
            return { name: decl.name, js: jsName, type };
        });
        return { kind: 'struct', name: canon, fields };
    }

    convertUnion(canon, body, cfg) {
        const disc = body.disc;
        const discType = this.convertDecl(disc, cfg.switchOn, canon, `${canon}.${disc.name}`);
        const discEnum = this.discriminantEnum(discType, canon);
        if (cfg.switchName !== disc.name && cfg.switchName.toLowerCase() !== disc.name.toLowerCase())
            fail(canon, `discriminant is '${cfg.switchName}' in JavaScript, '${disc.name}' in the xdr source`);

        const flat = [];
        for (const c of body.cases) for (const v of c.values) flat.push({ v, c });
        if (flat.length !== cfg.switches.length)
            fail(canon, `${cfg.switches.length} cases in JavaScript, ${flat.length} in the xdr source`);

        const armNames = new Set();
        const cases = body.cases.map((c) => ({ values: [], arm: null, decl: c.decl }));
        const caseOf = new Map(body.cases.map((c, i) => [c, cases[i]]));
        flat.forEach(({ v, c }, i) => {
            const [jsKey, jsArm] = cfg.switches[i];
            const value = this.resolveValue(v, canon);
            let jsValue = jsKey;
            if (discEnum) {
                const m = discEnum.members.find((e) => e.js === jsKey);
                if (!m) fail(canon, `case '${jsKey}' is not a member of ${discEnum.name}`);
                if (v.ident !== m.name) fail(canon, `case #${i} is ${v.ident || v.num} in xdr, ${m.name} in JavaScript`);
                jsValue = m.value;
            } else if (typeof jsKey === 'boolean') {
                jsValue = jsKey ? 1 : 0;
            }
            if (jsValue !== value) fail(canon, `case #${i} has value ${jsValue} in JavaScript, ${value} in xdr`);
            const out = caseOf.get(c);
            out.values.push(discEnum ? { name: memberName(discEnum, value), value } : { value });
            this.matchArm(canon, out, c.decl, jsArm, cfg.arms, armNames);
        });
        const result = { kind: 'union', name: canon, discriminant: { name: disc.name, js: cfg.switchName, type: discType } };
        result.cases = cases.map(({ values, arm }) => ({ values, arm }));
        if (body.default !== undefined) {
            if (cfg.defaultArm === undefined) fail(canon, 'default arm in xdr but not in JavaScript');
            const holder = { arm: null };
            this.matchArm(canon, holder, body.default, cfg.defaultArm, cfg.arms, armNames);
            result.default = holder;
        } else if (cfg.defaultArm !== undefined) {
            fail(canon, 'default arm in JavaScript but not in xdr');
        }
        return result;
    }

    matchArm(canon, out, decl, jsArm, jsArms, armNames) {
        const isVoidJs = jsArm && typeof jsArm === 'object' && jsArm.t === 'void';
        if (decl.void) {
            if (!isVoidJs) fail(canon, `void arm in xdr, '${JSON.stringify(jsArm)}' in JavaScript`);
            out.arm = null;
            return;
        }
        if (typeof jsArm !== 'string') fail(canon, `arm ${decl.name} is void in JavaScript`);
        if (out.arm) {
            if (out.arm.js !== jsArm) fail(canon, `arm ${decl.name} has two JavaScript names`);
            return;
        }
        if (armNames.has(decl.name)) fail(canon, `arm name ${decl.name} used by two case groups`);
        armNames.add(decl.name);
        if (!(jsArm in jsArms)) fail(canon, `JavaScript arm ${jsArm} has no type`);
        const type = this.convertDecl(decl, jsArms[jsArm], canon, `${canon}.${decl.name}`);
        out.arm = { name: decl.name, js: jsArm, type };
    }

    discriminantEnum(type, canon) {
        let t = type;
        while (t.kind === 'ref') {
            const def = this.astByCanon.get(t.name);
            if (def.def === 'enum') {
                return {
                    name: t.name,
                    members: def.members.map((m, i) => ({
                        name: m.name,
                        js: Object.keys(this.jsByName.get(this.jsByCanon.get(t.name)).rec.members)[i],
                        value: this.resolveValue(m.value, t.name),
                    })),
                };
            }
            if (def.def !== 'typedef') fail(canon, `discriminant type ${t.name} is a ${def.def}`);
            t = this.convertDecl(def.decl, this.jsByName.get(this.jsByCanon.get(t.name)).rec.type, t.name, t.name);
        }
        if (!['int', 'uint', 'bool'].includes(t.kind)) fail(canon, `discriminant of kind ${t.kind}`);
        return null;
    }

    // A declaration's type, checked against the JavaScript type expression.
    // `parent` is the canonical name of the enclosing definition (hoisting
    // uses it), `where` names the spot for error messages.
    convertDecl(decl, js, parent, where) {
        const { spec, shape } = decl;
        if (spec.prim === 'opaque') {
            if (shape.fixed !== undefined) {
                const length = this.resolveValue(shape.fixed, where);
                this.expectJs(js, 'opaque', where);
                if (this.jsLength(js.len, where) !== length) fail(where, `opaque[${length}] is opaque(${js.len}) in JavaScript`);
                return withConst({ kind: 'opaque', length }, 'lengthConst', this.constName(shape.fixed));
            }
            this.expectJs(js, 'varOpaque', where);
            return this.variableBound({ kind: 'varopaque' }, shape.variable, js.len, where, [4294967295]);
        }
        if (spec.prim === 'string') {
            this.expectJs(js, 'string', where);
            return this.variableBound({ kind: 'string' }, shape.variable, js.len, where, [4294967295]);
        }
        if (shape === 'optional') {
            this.expectJs(js, 'option', where);
            return { kind: 'optional', elem: this.convertBase(spec, js.child, parent, decl.name, where) };
        }
        if (shape !== 'plain' && shape.fixed !== undefined) {
            this.expectJs(js, 'array', where);
            const length = this.resolveValue(shape.fixed, where);
            if (this.jsLength(js.len, where) !== length) fail(where, `array length ${length} is ${js.len} in JavaScript`);
            const elem = this.convertBase(spec, js.child, parent, decl.name, where);
            return withConst({ kind: 'array', elem, length }, 'lengthConst', this.constName(shape.fixed));
        }
        if (shape !== 'plain' && shape.variable !== undefined) {
            this.expectJs(js, 'varArray', where);
            const elem = this.convertBase(spec, js.child, parent, decl.name, where);
            return this.variableBound({ kind: 'vararray', elem }, shape.variable, js.len, where, JS_UNBOUNDED_ARRAY);
        }
        return this.convertBase(spec, js, parent, decl.name, where);
    }

    variableBound(type, bound, jsLen, where, jsUnbounded) {
        if (bound === null) {
            if (jsLen !== undefined && !jsUnbounded.includes(jsLen)) fail(where, `unbounded in xdr, bound ${jsLen} in JavaScript`);
            type.max = null;
            return type;
        }
        type.max = this.resolveValue(bound, where);
        if (jsLen === undefined || this.jsLength(jsLen, where) !== type.max)
            fail(where, `bound ${type.max} in xdr, ${JSON.stringify(jsLen)} in JavaScript`);
        return withConst(type, 'maxConst', this.constName(bound));
    }

    expectJs(js, t, where) {
        if (!js || js.t !== t) fail(where, `expected JavaScript ${t}, got ${JSON.stringify(js)}`);
    }

    convertBase(spec, js, parent, declName, where) {
        if (spec.prim) {
            if (!['int', 'uint', 'hyper', 'uhyper', 'bool'].includes(spec.prim)) fail(where, `'${spec.prim}' used as a plain type`);
            this.expectJs(js, spec.prim, where);
            return { kind: spec.prim };
        }
        if (spec.ident) {
            const target = this.astByCanon.get(spec.ident);
            if (!target) fail(where, `unknown type '${spec.ident}'`);
            if (target.def === 'const') fail(where, `'${spec.ident}' is a constant, not a type`);
            this.expectJs(js, 'lookup', where);
            if (this.canonByJs.get(js.name) !== spec.ident)
                fail(where, `type ${spec.ident} in xdr, ${js.name} (${this.canonByJs.get(js.name)}) in JavaScript`);
            return { kind: 'ref', name: spec.ident };
        }
        if (spec.struct || spec.union) {
            // A nested anonymous definition: stellar-base hoisted it into a named type.
            this.expectJs(js, 'lookup', where);
            const hoisted = this.jsByName.get(js.name);
            if (!hoisted) fail(where, `JavaScript refers to unknown type ${js.name}`);
            if (hoisted.ast.name !== null) fail(where, `nested definition maps to named type ${hoisted.ast.name}`);
            const kind = spec.struct ? 'struct' : 'union';
            const body = spec.struct || spec.union;
            if (hoisted.ast.def !== kind || !sameTree({ ...hoisted.ast, def: undefined, name: undefined }, { ...body }))
                fail(where, `the xdr source of ${js.name} differs from the nested definition it stands for`);
            if (this.used.has(js.name)) fail(where, `${js.name} stands for two nested definitions`);
            const canon = parent + capitalise(declName);
            if (this.astByCanon.has(canon) || this.jsByCanon.has(canon)) fail(where, `hoisted name ${canon} collides with another type`);
            this.canonByJs.set(js.name, canon);
            this.jsByCanon.set(canon, js.name);
            const def = kind === 'struct'
                ? this.convertStruct(canon, body, hoisted.rec.fields)
                : this.convertUnion(canon, body, hoisted.rec.cfg);
            def.hoistedFrom = { parent, member: declName };
            this.emit(hoisted.rec, def);
            return { kind: 'ref', name: canon };
        }
        return fail(where, 'nested anonymous enums are not supported');
    }
}

function memberName(discEnum, value) {
    return discEnum.members.find((m) => m.value === value).name;
}

function withConst(type, key, name) {
    if (name) type[key] = name;
    return type;
}

// ---------------------------------------------------------------------------

function extract(generatedFile, packageJsonFile) {
    const text = fs.readFileSync(generatedFile, 'utf8');
    const pkg = JSON.parse(fs.readFileSync(packageJsonFile, 'utf8'));
    const recorded = recordDefinitions(text);
    const blocks = quotedSources(text);
    const definitions = new Matcher(recorded, blocks).run();
    return {
        source: {
            package: pkg.name,
            version: pkg.version,
            file: path.relative(path.dirname(packageJsonFile), generatedFile),
        },
        definitions,
    };
}

if (require.main === module) {
    const [generatedFile, packageJsonFile, outFile] = process.argv.slice(2);
    if (!outFile) {
        process.stderr.write('usage: node extract.js <curr_generated.js> <stellar-base package.json> <out.json>\n');
        process.exit(2);
    }
    try {
        const schema = extract(generatedFile, packageJsonFile);
        fs.mkdirSync(path.dirname(outFile), { recursive: true });
        fs.writeFileSync(outFile, JSON.stringify(schema, null, 1) + '\n');
    } catch (e) {
        process.stderr.write(`xdrgen extract: ${e instanceof ExtractError ? e.message : e.stack}\n`);
        process.exit(1);
    }
}

module.exports = { extract };
