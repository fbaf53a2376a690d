'use strict';
// C++ generator: schema JSON (extract.js) -> C++ types and code.
//
//   node genCpp.js <schema.json> <out dir>
//
// Writes, into <out dir> (build output, never committed):
//   StellarTypes.h      every constant, enum, typedef, struct and union, in
//                       namespace stellar, named as stellar-core names them
//   StellarCodec.h      encode / decode declarations (namespace stellar::xdr)
//   StellarJson.h       toJsonValue / fromJsonValue declarations
//   StellarXdr<k>.cpp   the code, split into CHUNKS files of similar size so
//                       that two cores compile them in parallel
//   StellarRegistry.cpp the by-name type table (xdr/Registry.h)
//   StellarRandom.h, StellarRandom<k>.cpp  random valid values of every type,
//                       for the cross-check tests only (library so_xdr_random)
// Typedefs are C++ aliases, so they get no overloads of their own: the code
// of each field or arm expands its typedef chain inline, bounds included.

const fs = require('fs');
const path = require('path');
const { Schema } = require('./schema');

const CHUNKS = 8;
const RANDOM_CHUNKS = 2;

const CPP_KEYWORDS = new Set(`alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t
char16_t char32_t class compl concept const consteval constexpr constinit const_cast continue co_await co_return
co_yield decltype default delete do double dynamic_cast else enum explicit export extern false float for friend goto
if inline int long mutable namespace new noexcept not not_eq nullptr operator or or_eq private protected public
register reinterpret_cast requires return short signed sizeof static static_assert static_cast struct switch
template this thread_local throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t
while xor xor_eq`.split(/\s+/));

function ident(name) {
    return CPP_KEYWORDS.has(name) ? `${name}_` : name;
}

// A little code writer with indentation.
class Code {
    constructor() {
        this.lines = [];
        this.depth = 0;
    }

    line(s = '') {
        this.lines.push(s === '' ? '' : '    '.repeat(this.depth) + s);
    }

    block(header, body, trailer = '') {
        if (header) this.line(header);
        this.line('{');
        this.depth++;
        body();
        this.depth--;
        this.line(`}${trailer}`);
    }

    text() {
        return this.lines.join('\n') + '\n';
    }
}

class Generator {
    constructor(schema) {
        this.s = schema;
        this.tmp = 0;
        this.memberNames = new Set();
        for (const d of schema.types()) {
            for (const f of d.fields || []) this.memberNames.add(f.name);
            if (d.kind === 'union') {
                this.memberNames.add(d.discriminant.name);
                for (const a of schema.unionArms(d)) if (a.arm) this.memberNames.add(a.arm.name);
            }
        }
        this.checkNames();
    }

    checkNames() {
        for (const d of this.s.types()) {
            if (d.kind !== 'union') continue;
            const names = new Set([d.discriminant.name]);
            for (const a of this.s.unionArms(d)) {
                if (!a.arm) continue;
                if (names.has(a.arm.name)) throw new Error(`${d.name}: arm ${a.arm.name} repeats a member name`);
                names.add(a.arm.name);
            }
            if (d.cases.length === 0) throw new Error(`${d.name}: a union without cases has no default value`);
            if (this.s.resolve(d.discriminant.type).kind === 'ref' && !this.s.enumOf(d.discriminant.type))
                throw new Error(`${d.name}: discriminant is not an int, unsigned int, bool or enum`);
        }
    }

    fresh(prefix) {
        this.tmp += 1;
        return `${prefix}${this.tmp}`;
    }

    // --- names and C++ types -------------------------------------------------

    // How a type or constant name is spelled: in class bodies a name that is
    // also some member's name is qualified, so no member changes its meaning.
    spell(name, where) {
        if (where === 'cpp') return `::stellar::${name}`;
        if (where === 'class' && this.memberNames.has(name)) return `::stellar::${name}`;
        return name;
    }

    cppType(t, where) {
        switch (t.kind) {
        case 'int':
            return 'std::int32_t';
        case 'uint':
            return 'std::uint32_t';
        case 'hyper':
            return 'std::int64_t';
        case 'uhyper':
            return 'std::uint64_t';
        case 'bool':
            return 'bool';
        case 'ref':
            return this.spell(t.name, where);
        case 'opaque':
            return `std::array<std::uint8_t, ${t.lengthConst ? this.spell(t.lengthConst, where) : t.length}>`;
        case 'varopaque':
            return 'std::vector<std::uint8_t>';
        case 'string':
            return 'std::string';
        case 'array':
            return `std::array<${this.cppType(t.elem, where)}, ${t.lengthConst ? this.spell(t.lengthConst, where) : t.length}>`;
        case 'vararray':
            return `std::vector<${this.cppType(t.elem, where)}>`;
        case 'optional':
            return `${where === 'cpp' ? '::stellar::xdr' : 'xdr'}::pointer<${this.cppType(t.elem, where)}>`;
        default:
            throw new Error(`unknown type kind ${t.kind}`);
        }
    }

