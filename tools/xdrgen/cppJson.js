'use strict';
// The SEP-51 JSON code of every type (mixed into genCpp.js's Generator):
// toJsonValue / fromJsonValue of each enum, struct and union, and the JSON
// form of each position. The form depends on the position, not only on the
// C++ type: a 64-bit integer is a string inside a value but a number when it
// is the whole value of an int64 / uint64 typedef, a fixed opaque is hex or
// an array of numbers as the schema says, and typedefs whose JSON is custom
// (ContractID, PoolID, AssetCode4, AssetCode12) are aliases the C++
// overloads cannot tell apart. Names come from the schema (`json` of each
// field, enum member and union case: fromXdrJson.js).
//
// Types whose JSON is not their structure (`json: 'special'`: StrKeys,
// asset codes, 128/256-bit integers) are written by hand in
// src/xdr/SpecialJson.cpp: structs and unions through the same overloads,
// typedefs through toJson<Name> / fromJson<Name>.

const { ident } = require('./cppWriter');

module.exports = {
    isSpecial(d) {
        return d.json === 'special';
    },

    // A C++ expression: the JSON of x, a value of type t.
    jsonExpr(t, x) {
        switch (t.kind) {
        case 'int':
        case 'uint':
        case 'bool':
            return `Json(${x})`;
        case 'hyper':
        case 'uhyper':
            return `decimalJson(${x})`;
        case 'ref': {
            const d = this.s.def(t.name);
            if (d.kind !== 'typedef') return `toJsonValue(${x})`;
            if (this.isSpecial(d)) return `toJson${d.name}(${x})`;
            return this.jsonExpr(d.type, x);
        }
        case 'opaque':
            return t.json === 'bytes' ? `byteArrayJson(${x}.data(), ${x}.size())` : `hexJson(${x}.data(), ${x}.size())`;
        case 'varopaque':
            return `hexJson(${x}.data(), ${x}.size())`;
        case 'string':
            return `escapedStringJson(${x})`;
        case 'array':
        case 'vararray': {
            const e = this.fresh('e');
            return `arrayJson(${x}, [](auto const& ${e}) { return ${this.jsonExpr(t.elem, e)}; })`;
        }
        case 'optional': {
            const e = this.fresh('e');
            return `optionalJson(${x}, [](auto const& ${e}) { return ${this.jsonExpr(t.elem, e)}; })`;
        }
        default:
            throw new Error(`unknown type kind ${t.kind}`);
        }
    },

    // Statements that read j into x, a value of type t.
    fromJsonStmts(c, t, j, x) {
        switch (t.kind) {
        case 'int':
            return c.line(`${x} = in.readInt32(${j});`);
        case 'uint':
            return c.line(`${x} = in.readUint32(${j});`);
        case 'hyper':
            return c.line(`${x} = in.readInt64(${j});`);
        case 'uhyper':
            return c.line(`${x} = in.readUint64(${j});`);
        case 'bool':
            return c.line(`${x} = in.readBool(${j});`);
        case 'ref': {
            const d = this.s.def(t.name);
            if (d.kind !== 'typedef') return c.line(`fromJsonValue(in, ${j}, ${x});`);
            if (this.isSpecial(d)) return c.line(`fromJson${d.name}(in, ${j}, ${x});`);
            return this.fromJsonStmts(c, d.type, j, x);
        }
        case 'opaque':
            if (t.json === 'bytes') return c.line(`in.readByteArray(${j}, ${x}.data(), ${x}.size());`);
            return c.line(`in.readFixedHex(${j}, ${x}.data(), ${x}.size());`);
        case 'varopaque':
            return c.line(`in.readVarHex(${j}, ${x}, ${this.bound(t)});`);
        case 'string':
            return c.line(`in.readString(${j}, ${x}, ${this.bound(t)});`);
        case 'array':
        case 'vararray':
            return c.block('', () => {
                const n = this.fresh('n');
                if (t.kind === 'array') {
                    c.line(`std::size_t ${n} = ${x}.size();`);
                    c.line(`in.expectArrayLength(${j}, ${n});`);
                } else {
                    c.line(`std::size_t ${n} = in.readArrayLength(${j}, ${this.bound(t)});`);
                    c.line(`${x}.clear();`);
                    c.line(`${x}.resize(${n});`);
                }
                const i = this.fresh('i');
                c.block(`for (std::size_t ${i} = 0; ${i} < ${n}; ++${i})`, () => {
                    const s = this.fresh('s');
                    c.line(`JsonIn::Step ${s}(in, ${j}, ${i});`);
                    this.fromJsonStmts(c, t.elem, `${s}.json()`, `${x}[${i}]`);
                });
            });
        case 'optional': {
            c.block(`if (${j}.is_null())`, () => c.line(`${x}.reset();`));
            c.line('else');
            return c.block('', () => {
                const p = this.fresh('p');
                c.line(`auto& ${p} = ${x}.activate();`);
                this.fromJsonStmts(c, t.elem, j, p);
            });
        }
        default:
            throw new Error(`unknown type kind ${t.kind}`);
        }
    },

    enumJsonCode(c, d) {
        const q = `::stellar::${d.name}`;
        const seen = new Set();
        const unique = d.members.filter((m) => (seen.has(m.value) ? false : (seen.add(m.value), true)));
        c.line();
        c.line('Json');
        c.block(`toJsonValue(${q} v)`, () => {
            c.line('switch (v)');
            c.block('', () => {
                for (const m of unique) c.line(`case ${this.enumeratorRef(m.name)}: return "${m.json}";`);
                c.line('default: return static_cast<std::int32_t>(v);');
            });
        });
        c.line();
        c.line('void');
        c.block(`fromJsonValue(JsonIn& in, Json const& j, ${q}& v)`, () => {
            c.line(`static constexpr std::pair<std::string_view, ${q}> NAMES[] = {`);
            for (const m of d.members) c.line(`    {"${m.json}", ${this.enumeratorRef(m.name)}},`);
            c.line('};');
            c.line(`auto const& name = in.readEnumName(j, "${d.rust}");`);
            c.line('for (auto const& [n, value] : NAMES)');
            c.block('', () => {
                c.block('if (n == name)', () => {
                    c.line('v = value;');
                    c.line('return;');
                });
            });
            const names = d.members.map((m) => m.json);
            const list = names.length > 12 ? `${names.slice(0, 12).join(', ')}, ...` : names.join(', ');
            c.line(`in.fail("expected a ${d.rust} (${list}), got \\"" + name + "\\"");`);
        });
    },

    structJsonCode(c, d) {
        if (this.isSpecial(d)) return;
        const q = `::stellar::${d.name}`;
        c.line();
        c.line('Json');
        c.block(`toJsonValue(${q} const& v)`, () => {
            c.line('JsonObject o;');
            for (const f of d.fields) c.line(`o.put("${f.json}", ${this.jsonExpr(f.type, `v.${ident(f.name)}`)});`);
            c.line('return o.take();');
        });
        c.line();
        c.line('void');
        c.block(`fromJsonValue(JsonIn& in, Json const& j, ${q}& v)`, () => {
            c.line('JsonIn::Nest nest(in);');
            c.line(`in.expectObject(j, {${d.fields.map((f) => `"${f.json}"`).join(', ')}}, "${d.rust}");`);
            for (const f of d.fields) {
                const x = `v.${ident(f.name)}`;
                // A field declared `T* x` may be left out, as serde lets an
                // Option field be (not one whose typedef is optional).
                if (f.type.kind === 'optional') {
                    c.block(`if (!JsonIn::has(j, "${f.json}"))`, () => c.line(`${x}.reset();`));
                    c.line('else');
                }
                c.block('', () => {
                    const s = this.fresh('s');
                    c.line(`JsonIn::Step ${s}(in, j, "${f.json}");`);
                    this.fromJsonStmts(c, f.type, `${s}.json()`, x);
                });
            }
        });
    },

    // Every discriminant value with its arm: SEP-51 names each value, so
    // values that share an arm are still separate cases.
    unionValues(d) {
        const out = [];
        for (const a of this.s.unionArms(d)) for (const value of a.values) out.push({ value, arm: a.arm });
        return out;
    },

    unionJsonCode(c, d) {
        if (this.isSpecial(d)) return;
        const q = `::stellar::${d.name}`;
        const disc = ident(d.discriminant.name);
        c.line();
        c.line('Json');
        c.block(`toJsonValue(${q} const& v)`, () => {
            c.line(`switch (${this.switchOn(d, `v.${disc}()`)})`);
            c.block('', () => {
                for (const { value, arm } of this.unionValues(d)) {
                    c.line(`case ${this.caseLabel(d, value)}:`);
                    if (!arm) {
                        c.line(`    return "${value.json}";`);
                        continue;
                    }
                    c.block('', () => {
                        c.line('JsonObject o;');
                        c.line(`o.put("${value.json}", ${this.jsonExpr(arm.type, `v.${ident(arm.name)}()`)});`);
                        c.line('return o.take();');
                    });
                }
                c.line('default: return nullptr;');
            });
        });
        c.line();
        c.line('void');
        c.block(`fromJsonValue(JsonIn& in, Json const& j, ${q}& v)`, () => {
            c.line('JsonIn::Nest nest(in);');
            c.line('Json const* value = nullptr;');
            c.line(`auto const& name = in.unionCase(j, value, "${d.rust}");`);
            for (const { value, arm } of this.unionValues(d)) {
                c.block(`if (name == "${value.json}")`, () => {
                    c.line(`v.${disc}(${this.caseLabel(d, value)});`);
                    if (!arm) {
                        c.line('if (value && !value->is_null())');
                        c.line(`    in.fail("${d.rust} case ${value.json} has no value: expected the string \\"${value.json}\\"");`);
                        c.line('return;');
                        return;
                    }
                    c.line('if (!value)');
                    c.line(`    in.fail("${d.rust} case ${value.json} has a value: expected {\\"${value.json}\\": ...}");`);
                    const s = this.fresh('s');
                    c.line(`JsonIn::Step ${s}(in, j, "${value.json}");`);
                    this.fromJsonStmts(c, arm.type, `${s}.json()`, `v.${ident(arm.name)}()`);
                    c.line('return;');
                });
            }
            const names = this.unionValues(d).map(({ value }) => value.json);
            const list = names.length > 12 ? `${names.slice(0, 12).join(', ')}, ...` : names.join(', ');
            c.line(`in.fail("expected a ${d.rust} case (${list}), got \\"" + name + "\\"");`);
        });
    },

    // The registry's JSON of a whole value of the named type: as a position,
    // except that an int64 / uint64 typedef is a JSON number there (the
    // crate's `type Uint64 = u64` has no string form of its own).
    topJsonExpr(d, x) {
        if (d.topJson === 'number') return `Json(${x})`;
        return this.jsonExpr({ kind: 'ref', name: d.name }, x);
    },

    topFromJsonStmts(c, d, j, x) {
        if (d.topJson !== 'number') return this.fromJsonStmts(c, { kind: 'ref', name: d.name }, j, x);
        const r = this.s.resolve(d.type);
        return c.line(`${x} = in.${r.kind === 'hyper' ? 'readInt64Number' : 'readUint64Number'}(${j});`);
    },
};
