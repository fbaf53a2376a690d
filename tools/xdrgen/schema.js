'use strict';
// Questions about the schema JSON that both the C++ generator and the
// JavaScript cross-check scripts ask: what a name stands for, the structural
// type behind typedefs, the smallest XDR encoding of a type, and how deep a
// value of a type must at least nest.

class Schema {
    constructor(json) {
        this.json = json;
        this.defs = json.definitions;
        this.byName = new Map(this.defs.map((d) => [d.name, d]));
    }

    def(name) {
        const d = this.byName.get(name);
        if (!d) throw new Error(`unknown XDR type ${name}`);
        return d;
    }

    // Type definitions (everything but constants), in source order.
    types() {
        return this.defs.filter((d) => d.kind !== 'const');
    }

    // The type behind typedef references (bounds stay with the typedef that
    // states them; callers that need bounds walk the chain themselves).
    resolve(t) {
        while (t.kind === 'ref' && this.def(t.name).kind === 'typedef') t = this.def(t.name).type;
        return t;
    }

    enumOf(t) {
        const r = this.resolve(t);
        return r.kind === 'ref' && this.def(r.name).kind === 'enum' ? this.def(r.name) : null;
    }

    // Every case group of a union, the default last, as {values, arm, isDefault}.
    unionArms(u) {
        const arms = u.cases.map((c) => ({ values: c.values, arm: c.arm, isDefault: false }));
        if (u.default) arms.push({ values: [], arm: u.default.arm, isDefault: true });
        return arms;
    }

    // Fewest bytes any value of t encodes to.
    minSize(t) {
        return this.measure(t, this.sizes());
    }

    minSizeOf(name) {
        return this.sizes().get(name);
    }

    // Fewest struct/union levels a value of t needs when every optional and
    // every variable-length array is empty: a union at the depth limit picks
    // an arm that minimises this, so random values terminate.
    minDepth(t) {
        return this.measure(t, this.depths(), true);
    }

    minDepthOf(name) {
        return this.depths().get(name);
    }

    // Both measures are least fixed points (types may contain themselves
    // through union arms), computed by iterating from infinity.
    sizes() {
        if (!this.sizeTable) this.sizeTable = this.fixedPoint(false);
        return this.sizeTable;
    }

    depths() {
        if (!this.depthTable) this.depthTable = this.fixedPoint(true);
        return this.depthTable;
    }

    fixedPoint(depth) {
        const table = new Map(this.types().map((d) => [d.name, Infinity]));
        for (let changed = true; changed;) {
            changed = false;
            for (const d of this.types()) {
                const v = this.measureDef(d, table, depth);
                if (v < table.get(d.name)) {
                    table.set(d.name, v);
                    changed = true;
                }
            }
        }
        for (const [name, v] of table) if (!Number.isFinite(v)) throw new Error(`type ${name} has no finite value`);
        return table;
    }

    measureDef(d, table, depth) {
        if (d.kind === 'typedef') return this.measure(d.type, table, depth);
        if (d.kind === 'enum') return depth ? 0 : 4;
        const armOf = (a) => (a.arm ? this.measure(a.arm.type, table, depth) : 0);
        if (depth) {
            if (d.kind === 'struct') return 1 + Math.max(0, ...d.fields.map((f) => this.measure(f.type, table, true)));
            return 1 + Math.min(...this.unionArms(d).map(armOf));
        }
        if (d.kind === 'struct') return d.fields.reduce((sum, f) => sum + this.measure(f.type, table, false), 0);
        return 4 + Math.min(...this.unionArms(d).map(armOf));
    }

    measure(t, table, depth) {
        switch (t.kind) {
        case 'int':
        case 'uint':
        case 'bool':
            return depth ? 0 : 4;
        case 'hyper':
        case 'uhyper':
            return depth ? 0 : 8;
        case 'opaque':
            return depth ? 0 : Math.ceil(t.length / 4) * 4;
        case 'varopaque':
        case 'string':
        case 'vararray':
        case 'optional':
            return depth ? 0 : 4;
        case 'array':
            if (depth) return t.length > 0 ? this.measure(t.elem, table, true) : 0;
            return t.length * this.measure(t.elem, table, false);
        case 'ref':
            return table.get(t.name);
        default:
            throw new Error(`unknown type kind ${t.kind}`);
        }
    }
}

module.exports = { Schema };