    bound(t) {
        if (t.max === null) return 'XDR_UNBOUNDED';
        return t.maxConst ? `::stellar::${t.maxConst}` : `${t.max}`;
    }

    // Initializer that makes a default value encodable: enums start at their
    // first member (several Stellar enums have no member 0).
    defaultInit(t) {
        const e = this.s.enumOf(t);
        return e ? this.enumeratorRef(e.members[0].name) : '';
    }

    enumeratorRef(name) {
        return `::stellar::${name}`;
    }

    caseLabel(u, value) {
        const t = this.s.resolve(u.discriminant.type);
        if (this.s.enumOf(u.discriminant.type)) return this.enumeratorRef(value.name);
        if (t.kind === 'bool') return value.value ? 'true' : 'false';
        return `${value.value}`;
    }

    switchOn(u, expr) {
        return this.s.resolve(u.discriminant.type).kind === 'bool' ? `static_cast<int>(${expr})` : expr;
    }

    // Alternatives of a union's std::variant: one per non-void arm, in case
    // order (so index 0 is the first case's arm), one std::monostate for all
    // void arms.
    unionLayout(u) {
        const alts = [];
        let voidIndex = -1;
        const arms = this.s.unionArms(u).map((a) => {
            let index;
            let boxed = false;
            if (a.arm) {
                index = alts.length;
                boxed = this.containsByValue(a.arm.type, u.name);
                alts.push({ type: a.arm.type, boxed });
            } else {
                if (voidIndex < 0) {
                    voidIndex = alts.length;
                    alts.push(null);
                }
                index = voidIndex;
            }
            return { ...a, index, boxed };
        });
        return { alts, arms };
    }

    // Whether a value of type t holds a `name` by value (so `name` cannot
    // hold t by value in C++ and must box it).
    containsByValue(t, name) {
        const seen = new Set();
        const walk = (x) => {
            const deps = new Set();
            this.deps(x, true, deps);
            for (const n of deps) {
                if (n === name) return true;
                if (seen.has(n)) continue;
                seen.add(n);
                const d = this.s.def(n);
                if (d.kind === 'typedef') continue; // its type is in deps already
                if (this.memberTypes(d).some(walk)) return true;
            }
            return false;
        };
        return walk(t);
    }

    // --- ordering ----------------------------------------------------------

    // Names an aggregate needs complete before its definition (by-value
    // members), and typedef names it mentions (aliases must precede use).
    deps(t, strong, out) {
        switch (t.kind) {
        case 'ref': {
            const d = this.s.def(t.name);
            if (d.kind === 'typedef') {
                out.add(t.name);
                this.deps(d.type, strong, out);
            } else if (strong && d.kind !== 'enum') {
                out.add(t.name);
            }
            return;
        }
        case 'array':
            this.deps(t.elem, strong, out);
            return;
        case 'vararray':
        case 'optional':
            this.deps(t.elem, false, out);
            return;
        default:
        }
    }

    memberTypes(d) {
        if (d.kind === 'typedef') return [d.type];
        if (d.kind === 'struct') return d.fields.map((f) => f.type);
        if (d.kind === 'union') return [d.discriminant.type, ...this.s.unionArms(d).filter((a) => a.arm).map((a) => a.arm.type)];
        return [];
    }

    definitionOrder() {
        const nodes = this.s.types().filter((d) => d.kind !== 'enum');
        const state = new Map();
        const order = [];
        const visit = (d, trail) => {
            const st = state.get(d.name);
            if (st === 'done') return;
            if (st === 'active') throw new Error(`types contain each other by value: ${[...trail, d.name].join(' -> ')}`);
            state.set(d.name, 'active');
            const deps = new Set();
            const boxed = d.kind === 'union' ? this.unionLayout(d).alts.filter((a) => a && a.boxed).map((a) => a.type) : [];
            for (const t of this.memberTypes(d)) this.deps(t, d.kind !== 'typedef' && !boxed.includes(t), deps);
            for (const n of deps) {
                const dd = this.s.def(n);
                if (dd.kind !== 'enum' && n !== d.name) visit(dd, [...trail, d.name]);
            }
            state.set(d.name, 'done');
            order.push(d);
        };
        for (const d of nodes) visit(d, []);
        return order;
    }

    // --- StellarTypes.h ------------------------------------------------------

