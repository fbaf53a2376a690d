'use strict';
// Random valid values of every type, for the cross-checks (mixed into
// genCpp.js's Generator): StellarRandom.h with the XdrRandom source and
// StellarRandom<k>.cpp with one fillRandom per struct, union and enum.

const { Code, ident } = require('./cppWriter');

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


module.exports = {
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
,

    randomStructCode(c, d) {
        c.line();
        c.line('void');
        c.block(`fillRandom(XdrRandom& g, ::stellar::${d.name}& v)`, () => {
            c.line('XdrRandom::Nest nest(g);');
            for (const f of d.fields) this.randomStmts(c, f.type, `v.${ident(f.name)}`);
        });
    },

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
    },

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
    },

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
    },

    randomSource(banner, defs, k, chunkCount) {
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
        if (k === chunkCount - 1) {
            for (let i = 0; i < chunkCount - 1; i++) c.line(`std::span<RandomEntry const> randomChunk${i}();`);
            c.line();
            c.line('std::optional<std::vector<std::uint8_t>>');
            c.block('randomXdr(std::string_view type, XdrRandom& g)', () => {
                c.line(`for (auto chunk : {${[...Array(chunkCount).keys()].map((i) => `randomChunk${i}()`).join(', ')}})`);
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
    },
};
