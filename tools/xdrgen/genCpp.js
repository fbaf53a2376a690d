'use strict';
// C++ generator: schema JSON (extract.js) -> C++ types and code.
//
//   node genCpp.js <schema.json> <out dir>
//
// Writes, into <out dir> (build output, never committed):
//   LedgerProtocol.h    the ledger protocol of the XDR
//   StellarFwd.h        constants, enums, typedefs, forward declarations
//   StellarTypes.h      every struct and union, in namespace stellar, named
//                       as stellar-core names them
//   StellarCodec.h      encode / decode declarations (namespace stellar::xdr)
//   StellarJson.h       toJsonValue / fromJsonValue declarations
//   StellarXdr<k>.cpp   the binary codec, split into CHUNKS files of similar
//                       size so that two cores compile them in parallel
//   StellarJson<k>.cpp  the SEP-51 JSON code and the registry entries
//                       (library so_xdr_json), in JSON_CHUNKS files
//   StellarRegistry.cpp the by-name type table (xdr/Registry.h)
//   StellarRandom.h, StellarRandom<k>.cpp  random valid values of every type,
//                       for the cross-check tests only (library so_xdr_random)
// Typedefs are C++ aliases, so they get no overloads of their own: the code
// of each field or arm expands its typedef chain inline, bounds included.
// The Generator's methods live in cppTypes.js (C++ shape and headers),
// cppCode.js (codec code), cppJson.js (SEP-51 JSON code) and cppRandom.js
// (random values).

const fs = require('fs');
const path = require('path');
const { Schema } = require('./schema');

const { Code } = require('./cppWriter');

const CHUNKS = 6;
const JSON_CHUNKS = 4;
const RANDOM_CHUNKS = 2;

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

    fresh(prefix) {
        this.tmp += 1;
        return `${prefix}${this.tmp}`;
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

    // The binary codec of a run of definitions (library so_xdr).
    chunkSource(banner, defs) {
        const c = new Code();
        c.line(banner);
        c.line('#include "xdr/Codec.h"');
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
        c.line('}');
        return c.text();
    }

    // The SEP-51 JSON code and the registry entries of a run of definitions
    // (library so_xdr_json).
    jsonChunkSource(banner, defs, k) {
        const c = new Code();
        c.line(banner);
        c.line('#include "xdr/Codec.h"');
        c.line('#include "xdr/Json.h"');
        c.line('#include "xdr/Registry.h"');
        c.line();
        c.line('#include <string>');
        c.line('#include <utility>');
        c.line();
        c.line('namespace stellar::xdr');
        c.line('{');
        for (const d of defs) {
            if (d.kind === 'enum') this.enumJsonCode(c, d);
            else if (d.kind === 'struct') this.structJsonCode(c, d);
            else if (d.kind === 'union') this.unionJsonCode(c, d);
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
            for (const d of defs) {
                const n = d.name;
                c.line(`    {"${n}", "${d.rust}", ${this.s.types().indexOf(d)}, &decodeToJson_${n}, &decodeFirstToJson_${n},`);
                c.line(`     &encodeFromJson_${n}, &reencode_${n}},`);
            }
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
        for (let k = 0; k < JSON_CHUNKS; k++) c.line(`std::span<XdrType const> xdrTypesChunk${k}();`);
        c.line();
        c.line('std::span<XdrType const>');
        c.block('allXdrTypes()', () => {
            c.line('static std::vector<XdrType> const ALL = [] {');
            c.line('    std::vector<XdrType> all;');
            c.line(`    for (auto chunk : {${[...Array(JSON_CHUNKS).keys()].map((k) => `xdrTypesChunk${k}()`).join(', ')}})`);
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
            c.line();
            c.line('namespace stellar::xdr');
            c.line('{');
            c.line('using Json = nlohmann::ordered_json;');
            c.line('}');
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
                c.line(`Json toJsonValue(${arg} v);`);
                c.line(`void fromJsonValue(JsonIn& in, Json const& j, ${q}& v);`);
            }
        }
        c.line();
        c.line('}');
        return c.text();
    }

    // The ledger protocol of the XDR, for the overlay's HELLO default.
    protocolHeader(banner) {
        const c = new Code();
        c.line(banner);
        c.line('#pragma once');
        c.line();
        c.line('#include <cstdint>');
        c.line();
        c.line('namespace stellar::xdr');
        c.line('{');
        c.line();
        c.line('// The newest ledger protocol whose XDR this build decodes.');
        c.line(`inline constexpr std::uint32_t LEDGER_PROTOCOL_VERSION = ${this.s.json.source.ledgerProtocol};`);
        c.line();
        c.line('}');
        return c.text();
    }

    generate(outDir, banner) {
        const files = {};
        files['LedgerProtocol.h'] = this.protocolHeader(banner);
        files['StellarFwd.h'] = this.fwdHeader(banner);
        files['StellarTypes.h'] = this.typesHeader(banner);
        files['StellarCodec.h'] = this.declsHeader(banner, 'codec');
        files['StellarJson.h'] = this.declsHeader(banner, 'json');
        const types = this.s.types();
        this.split(types, CHUNKS).forEach((defs, k) => {
            files[`StellarXdr${k}.cpp`] = this.chunkSource(banner, defs);
        });
        this.split(types, JSON_CHUNKS).forEach((defs, k) => {
            files[`StellarJson${k}.cpp`] = this.jsonChunkSource(banner, defs, k);
        });
        files['StellarRegistry.cpp'] = this.registrySource(banner);
        files['StellarRandom.h'] = this.randomHeader(banner);
        this.split(types, RANDOM_CHUNKS).forEach((defs, k) => {
            files[`StellarRandom${k}.cpp`] = this.randomSource(banner, defs, k, RANDOM_CHUNKS);
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

Object.assign(Generator.prototype, require('./cppTypes'), require('./cppCode'), require('./cppJson'), require('./cppRandom'));

if (require.main === module) {
    const [schemaFile, outDir] = process.argv.slice(2);
    if (!outDir) {
        process.stderr.write('usage: node genCpp.js <schema.json> <out dir>\n');
        process.exit(2);
    }
    try {
        const json = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
        const banner = `// Generated by tools/xdrgen/genCpp.js from ${json.source.package} ${json.source.version}. Do not edit.`;
        new Generator(new Schema(json)).generate(outDir, banner);
    } catch (e) {
        process.stderr.write(`xdrgen genCpp: ${e.stack}\n`);
        process.exit(1);
    }
}

module.exports = { Generator };