    // StellarFwd.h: constants, enums, forward declarations and typedefs. Enough
    // for code that passes XDR values by reference, at a fraction of the cost
    // of the full definitions.
    fwdHeader(banner) {
        const c = new Code();
        c.line(banner);
        c.line('#pragma once');
        c.line('// Stellar XDR constants, enums, typedefs and forward declarations of every');
        c.line('// struct and union (defined in xdr/StellarTypes.h).');
        c.line();
        c.line('#include "xdr/Pointer.h"');
        c.line();
        for (const h of ['array', 'cstdint', 'string', 'string_view', 'vector']) c.line(`#include <${h}>`);
        c.line();
        c.line('namespace stellar');
        c.line('{');
        c.line();
        for (const d of this.s.defs.filter((x) => x.kind === 'const')) {
            const type = d.value < 0 ? 'std::int32_t' : 'std::uint32_t';
            c.line(`inline constexpr ${type} ${d.name} = ${d.value};`);
        }
        c.line();
        for (const d of this.s.types().filter((x) => x.kind === 'enum')) {
            c.line(`enum ${d.name} : std::int32_t`);
            c.line('{');
            for (const m of d.members) c.line(`    ${m.name} = ${m.value},`);
            c.line('};');
        }
        c.line();
        for (const d of this.s.types()) {
            if (d.kind === 'struct') c.line(`struct ${d.name};`);
            if (d.kind === 'union') c.line(`class ${d.name};`);
        }
        c.line();
        for (const d of this.definitionOrder()) {
            if (d.kind === 'typedef') c.line(`using ${d.name} = ${this.cppType(d.type, 'ns')};`);
        }
        c.line();
        c.line('}');
        c.line();
        c.line('namespace stellar::xdr');
        c.line('{');
        c.line();
        c.line('// Per enum: its member\'s XDR name ("" outside the enum), whether a value');
        c.line('// is a member, and the member of a given name.');
        for (const d of this.s.types().filter((x) => x.kind === 'enum')) {
            c.line(`std::string_view enumName(${d.name} v) noexcept;`);
            c.line(`bool isValidEnum(${d.name} v) noexcept;`);
            c.line(`bool enumFromName(std::string_view name, ${d.name}& out) noexcept;`);
        }
        c.line();
        c.line('}');
        return c.text();
    }

    typesHeader(banner) {
        const c = new Code();
        c.line(banner);
        c.line('#pragma once');
        c.line('// Every type of the Stellar XDR, as stellar-core\'s xdrpp output names it:');
        c.line('// enums are unscoped (HELLO, SCP_ST_PREPARE), structs are aggregates with');
        c.line('// defaulted ==, unions are classes with a discriminant accessor named as in');
        c.line('// XDR (msg.type()) and one accessor per arm (msg.hello()). Nested anonymous');
        c.line('// structs and unions are named <Parent><Member> (SCPStatementPledges) and');
        c.line('// reachable as xdrpp spells them too (SCPStatement::_pledges_t).');
        c.line();
        c.line('#include "xdr/StellarFwd.h"');
        c.line('#include "xdr/Union.h"');
        c.line();
        c.line('#include <variant>');
        c.line();
        c.line('namespace stellar');
        c.line('{');
        for (const d of this.definitionOrder()) {
            if (d.kind === 'struct') this.structDecl(c, d);
            else if (d.kind === 'union') this.unionDecl(c, d);
        }
        c.line();
        c.line('}');
        return c.text();
    }

    hoistedAliases(c, d, members) {
        for (const m of members) {
            const t = m.type;
            if (t.kind !== 'ref') continue;
            const target = this.s.def(t.name);
            if (target.hoistedFrom && target.hoistedFrom.parent === d.name && target.hoistedFrom.member === m.name)
                c.line(`using _${m.name}_t = ${this.spell(t.name, 'class')};`);
        }
    }

    structDecl(c, d) {
        c.line();
        if (d.hoistedFrom) c.line(`// ${d.hoistedFrom.parent}.${d.hoistedFrom.member}`);
        c.line(`struct ${d.name}`);
        c.line('{');
        c.depth++;
        this.hoistedAliases(c, d, d.fields);
        for (const f of d.fields) c.line(`${this.cppType(f.type, 'class')} ${ident(f.name)}{${this.defaultInit(f.type, 'class')}};`);
        c.line();
        c.line(`bool operator==(${d.name} const&) const = default;`);
        c.depth--;
        c.line('};');
    }

