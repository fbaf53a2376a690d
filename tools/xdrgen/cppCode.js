'use strict';
// The code of every type (mixed into genCpp.js's Generator): statements
// that encode and decode a value of any schema type, with bounds expanded
// inline through typedef chains, and the per-definition functions (enum
// helpers, struct and union codecs, union members, registry entries). The
// JSON code is cppJson.js's.

const { ident } = require('./cppWriter');

module.exports = {
    encodeStmts(c, t, x, what) {
        switch (t.kind) {
        case 'int':
            return c.line(`w.writeInt32(${x});`);
        case 'uint':
            return c.line(`w.writeUint32(${x});`);
        case 'hyper':
            return c.line(`w.writeInt64(${x});`);
        case 'uhyper':
            return c.line(`w.writeUint64(${x});`);
        case 'bool':
            return c.line(`w.writeBool(${x});`);
        case 'ref': {
            const d = this.s.def(t.name);
            if (d.kind === 'typedef') return this.encodeStmts(c, d.type, x, what);
            return c.line(`encode(w, ${x});`);
        }
        case 'opaque':
            return c.line(`w.writeFixedOpaque(${x}.data(), ${x}.size());`);
        case 'varopaque':
            return c.line(`w.writeVarOpaque(${x}, ${this.bound(t)}, "${what}");`);
        case 'string':
            return c.line(`w.writeString(${x}, ${this.bound(t)}, "${what}");`);
        case 'array': {
            const e = this.fresh('e');
            return c.block(`for (auto const& ${e} : ${x})`, () => this.encodeStmts(c, t.elem, e, what));
        }
        case 'vararray': {
            c.line(`w.writeArrayLength(${x}.size(), ${this.bound(t)}, "${what}");`);
            const e = this.fresh('e');
            return c.block(`for (auto const& ${e} : ${x})`, () => this.encodeStmts(c, t.elem, e, what));
        }
        case 'optional':
            c.line(`w.writeBool(static_cast<bool>(${x}));`);
            return c.block(`if (${x})`, () => this.encodeStmts(c, t.elem, `(*${x})`, what));
        default:
            throw new Error(`unknown type kind ${t.kind}`);
        }
    },

    decodeStmts(c, t, x, what) {
        switch (t.kind) {
        case 'int':
            return c.line(`${x} = r.readInt32();`);
        case 'uint':
            return c.line(`${x} = r.readUint32();`);
        case 'hyper':
            return c.line(`${x} = r.readInt64();`);
        case 'uhyper':
            return c.line(`${x} = r.readUint64();`);
        case 'bool':
            return c.line(`${x} = r.readBool();`);
        case 'ref': {
            const d = this.s.def(t.name);
            if (d.kind === 'typedef') return this.decodeStmts(c, d.type, x, what);
            return c.line(`decode(r, ${x});`);
        }
        case 'opaque':
            return c.line(`r.readFixedOpaque(${x}.data(), ${x}.size());`);
        case 'varopaque':
            return c.line(`r.readVarOpaque(${x}, ${this.bound(t)}, "${what}");`);
        case 'string':
            return c.line(`r.readString(${x}, ${this.bound(t)}, "${what}");`);
        case 'array': {
            const e = this.fresh('e');
            return c.block(`for (auto& ${e} : ${x})`, () => this.decodeStmts(c, t.elem, e, what));
        }
        case 'vararray':
            return c.block('', () => {
                const n = this.fresh('n');
                c.line(`std::uint32_t ${n} = r.readArrayLength(${this.bound(t)}, ${this.s.minSize(t.elem)}, "${what}");`);
                c.line(`${x}.clear();`);
                c.line(`${x}.resize(${n});`);
                const e = this.fresh('e');
                c.block(`for (auto& ${e} : ${x})`, () => this.decodeStmts(c, t.elem, e, what));
            });
        case 'optional': {
            const p = this.fresh('p');
            c.block('if (r.readBool())', () => {
                c.line(`auto& ${p} = ${x}.activate();`);
                this.decodeStmts(c, t.elem, p, what);
            });
            c.line('else');
            return c.block('', () => c.line(`${x}.reset();`));
        }
        default:
            throw new Error(`unknown type kind ${t.kind}`);
        }
    },

    enumCode(c, d) {
        const q = `::stellar::${d.name}`;
        const seen = new Set();
        const unique = d.members.filter((m) => (seen.has(m.value) ? false : (seen.add(m.value), true)));
        c.line();
        c.line('std::string_view');
        c.block(`enumName(${q} v) noexcept`, () => {
            c.line('switch (v)');
            c.block('', () => {
                for (const m of unique) c.line(`case ${this.enumeratorRef(m.name)}: return "${m.name}";`);
                c.line('default: return {};');
            });
        });
        c.line();
        c.line('bool');
        c.block(`isValidEnum(${q} v) noexcept`, () => {
            c.line('switch (v)');
            c.block('', () => {
                for (const m of unique) c.line(`case ${this.enumeratorRef(m.name)}:`);
                c.line('    return true;');
                c.line('default: return false;');
            });
        });
        c.line();
        c.line('bool');
        c.block(`enumFromName(std::string_view name, ${q}& out) noexcept`, () => {
            c.line(`static constexpr std::pair<std::string_view, ${q}> NAMES[] = {`);
            for (const m of d.members) c.line(`    {"${m.name}", ${this.enumeratorRef(m.name)}},`);
            c.line('};');
            c.line('for (auto const& [n, value] : NAMES)');
            c.block('', () => {
                c.block('if (n == name)', () => {
                    c.line('out = value;');
                    c.line('return true;');
                });
            });
            c.line('return false;');
        });
        c.line();
        c.line('void');
        c.block(`encode(XdrWriter& w, ${q} v)`, () => {
            c.line('if (!isValidEnum(v))');
            c.line(`    throw XdrError(std::to_string(v) + " is not a value of ${d.name}", w.size());`);
            c.line('w.writeInt32(v);');
        });
        c.line();
        c.line('void');
        c.block(`decode(XdrReader& r, ${q}& v)`, () => {
            c.line('std::size_t at = r.offset();');
            c.line(`auto x = static_cast<${q}>(r.readInt32());`);
            c.line('if (!isValidEnum(x))');
            c.line(`    r.failAt(at, std::to_string(x) + " is not a value of ${d.name}");`);
            c.line('v = x;');
        });
    },

    structCode(c, d) {
        const q = `::stellar::${d.name}`;
        c.line();
        c.line('void');
        c.block(`encode(XdrWriter& w, ${q} const& v)`, () => {
            for (const f of d.fields) this.encodeStmts(c, f.type, `v.${ident(f.name)}`, `${d.name}.${f.name}`);
        });
        c.line();
        c.line('void');
        c.block(`decode(XdrReader& r, ${q}& v)`, () => {
            c.line('XdrReader::Nest nest(r);');
            for (const f of d.fields) this.decodeStmts(c, f.type, `v.${ident(f.name)}`, `${d.name}.${f.name}`);
        });
    },

    // Emits `switch (expr) { per arm: labels, body(arm) } `.
    armSwitch(c, u, expr, body) {
        const { arms } = this.unionLayout(u);
        c.line(`switch (${this.switchOn(u, expr)})`);
        c.block('', () => {
            let hasDefault = false;
            for (const a of arms) {
                if (a.isDefault) {
                    hasDefault = true;
                    c.line('default:');
                } else {
                    for (const v of a.values) c.line(`case ${this.caseLabel(u, v)}:`);
                }
                c.block('', () => {
                    body(a);
                    c.line('break;');
                });
            }
            if (!hasDefault) c.line('default: break;');
        });
    },

    unionMemberCode(c, d) {
        const q = `::stellar::${d.name}`;
        const discType = this.cppType(d.discriminant.type, 'cpp');
        const disc = ident(d.discriminant.name);
        const { arms } = this.unionLayout(d);
        const isEnum = !!this.s.enumOf(d.discriminant.type);
        c.line();
        c.line(`${q}&`);
        c.block(`${d.name}::${disc}(${discType} value)`, () => {
            c.line('int k = xdrArmIndex(value);');
            c.line('if (k < 0)');
            c.line(`    xdr::throwBadDiscriminant("${d.name}", value);`);
            c.block('if (k != static_cast<int>(value_.index()))', () => {
                c.line('switch (k)');
                c.block('', () => {
                    const done = new Set();
                    for (const a of arms) {
                        if (done.has(a.index)) continue;
                        done.add(a.index);
                        const init = a.arm && !a.boxed ? this.defaultInit(a.arm.type, 'cpp') : '';
                        c.line(`case ${a.index}: value_.emplace<${a.index}>(${init}); break;`);
                    }
                    c.line('default: break;');
                });
            });
            c.line('disc_ = value;');
            c.line('return *this;');
        });
        for (const a of arms) {
            if (!a.arm) continue;
            const t = this.cppType(a.arm.type, 'cpp');
            const name = ident(a.arm.name);
            const deref = a.boxed ? '**p' : '*p';
            for (const cv of ['', ' const']) {
                c.line();
                c.line(`${t}${cv}&`);
                c.block(`${d.name}::${name}()${cv}`, () => {
                    c.line(`if (auto* p = std::get_if<${a.index}>(&value_))`);
                    c.line(`    return ${deref};`);
                    c.line(`xdr::throwWrongArm("${d.name}", "${a.arm.name}", disc_);`);
                });
            }
        }
        c.line();
        c.line('int');
        c.block(`${d.name}::xdrArmIndex(${discType} value) noexcept`, () => {
            if (isEnum && d.default) c.line('if (!xdr::isValidEnum(value))\n        return -1;');
            c.line(`switch (${this.switchOn(d, 'value')})`);
            c.block('', () => {
                let hasDefault = false;
                for (const a of arms) {
                    if (a.isDefault) {
                        hasDefault = true;
                        c.line(`default: return ${a.index};`);
                        continue;
                    }
                    for (const v of a.values) c.line(`case ${this.caseLabel(d, v)}:`);
                    c.line(`    return ${a.index};`);
                }
                if (!hasDefault) c.line('default: return -1;');
            });
        });
    },

    unionCode(c, d) {
        const q = `::stellar::${d.name}`;
        const discType = this.cppType(d.discriminant.type, 'cpp');
        const disc = ident(d.discriminant.name);
        const discInit = this.defaultInit(d.discriminant.type, 'cpp');
        const where = (a) => `${d.name}.${a.arm.name}`;
        c.line();
        c.line('void');
        c.block(`encode(XdrWriter& w, ${q} const& v)`, () => {
            this.encodeStmts(c, d.discriminant.type, `v.${disc}()`, `${d.name}.${d.discriminant.name}`);
            this.armSwitch(c, d, `v.${disc}()`, (a) => {
                if (a.arm) this.encodeStmts(c, a.arm.type, `v.${ident(a.arm.name)}()`, where(a));
            });
        });
        c.line();
        c.line('void');
        c.block(`decode(XdrReader& r, ${q}& v)`, () => {
            c.line('XdrReader::Nest nest(r);');
            c.line('std::size_t at = r.offset();');
            c.line(`${discType} d{${discInit}};`);
            this.decodeStmts(c, d.discriminant.type, 'd', `${d.name}.${d.discriminant.name}`);
            c.line(`if (${q}::xdrArmIndex(d) < 0)`);
            c.line(`    r.failAt(at, "no arm of ${d.name} accepts ${d.discriminant.name} " + std::to_string(d));`);
            c.line(`v.${disc}(d);`);
            this.armSwitch(c, d, 'd', (a) => {
                if (a.arm) this.decodeStmts(c, a.arm.type, `v.${ident(a.arm.name)}()`, where(a));
            });
        });
    },

    // Registry entry functions of one named type; bounds of a typedef apply.
    registryCode(c, d) {
        const q = `::stellar::${d.name}`;
        const t = { kind: 'ref', name: d.name };
        const init = this.defaultInit(t, 'cpp');
        c.line();
        c.line('Json');
        c.block(`decodeToJson_${d.name}(std::span<std::uint8_t const> bytes)`, () => {
            c.line('XdrReader r(bytes);');
            c.line(`${q} v{${init}};`);
            this.decodeStmts(c, t, 'v', d.name);
            c.line('r.expectEnd();');
            c.line(`return ${this.topJsonExpr(d, 'v')};`);
        });
        c.line();
        c.line('Json');
        c.block(`decodeFirstToJson_${d.name}(std::span<std::uint8_t const> bytes, std::size_t& used)`, () => {
            c.line('XdrReader r(bytes);');
            c.line(`${q} v{${init}};`);
            this.decodeStmts(c, t, 'v', d.name);
            c.line('used = r.offset();');
            c.line(`return ${this.topJsonExpr(d, 'v')};`);
        });
        c.line();
        c.line('std::vector<std::uint8_t>');
        c.block(`encodeFromJson_${d.name}(Json const& j)`, () => {
            c.line('JsonIn in;');
            c.line(`${q} v{${init}};`);
            this.topFromJsonStmts(c, d, 'j', 'v');
            c.line('XdrWriter w;');
            this.encodeStmts(c, t, 'v', d.name);
            c.line('return w.take();');
        });
        c.line();
        c.line('std::vector<std::uint8_t>');
        c.block(`reencode_${d.name}(std::span<std::uint8_t const> bytes)`, () => {
            c.line('XdrReader r(bytes);');
            c.line(`${q} v{${init}};`);
            this.decodeStmts(c, t, 'v', d.name);
            c.line('r.expectEnd();');
            c.line('XdrWriter w;');
            this.encodeStmts(c, t, 'v', d.name);
            c.line('return w.take();');
        });
    },
};
