'use strict';
// The C++ shape of the Stellar XDR types (mixed into genCpp.js's Generator):
// how names and types are spelled, the layout of unions (one std::variant
// alternative per arm, boxes for arms that contain the union), the order in
// which C++ needs the definitions, and the two type headers StellarFwd.h
// and StellarTypes.h.

const { Code, ident } = require('./cppWriter');

module.exports = {
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
    },

    // How a type or constant name is spelled: in class bodies a name that is
    // also some member's name is qualified, so no member changes its meaning.
    spell(name, where) {
        if (where === 'cpp') return `::stellar::${name}`;
        if (where === 'class' && this.memberNames.has(name)) return `::stellar::${name}`;
        return name;
    },

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
    },

    bound(t) {
        if (t.max === null) return 'XDR_UNBOUNDED';
        return t.maxConst ? `::stellar::${t.maxConst}` : `${t.max}`;
    },

    // Initializer that makes a default value encodable: enums start at their
    // first member (several Stellar enums have no member 0).
    defaultInit(t) {
        const e = this.s.enumOf(t);
        return e ? this.enumeratorRef(e.members[0].name) : '';
    },

    // A struct member's default member initializer: scalars and fixed-length
    // arrays are zeroed, enums start at their first member; class types
    // default-construct without one (a braced initializer would make clang
    // instantiate their constructors while the class is still incomplete).
    memberInit(t) {
        const init = this.defaultInit(t);
        if (init) return `{${init}}`;
        const r = this.s.resolve(t);
        return ['int', 'uint', 'hyper', 'uhyper', 'bool', 'opaque', 'array'].includes(r.kind) ? '{}' : '';
    },

    enumeratorRef(name) {
        return `::stellar::${name}`;
    },

    caseLabel(u, value) {
        const t = this.s.resolve(u.discriminant.type);
        if (this.s.enumOf(u.discriminant.type)) return this.enumeratorRef(value.name);
        if (t.kind === 'bool') return value.value ? 'true' : 'false';
        return `${value.value}`;
    },

    switchOn(u, expr) {
        return this.s.resolve(u.discriminant.type).kind === 'bool' ? `static_cast<int>(${expr})` : expr;
    },

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
    },

    // Whether a value of type t holds a `name` by value (so `name` cannot
    // hold t by value in C++ and must box it).
    containsByValue(t, name) {
        const seen = new Set();
        // Struct and union names held by value in t (through typedefs and fixed arrays).
        const byValue = (x, out) => {
            if (x.kind === 'array') return byValue(x.elem, out);
            if (x.kind !== 'ref') return out;
            const d = this.s.def(x.name);
            if (d.kind === 'typedef') return byValue(d.type, out);
            if (d.kind !== 'enum') out.push(x.name);
            return out;
        };
        const members = (d) => (d.kind === 'struct'
            ? d.fields.map((f) => f.type)
            : this.s.unionArms(d).filter((a) => a.arm).map((a) => a.arm.type));
        const walk = (x) => {
            for (const n of byValue(x, [])) {
                if (n === name) return true;
                if (seen.has(n)) continue;
                seen.add(n);
                if (members(this.s.def(n)).some(walk)) return true;
            }
            return false;
        };
        return walk(t);
    }
,

    // Typedefs go first (StellarFwd.h), each after the typedefs it names.
    typedefOrder() {
        const done = new Set();
        const order = [];
        const names = (t, out) => {
            if (t.kind === 'ref' && this.s.def(t.name).kind === 'typedef') out.push(t.name);
            if (t.elem) names(t.elem, out);
            return out;
        };
        const visit = (d) => {
            if (done.has(d.name)) return;
            done.add(d.name);
            for (const n of names(d.type, [])) visit(this.s.def(n));
            order.push(d);
        };
        for (const d of this.s.types()) if (d.kind === 'typedef') visit(d);
        return order;
    },

    // The structs and unions an aggregate refers to: "hard" when held by
    // value (they must be complete first), "soft" when held through a
    // vector, an optional or a box (complete first when a cycle allows it;
    // clang instantiates more of std::vector and std::variant eagerly than GCC).
    edges(d) {
        const out = [];
        const walk = (t, soft) => {
            switch (t.kind) {
            case 'ref': {
                const x = this.s.def(t.name);
                if (x.kind === 'typedef') walk(x.type, soft);
                else if (x.kind !== 'enum') out.push({ to: t.name, soft });
                return;
            }
            case 'array':
                walk(t.elem, soft);
                return;
            case 'vararray':
            case 'optional':
                walk(t.elem, true);
                return;
            default:
            }
        };
        if (d.kind === 'struct') for (const f of d.fields) walk(f.type, false);
        if (d.kind === 'union') {
            for (const a of this.unionLayout(d).arms) if (a.arm) walk(a.arm.type, a.boxed);
        }
        return out.sort((a, b) => Number(a.soft) - Number(b.soft));
    },

    hardClosure(name) {
        if (!this.closureMemo) this.closureMemo = new Map();
        if (this.closureMemo.has(name)) return this.closureMemo.get(name);
        const set = new Set();
        this.closureMemo.set(name, set);
        for (const e of this.edges(this.s.def(name))) {
            if (e.soft || set.has(e.to)) continue;
            set.add(e.to);
            for (const n of this.hardClosure(e.to)) set.add(n);
        }
        return set;
    },

    aggregateOrder() {
        const active = new Set();
        const done = new Set();
        const order = [];
        const visit = (name, trail) => {
            if (done.has(name)) return;
            active.add(name);
            for (const e of this.edges(this.s.def(name))) {
                if (e.to === name || done.has(e.to)) continue;
                if (!e.soft) {
                    if (active.has(e.to)) throw new Error(`types contain each other by value: ${[...trail, name, e.to].join(' -> ')}`);
                    visit(e.to, [...trail, name]);
                } else if (!active.has(e.to) && ![...active].some((a) => this.hardClosure(e.to).has(a))) {
                    visit(e.to, [...trail, name]);
                }
            }
            active.delete(name);
            done.add(name);
            order.push(this.s.def(name));
        };
        for (const d of this.s.types()) if (d.kind === 'struct' || d.kind === 'union') visit(d.name, []);
        return order;
    }
,

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
        for (const d of this.typedefOrder()) c.line(`using ${d.name} = ${this.cppType(d.type, 'ns')};`);
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
    },

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
        for (const d of this.aggregateOrder()) {
            if (d.kind === 'struct') this.structDecl(c, d);
            else this.unionDecl(c, d);
        }
        c.line();
        c.line('}');
        return c.text();
    },

    hoistedAliases(c, d, members) {
        for (const m of members) {
            const t = m.type;
            if (t.kind !== 'ref') continue;
            const target = this.s.def(t.name);
            if (target.hoistedFrom && target.hoistedFrom.parent === d.name && target.hoistedFrom.member === m.name)
                c.line(`using _${m.name}_t = ${this.spell(t.name, 'class')};`);
        }
    },

    structDecl(c, d) {
        c.line();
        if (d.hoistedFrom) c.line(`// ${d.hoistedFrom.parent}.${d.hoistedFrom.member}`);
        c.line(`struct ${d.name}`);
        c.line('{');
        c.depth++;
        this.hoistedAliases(c, d, d.fields);
        for (const f of d.fields) c.line(`${this.cppType(f.type, 'class')} ${ident(f.name)}${this.memberInit(f.type)};`);
        c.line();
        c.line(`bool operator==(${d.name} const&) const = default;`);
        c.depth--;
        c.line('};');
    },

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
,
};