    unionDecl(c, d) {
        const { alts, arms } = this.unionLayout(d);
        const discType = this.cppType(d.discriminant.type, 'class');
        const disc = ident(d.discriminant.name);
        c.line();
        if (d.hoistedFrom) c.line(`// ${d.hoistedFrom.parent}.${d.hoistedFrom.member}`);
        c.line(`class ${d.name}`);
        c.line('{');
        c.line('  public:');
        c.depth++;
        this.hoistedAliases(c, d, arms.filter((a) => a.arm).map((a) => a.arm));
        c.line(`${discType} ${disc}() const noexcept { return disc_; }`);
        c.line('// Selects the arm for `value`; a new arm starts default-constructed, the');
        c.line('// same arm keeps its value (as in xdrpp). XdrError if no case accepts value.');
        c.line(`${d.name}& ${disc}(${discType} value);`);
        for (const a of arms) {
            if (!a.arm) continue;
            const t = this.cppType(a.arm.type, 'class');
            const name = ident(a.arm.name);
            c.line(`${t}& ${name}();`);
            c.line(`${t} const& ${name}() const;`);
        }
        c.line('// The std::variant index of the arm `value` selects, -1 if none (codec hook).');
        c.line(`static int xdrArmIndex(${discType} value) noexcept;`);
        c.line(`bool operator==(${d.name} const&) const = default;`);
        c.depth--;
        c.line();
        c.line('  private:');
        c.depth++;
        const first = d.cases[0].values[0];
        const discInit = this.s.enumOf(d.discriminant.type)
            ? this.enumeratorRef(first.name)
            : this.caseLabel(d, first);
        c.line(`${discType} disc_{${discInit}};`);
        const altTypes = alts.map((a) => {
            if (!a) return 'std::monostate';
            const t = this.cppType(a.type, 'class');
            return a.boxed ? `xdr::box<${t}>` : t;
        });
        const init0 = alts[0] && !alts[0].boxed ? this.defaultInit(alts[0].type, 'class') : '';
        c.line(`std::variant<${altTypes.join(', ')}> value_${init0 ? `{std::in_place_index<0>, ${init0}}` : ''};`);
        c.depth--;
        c.line('};');
    }

    // --- per-type code ---------------------------------------------------------

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
    }

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
    }

    // The JSON form depends only on the C++ type (bounds play no part), so
    // the overloads and templates of xdr/Json.h cover every case.
    toJsonExpr(t, x) {
        return `toJsonValue(${x})`;
    }

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
            if (d.kind === 'typedef') return this.fromJsonStmts(c, d.type, j, x);
            return c.line(`fromJsonValue(in, ${j}, ${x});`);
        }
        case 'opaque':
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
    }

    randomStmts(c, t, x) {
        switch (t.kind) {
        case 'int':
            return c.line(`${x} = g.int32();`);
        case 'uint':
            return c.line(`${x} = g.uint32();`);
        case 'hyper':
            return c.line(`${x} = g.int64();`);
        case 'uhyper':
            return c.line(`${x} = g.uint64();`);
        case 'bool':
            return c.line(`${x} = g.flip();`);
        case 'ref': {
            const d = this.s.def(t.name);
            if (d.kind === 'typedef') return this.randomStmts(c, d.type, x);
            return c.line(`fillRandom(g, ${x});`);
        }
        case 'opaque':
            return c.line(`g.bytes(${x}.data(), ${x}.size());`);
        case 'varopaque':
            c.line(`${x}.resize(g.count(${this.bound(t)}, true));`);
            return c.line(`g.bytes(${x}.data(), ${x}.size());`);
        case 'string':
            return c.line(`${x} = g.text(g.count(${this.bound(t)}, true));`);
        case 'array': {
            const e = this.fresh('e');
            return c.block(`for (auto& ${e} : ${x})`, () => this.randomStmts(c, t.elem, e));
        }
        case 'vararray': {
            c.line(`${x}.resize(g.count(${this.bound(t)}, false));`);
            const e = this.fresh('e');
            return c.block(`for (auto& ${e} : ${x})`, () => this.randomStmts(c, t.elem, e));
        }
        case 'optional': {
            c.block('if (!g.deep() && g.flip())', () => {
                const p = this.fresh('p');
                c.line(`auto& ${p} = ${x}.activate();`);
                this.randomStmts(c, t.elem, p);
            });
            c.line('else');
            return c.block('', () => c.line(`${x}.reset();`));
        }
        default:
            throw new Error(`unknown type kind ${t.kind}`);
        }
    }

    // --- per-definition functions ------------------------------------------------

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
        c.line();
        c.line('nlohmann::json');
        c.block(`toJsonValue(${q} v)`, () => {
            c.line('auto name = enumName(v);');
            c.line('if (name.empty())');
            c.line('    return static_cast<std::int32_t>(v);');
            c.line('return std::string(name);');
        });
        c.line();
        c.line('void');
        c.block(`fromJsonValue(JsonIn& in, nlohmann::json const& j, ${q}& v)`, () => {
            c.line('auto const& name = in.readEnumName(j);');
            c.line('if (!enumFromName(name, v))');
            c.line(`    in.fail("\\"" + name + "\\" is not a member of ${d.name}");`);
        });
    }

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
        c.line();
        c.line('nlohmann::json');
        c.block(`toJsonValue(${q} const& v)`, () => {
            c.line('JsonObject o;');
            for (const f of d.fields) c.line(`o.put("${f.name}", ${this.toJsonExpr(f.type, `v.${ident(f.name)}`)});`);
            c.line('return o.take();');
        });
        c.line();
        c.line('void');
        c.block(`fromJsonValue(JsonIn& in, nlohmann::json const& j, ${q}& v)`, () => {
            c.line('JsonIn::Nest nest(in);');
            c.line(`in.expectObject(j, {${d.fields.map((f) => `"${f.name}"`).join(', ')}});`);
            for (const f of d.fields) {
                c.block('', () => {
                    const s = this.fresh('s');
                    c.line(`JsonIn::Step ${s}(in, j, "${f.name}");`);
                    this.fromJsonStmts(c, f.type, `${s}.json()`, `v.${ident(f.name)}`);
                });
            }
        });
    }

    randomStructCode(c, d) {
        c.line();
        c.line('void');
        c.block(`fillRandom(XdrRandom& g, ::stellar::${d.name}& v)`, () => {
            c.line('XdrRandom::Nest nest(g);');
            for (const f of d.fields) this.randomStmts(c, f.type, `v.${ident(f.name)}`);
        });
    }

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
    }

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
    }

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
        c.line();
        c.line('nlohmann::json');
        c.block(`toJsonValue(${q} const& v)`, () => {
            c.line('JsonObject o;');
            c.line(`o.put("${d.discriminant.name}", ${this.toJsonExpr(d.discriminant.type, `v.${disc}()`)});`);
            this.armSwitch(c, d, `v.${disc}()`, (a) => {
                if (a.arm) c.line(`o.put("${a.arm.name}", ${this.toJsonExpr(a.arm.type, `v.${ident(a.arm.name)}()`)});`);
            });
            c.line('return o.take();');
        });
        c.line();
        c.line('void');
        c.block(`fromJsonValue(JsonIn& in, nlohmann::json const& j, ${q}& v)`, () => {
            c.line('JsonIn::Nest nest(in);');
            const all = [d.discriminant.name, ...this.s.unionArms(d).filter((a) => a.arm).map((a) => a.arm.name)];
            c.line(`in.expectObject(j, {${all.map((n) => `"${n}"`).join(', ')}});`);
            c.line(`${discType} d{${discInit}};`);
            c.block('', () => {
                const s = this.fresh('s');
                c.line(`JsonIn::Step ${s}(in, j, "${d.discriminant.name}");`);
                this.fromJsonStmts(c, d.discriminant.type, `${s}.json()`, 'd');
                c.line(`if (${q}::xdrArmIndex(d) < 0)`);
                c.line(`    in.fail("no arm of ${d.name} accepts ${d.discriminant.name} " + std::to_string(d));`);
            });
            c.line(`v.${disc}(d);`);
            this.armSwitch(c, d, 'd', (a) => {
                if (!a.arm) {
                    c.line(`in.expectObject(j, {"${d.discriminant.name}"});`);
                    return;
                }
                c.line(`in.expectObject(j, {"${d.discriminant.name}", "${a.arm.name}"});`);
                const s = this.fresh('s');
                c.line(`JsonIn::Step ${s}(in, j, "${a.arm.name}");`);
                this.fromJsonStmts(c, a.arm.type, `${s}.json()`, `v.${ident(a.arm.name)}()`);
            });
        });
    }

    randomUnionCode(c, d) {
        const q = `::stellar::${d.name}`;
        const discType = this.cppType(d.discriminant.type, 'cpp');
        const disc = ident(d.discriminant.name);
        const cases = this.s.unionArms(d).filter((a) => !a.isDefault);
        const depthOf = (a) => (a.arm ? this.s.minDepth(a.arm.type) : 0);
        const shallowest = Math.min(...cases.map(depthOf));
        const labels = (list) => list.flatMap((a) => a.values.map((v) => this.caseLabel(d, v))).join(', ');
        c.line();
        c.line('void');
        c.block(`fillRandom(XdrRandom& g, ${q}& v)`, () => {
            c.line('XdrRandom::Nest nest(g);');
            c.line(`static constexpr ${discType} ANY[] = {${labels(cases)}};`);
            c.line(`static constexpr ${discType} SHALLOW[] = {${labels(cases.filter((a) => depthOf(a) === shallowest))}};`);
            c.line(`${discType} d = g.deep() ? SHALLOW[g.below(std::size(SHALLOW))] : ANY[g.below(std::size(ANY))];`);
            c.line(`v.${disc}(d);`);
            this.armSwitch(c, d, 'd', (a) => {
                if (a.arm) this.randomStmts(c, a.arm.type, `v.${ident(a.arm.name)}()`);
            });
        });
    }

    // Registry entry functions of one named type; bounds of a typedef apply.
    registryCode(c, d) {
        const q = `::stellar::${d.name}`;
        const t = { kind: 'ref', name: d.name };
        const init = this.defaultInit(t, 'cpp');
        c.line();
        c.line('nlohmann::json');
        c.block(`decodeToJson_${d.name}(std::span<std::uint8_t const> bytes)`, () => {
            c.line('XdrReader r(bytes);');
            c.line(`${q} v{${init}};`);
            this.decodeStmts(c, t, 'v', d.name);
            c.line('r.expectEnd();');
            c.line(`return ${this.toJsonExpr(t, 'v')};`);
        });
        c.line();
        c.line('std::vector<std::uint8_t>');
        c.block(`encodeFromJson_${d.name}(nlohmann::json const& j)`, () => {
            c.line('JsonIn in;');
            c.line(`${q} v{${init}};`);
            this.fromJsonStmts(c, t, 'j', 'v');
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
    }

    randomRegistryCode(c, d) {
        const q = `::stellar::${d.name}`;
        const t = { kind: 'ref', name: d.name };
        c.line();
        c.line('std::vector<std::uint8_t>');
        c.block(`random_${d.name}(XdrRandom& g)`, () => {
            c.line(`${q} v{${this.defaultInit(t, 'cpp')}};`);
            this.randomStmts(c, t, 'v');
            c.line('XdrWriter w;');
            this.encodeStmts(c, t, 'v', d.name);
            c.line('return w.take();');
        });
    }

    weight(d) {
        if (d.kind === 'struct') return 6 + 4 * d.fields.length;
        if (d.kind === 'union') return 10 + 5 * this.s.unionArms(d).length;
        if (d.kind === 'enum') return 6 + d.members.length;
        return 3;
    }

    // Consecutive runs of definitions with about equal weight.
    split(defs, n) {
        const total = defs.reduce((s, d) => s + this.weight(d), 0);
        const chunks = Array.from({ length: n }, () => []);
        let acc = 0;
        for (const d of defs) {
            const k = Math.min(n - 1, Math.floor((acc * n) / total));
            chunks[k].push(d);
            acc += this.weight(d);
        }
        return chunks;
    }

    chunkSource(banner, defs, k) {
        const c = new Code();
        c.line(banner);
        c.line('#include "xdr/Codec.h"');
        c.line('#include "xdr/Json.h"');
        c.line('#include "xdr/Registry.h"');
        c.line();
        c.line('#include <iterator>');
        c.line('#include <string>');
        c.line('#include <utility>');
        c.line();
        c.line('namespace stellar');
        c.line('{');
        for (const d of defs) if (d.kind === 'union') this.unionMemberCode(c, d);
        c.line();
        c.line('}');
        c.line();
        c.line('namespace stellar::xdr');
        c.line('{');
        for (const d of defs) {
            if (d.kind === 'enum') this.enumCode(c, d);
            else if (d.kind === 'struct') this.structCode(c, d);
            else if (d.kind === 'union') this.unionCode(c, d);
        }
        c.line();
        c.line('namespace');
        c.line('{');
        for (const d of defs) this.registryCode(c, d);
        c.line();
        c.line('}');
        c.line();
        c.line('std::span<XdrType const>');
        c.block(`xdrTypesChunk${k}()`, () => {
            c.line('static XdrType const TYPES[] = {');
            for (const d of defs)
                c.line(`    {"${d.name}", &decodeToJson_${d.name}, &encodeFromJson_${d.name}, &reencode_${d.name}},`);
            c.line('};');
            c.line('return TYPES;');
        });
        c.line();
        c.line('}');
        return c.text();
    }

    registrySource(banner) {
        const c = new Code();
        c.line(banner);
        c.line('#include "xdr/Registry.h"');
        c.line();
        c.line('#include <algorithm>');
        c.line('#include <vector>');
        c.line();
        c.line('namespace stellar::xdr');
        c.line('{');
        c.line();
        for (let k = 0; k < CHUNKS; k++) c.line(`std::span<XdrType const> xdrTypesChunk${k}();`);
        c.line();
        c.line('std::span<XdrType const>');
        c.block('allXdrTypes()', () => {
            c.line('static std::vector<XdrType> const ALL = [] {');
            c.line('    std::vector<XdrType> all;');
            c.line(`    for (auto chunk : {${[...Array(CHUNKS).keys()].map((k) => `xdrTypesChunk${k}()`).join(', ')}})`);
            c.line('        all.insert(all.end(), chunk.begin(), chunk.end());');
            c.line('    std::sort(all.begin(), all.end(), [](XdrType const& a, XdrType const& b) { return a.name < b.name; });');
            c.line('    return all;');
            c.line('}();');
            c.line('return ALL;');
        });
        c.line();
        c.line('}');
        return c.text();
    }

    declsHeader(banner, what) {
        const c = new Code();
        c.line(banner);
        c.line('#pragma once');
        if (what === 'codec') {
            c.line('// encode / decode of every struct, union and enum (see xdr/Codec.h).');
            c.line();
            c.line('#include "xdr/StellarTypes.h"');
            c.line('#include "xdr/XdrReader.h"');
            c.line('#include "xdr/XdrWriter.h"');
        } else {
            c.line('// toJsonValue / fromJsonValue of every struct, union and enum (see xdr/Json.h).');
            c.line();
            c.line('#include "xdr/StellarTypes.h"');
            c.line();
            c.line('#include <nlohmann/json_fwd.hpp>');
        }
        c.line();
        c.line('namespace stellar::xdr');
        c.line('{');
        c.line();
        if (what === 'json') c.line('class JsonIn;');
        for (const d of this.s.types()) {
            if (d.kind === 'typedef') continue;
            const q = `::stellar::${d.name}`;
            const arg = d.kind === 'enum' ? q : `${q} const&`;
            if (what === 'codec') {
                c.line(`void encode(XdrWriter& w, ${arg} v);`);
                c.line(`void decode(XdrReader& r, ${q}& v);`);
            } else {
                c.line(`nlohmann::json toJsonValue(${arg} v);`);
                c.line(`void fromJsonValue(JsonIn& in, nlohmann::json const& j, ${q}& v);`);
            }
        }
        c.line();
        c.line('}');
        return c.text();
    }

    randomHeader(banner) {
        const c = new Code();
        c.line(banner);
        c.line('#pragma once');
        c.line('// Random valid values of every Stellar XDR type, for cross-checks with');
        c.line('// stellar-base. Test support only (library so_xdr_random). Values stay');
        c.line('// small: few array elements, short byte strings, bounded nesting (a');
        c.line('// union past the depth limit takes its least nested arm).');
        c.line();
        c.line('#include "xdr/StellarTypes.h"');
        c.line();
        for (const h of ['cstddef', 'cstdint', 'optional', 'random', 'string', 'string_view', 'vector']) c.line(`#include <${h}>`);
        c.line();
        c.line('namespace stellar::xdr');
        c.line('{');
        c.line();
        c.line(RANDOM_SOURCE_CLASS);
        c.line();
        for (const d of this.s.types()) {
            if (d.kind === 'typedef') continue;
            c.line(`void fillRandom(XdrRandom& g, ::stellar::${d.name}& v);`);
        }
        c.line();
        c.line('// A random value of the named type, encoded; nullopt for an unknown name.');
        c.line('std::optional<std::vector<std::uint8_t>> randomXdr(std::string_view type, XdrRandom& g);');
        c.line();
        c.line('}');
        return c.text();
    }

    randomSource(banner, defs, k, last) {
        const c = new Code();
        c.line(banner);
        c.line('#include "xdr/StellarRandom.h"');
        c.line();
        c.line('#include "xdr/Codec.h"');
        c.line();
        c.line('#include <algorithm>');
        c.line('#include <iterator>');
        c.line('#include <span>');
        c.line('#include <utility>');
        c.line();
        c.line('namespace stellar::xdr');
        c.line('{');
        c.line();
        c.line('using RandomMaker = std::vector<std::uint8_t> (*)(XdrRandom&);');
        c.line('using RandomEntry = std::pair<std::string_view, RandomMaker>;');
        for (const d of defs) {
            if (d.kind === 'enum') {
                c.line();
                c.line('void');
                c.block(`fillRandom(XdrRandom& g, ::stellar::${d.name}& v)`, () => {
                    const seen = new Set();
                    const values = d.members.filter((m) => (seen.has(m.value) ? false : (seen.add(m.value), true)));
                    c.line(`static constexpr ::stellar::${d.name} VALUES[] = {${values.map((m) => this.enumeratorRef(m.name)).join(', ')}};`);
                    c.line('v = VALUES[g.below(std::size(VALUES))];');
                });
            } else if (d.kind === 'struct') {
                this.randomStructCode(c, d);
            } else if (d.kind === 'union') {
                this.randomUnionCode(c, d);
            }
        }
        c.line();
        c.line('namespace');
        c.line('{');
        for (const d of defs) this.randomRegistryCode(c, d);
        c.line('}');
        c.line();
        c.line('std::span<RandomEntry const>');
        c.block(`randomChunk${k}()`, () => {
            c.line('static RandomEntry const ENTRIES[] = {');
            for (const d of defs) c.line(`    {"${d.name}", &random_${d.name}},`);
            c.line('};');
            c.line('return ENTRIES;');
        });
        if (last) {
            for (let i = 0; i < RANDOM_CHUNKS - 1; i++) c.line(`std::span<RandomEntry const> randomChunk${i}();`);
            c.line();
            c.line('std::optional<std::vector<std::uint8_t>>');
            c.block('randomXdr(std::string_view type, XdrRandom& g)', () => {
                c.line(`for (auto chunk : {${[...Array(RANDOM_CHUNKS).keys()].map((i) => `randomChunk${i}()`).join(', ')}})`);
                c.block('', () => {
                    c.line('auto it = std::find_if(chunk.begin(), chunk.end(), [&](RandomEntry const& e) { return e.first == type; });');
                    c.line('if (it != chunk.end())');
                    c.line('    return it->second(g);');
                });
                c.line('return std::nullopt;');
            });
        } else {
            c.line();
        }
        c.line();
        c.line('}');
        return c.text();
    }

    generate(outDir, banner) {
        const files = {};
        files['StellarFwd.h'] = this.fwdHeader(banner);
        files['StellarTypes.h'] = this.typesHeader(banner);
        files['StellarCodec.h'] = this.declsHeader(banner, 'codec');
        files['StellarJson.h'] = this.declsHeader(banner, 'json');
        const types = this.s.types();
        this.split(types, CHUNKS).forEach((defs, k) => {
            files[`StellarXdr${k}.cpp`] = this.chunkSource(banner, defs, k);
        });
        files['StellarRegistry.cpp'] = this.registrySource(banner);
        files['StellarRandom.h'] = this.randomHeader(banner);
        this.split(types, RANDOM_CHUNKS).forEach((defs, k) => {
            files[`StellarRandom${k}.cpp`] = this.randomSource(banner, defs, k, k === RANDOM_CHUNKS - 1);
        });
        fs.mkdirSync(outDir, { recursive: true });
        for (const [name, text] of Object.entries(files)) {
            const file = path.join(outDir, name);
            // Unchanged files keep their time stamp, so that a regeneration
            // recompiles only what changed (CMake lists them as BYPRODUCTS of
            // the stamp file, and Ninja re-checks their times).
            if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) continue;
            fs.writeFileSync(file, text);
        }
        fs.writeFileSync(path.join(outDir, 'xdrgen.stamp'), `${Object.keys(files).join('\n')}\n`);
        return files;
    }
}

// The random source, emitted into StellarRandom.h.
const RANDOM_SOURCE_CLASS = `class XdrRandom
{
  public:
    explicit XdrRandom(std::uint64_t seed, std::uint32_t maxDepth = 6, std::uint32_t maxElements = 3,
                       std::uint32_t maxBytes = 40)
        : rng_(seed), maxDepth_(maxDepth), maxElements_(maxElements), maxBytes_(maxBytes)
    {
    }

    std::uint64_t next() { return rng_(); }
    std::uint32_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::uint32_t>(rng_() % n); }
    bool flip() { return (rng_() & 1) != 0; }
    bool deep() const noexcept { return depth_ >= maxDepth_; }

    // Integers favour the edges (0, 1, all ones, sign bits) where codecs break.
    std::uint64_t
    uint64()
    {
        switch (below(8))
        {
        case 0: return 0;
        case 1: return 1;
        case 2: return ~std::uint64_t{0};
        case 3: return std::uint64_t{1} << below(64);
        case 4: return below(1000);
        default: return rng_();
        }
    }
    std::int64_t int64() { return static_cast<std::int64_t>(uint64()); }
    std::uint32_t uint32() { return static_cast<std::uint32_t>(uint64()); }
    std::int32_t int32() { return static_cast<std::int32_t>(uint32()); }

    // A length for a variable-length item with XDR bound max: bytes up to
    // maxBytes, elements up to maxElements near the top and fewer deeper down.
    std::size_t
    count(std::uint32_t max, bool bytes)
    {
        std::uint32_t cap = bytes ? maxBytes_ : (deep() ? 0 : (depth_ <= 1 ? maxElements_ : 1));
        if (cap > max)
            cap = max;
        return below(std::size_t{cap} + 1);
    }

    void
    bytes(std::uint8_t* out, std::size_t n)
    {
        for (std::size_t i = 0; i < n; ++i)
            out[i] = static_cast<std::uint8_t>(rng_());
    }

    // n bytes: ASCII, two-byte UTF-8, or arbitrary bytes (usually not UTF-8).
    std::string
    text(std::size_t n)
    {
        std::string s;
        switch (below(3))
        {
        case 0:
            for (std::size_t i = 0; i < n; ++i)
                s += static_cast<char>(' ' + below(95));
            break;
        case 1:
            while (s.size() + 2 <= n)
                s += "\\xc3\\xa9";
            if (s.size() < n)
                s += 'e';
            break;
        default:
            s.resize(n);
            bytes(reinterpret_cast<std::uint8_t*>(s.data()), n);
        }
        return s;
    }

    class Nest
    {
      public:
        explicit Nest(XdrRandom& g) : g_(g) { ++g_.depth_; }
        ~Nest() { --g_.depth_; }
        Nest(Nest const&) = delete;
        Nest& operator=(Nest const&) = delete;

      private:
        XdrRandom& g_;
    };

  private:
    std::mt19937_64 rng_;
    std::uint32_t depth_ = 0;
    std::uint32_t maxDepth_;
    std::uint32_t maxElements_;
    std::uint32_t maxBytes_;
};`;

if (require.main === module) {
    const [schemaFile, outDir] = process.argv.slice(2);
    if (!outDir) {
        process.stderr.write('usage: node genCpp.js <schema.json> <out dir>\n');
        process.exit(2);
    }
    try {
        const json = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
        const banner = `// Generated by tools/xdrgen/genCpp.js from ${json.source.package} ${json.source.version} (${json.source.file}). Do not edit.`;
        new Generator(new Schema(json)).generate(outDir, banner);
    } catch (e) {
        process.stderr.write(`xdrgen genCpp: ${e.stack}\n`);
        process.exit(1);
    }
}

module.exports = { Generator };
