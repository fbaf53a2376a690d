'use strict';
// A parser for the XDR language subset that Stellar's .x files use (RFC 4506
// section 6 plus the `//` comments xdrpp accepts). stellar-base's generated
// file quotes the original .x text of every definition in a comment; this
// parser turns that text back into a syntax tree so that the extractor can
// recover canonical names (SCPBallot, SCP_ST_PREPARE, nodeID) that the
// JavaScript names (ScpBallot, scpStPrepare, nodeId) lost.
//
// Tree shapes (every node is a plain object):
//   definition: {def: 'const'|'typedef'|'enum'|'struct'|'union', name, ...}
//     const   {value}                       value: {num} or {ident}
//     typedef {decl}
//     enum    {members: [{name, value}]}
//     struct  {fields: [decl]}
//     union   {disc: decl, cases: [{values: [value], decl}], default: decl|undefined}
//   anonymous struct/union bodies have the same shape without a name.
//   decl: {name, spec, shape} or {void: true}
//     spec:  {prim: 'int'|'uint'|'hyper'|'uhyper'|'bool'|'opaque'|'string'}
//            | {ident} | {struct: body} | {union: body} | {enum: body}
//     shape: 'plain' | 'optional' | {fixed: value} | {variable: value|null}

const KEYWORDS = new Set([
    'bool', 'case', 'const', 'default', 'double', 'quadruple', 'enum', 'float', 'hyper', 'int', 'opaque',
    'string', 'struct', 'switch', 'typedef', 'union', 'unsigned', 'void',
]);

class XdrSyntaxError extends Error {}
// The text ended where the grammar wanted more: a prefix that may still be
// completed (collapsed.js uses this to try where a comment ends).
class EndOfText extends XdrSyntaxError {}

function tokenize(text) {
    const tokens = [];
    let i = 0;
    const n = text.length;
    while (i < n) {
        const c = text[i];
        if (/\s/.test(c)) {
            i++;
        } else if (text.startsWith('//', i)) {
            while (i < n && text[i] !== '\n') i++;
        } else if (text.startsWith('/*', i)) {
            const end = text.indexOf('*/', i + 2);
            if (end < 0) throw new XdrSyntaxError('unterminated /* comment');
            i = end + 2;
        } else if (c === '%' && (i === 0 || text[i - 1] === '\n')) {
            while (i < n && text[i] !== '\n') i++;
        } else if (/[A-Za-z_]/.test(c)) {
            let j = i;
            while (j < n && /[A-Za-z0-9_]/.test(text[j])) j++;
            tokens.push({ t: 'id', v: text.slice(i, j) });
            i = j;
        } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text[i + 1] || ''))) {
            let j = i + 1;
            while (j < n && /[0-9A-Fa-fxX]/.test(text[j])) j++;
            const raw = text.slice(i, j);
            const neg = raw.startsWith('-');
            const body = neg ? raw.slice(1) : raw;
            let value;
            if (/^0[xX][0-9A-Fa-f]+$/.test(body)) value = parseInt(body.slice(2), 16);
            else if (/^0[0-7]+$/.test(body)) value = parseInt(body.slice(1), 8);
            else if (/^[0-9]+$/.test(body)) value = parseInt(body, 10);
            else throw new XdrSyntaxError(`bad number '${raw}'`);
            tokens.push({ t: 'num', v: neg ? -value : value });
            i = j;
        } else if ('{}[]<>();:,=*'.includes(c)) {
            tokens.push({ t: 'p', v: c });
            i++;
        } else {
            throw new XdrSyntaxError(`unexpected character '${c}'`);
        }
    }
    return tokens;
}

class Parser {
    // `checkName(role, name)`, if given, may refuse a struct field name
    // ('field'), an enum member ('member'), a case label ('label') or a type
    // name ('type') by throwing an XdrSyntaxError.
    constructor(text, checkName = null) {
        this.toks = tokenize(text);
        this.pos = 0;
        this.checkName = checkName || (() => {});
    }

    peek(k = 0) {
        return this.toks[this.pos + k];
    }

    atEnd() {
        return this.pos >= this.toks.length;
    }

    next() {
        const t = this.toks[this.pos++];
        if (!t) throw new EndOfText('unexpected end of text');
        return t;
    }

    isP(v, k = 0) {
        const t = this.peek(k);
        return t && t.t === 'p' && t.v === v;
    }

    isId(v, k = 0) {
        const t = this.peek(k);
        return t && t.t === 'id' && t.v === v;
    }

    expectP(v) {
        const t = this.next();
        if (t.t !== 'p' || t.v !== v) throw new XdrSyntaxError(`expected '${v}', got '${t.v}'`);
    }

    expectId(v) {
        const t = this.next();
        if (t.t !== 'id' || t.v !== v) throw new XdrSyntaxError(`expected '${v}', got '${t.v}'`);
    }

    identifier() {
        const t = this.next();
        if (t.t !== 'id' || KEYWORDS.has(t.v)) throw new XdrSyntaxError(`expected an identifier, got '${t.v}'`);
        return t.v;
    }

    value() {
        const t = this.next();
        if (t.t === 'num') return { num: t.v };
        if (t.t === 'id' && !KEYWORDS.has(t.v)) return { ident: t.v };
        throw new XdrSyntaxError(`expected a number or a constant name, got '${t.v}'`);
    }

    // One top-level definition or an anonymous struct/union body.
    definition() {
        if (this.isId('const')) {
            this.next();
            const name = this.identifier();
            this.expectP('=');
            const value = this.value();
            this.expectP(';');
            return { def: 'const', name, value };
        }
        if (this.isId('typedef')) {
            this.next();
            const decl = this.declaration();
            this.expectP(';');
            if (decl.void) throw new XdrSyntaxError('typedef void');
            return { def: 'typedef', name: decl.name, decl };
        }
        if (this.isId('enum')) {
            this.next();
            const name = this.identifier();
            const body = this.enumBody();
            this.expectP(';');
            return { def: 'enum', name, ...body };
        }
        if (this.isId('struct')) {
            this.next();
            if (this.isP('{')) return { def: 'struct', name: null, ...this.structBody() };
            const name = this.identifier();
            const body = this.structBody();
            this.expectP(';');
            return { def: 'struct', name, ...body };
        }
        if (this.isId('union')) {
            this.next();
            if (this.isId('switch')) return { def: 'union', name: null, ...this.unionBody() };
            const name = this.identifier();
            const body = this.unionBody();
            this.expectP(';');
            return { def: 'union', name, ...body };
        }
        if (this.atEnd()) throw new EndOfText('unexpected end of text');
        throw new XdrSyntaxError(`expected a definition, got '${this.peek().v}'`);
    }

    enumBody() {
        this.expectP('{');
        const members = [];
        for (;;) {
            const name = this.identifier();
            this.checkName('member', name);
            this.expectP('=');
            const value = this.value();
            members.push({ name, value });
            if (this.isP(',')) {
                this.next();
                if (this.isP('}')) break; // tolerate a trailing comma
                continue;
            }
            break;
        }
        this.expectP('}');
        return { members };
    }

    structBody() {
        this.expectP('{');
        const fields = [];
        while (!this.isP('}')) {
            const decl = this.declaration('field');
            if (decl.void) throw new XdrSyntaxError('void field in a struct');
            this.expectP(';');
            fields.push(decl);
        }
        this.expectP('}');
        if (fields.length === 0) throw new XdrSyntaxError('empty struct');
        return { fields };
    }

    unionBody() {
        this.expectId('switch');
        this.expectP('(');
        const disc = this.declaration();
        if (disc.void || disc.shape !== 'plain') throw new XdrSyntaxError('bad union discriminant');
        this.expectP(')');
        this.expectP('{');
        const cases = [];
        let dflt;
        while (!this.isP('}')) {
            if (this.isId('default')) {
                this.next();
                this.expectP(':');
                dflt = this.declaration();
                this.expectP(';');
                continue;
            }
            const values = [];
            while (this.isId('case')) {
                this.next();
                const v = this.value();
                if (v.ident !== undefined) this.checkName('label', v.ident);
                values.push(v);
                this.expectP(':');
            }
            if (values.length === 0) {
                if (this.atEnd()) throw new EndOfText('unexpected end of text');
                throw new XdrSyntaxError(`expected 'case', got '${this.peek().v}'`);
            }
            const decl = this.declaration();
            this.expectP(';');
            cases.push({ values, decl });
        }
        this.expectP('}');
        return { disc, cases, default: dflt };
    }

    typeSpec() {
        const t = this.peek();
        if (!t) throw new EndOfText('unexpected end of text');
        if (t.t !== 'id') throw new XdrSyntaxError('expected a type');
        switch (t.v) {
        case 'unsigned':
            this.next();
            if (this.isId('int')) {
                this.next();
                return { prim: 'uint' };
            }
            if (this.isId('hyper')) {
                this.next();
                return { prim: 'uhyper' };
            }
            throw new XdrSyntaxError("expected 'int' or 'hyper' after 'unsigned'");
        case 'int':
        case 'hyper':
        case 'bool':
        case 'opaque':
        case 'string':
            this.next();
            return { prim: t.v };
        case 'float':
        case 'double':
        case 'quadruple':
            throw new XdrSyntaxError(`floating-point type '${t.v}' is not supported`);
        case 'struct':
            this.next();
            return { struct: this.structBody() };
        case 'union':
            this.next();
            return { union: this.unionBody() };
        case 'enum':
            this.next();
            return { enum: this.enumBody() };
        default: {
            const ident = this.identifier();
            this.checkName('type', ident);
            return { ident };
        }
        }
    }

    // `role`: 'field' for struct fields, whose names checkName may refuse.
    declaration(role = null) {
        if (this.isId('void')) {
            this.next();
            return { void: true };
        }
        const spec = this.typeSpec();
        let optional = false;
        if (this.isP('*')) {
            this.next();
            optional = true;
        }
        const name = this.identifier();
        if (role) this.checkName(role, name);
        if (this.atEnd()) throw new EndOfText('unexpected end of text');
        let shape = optional ? 'optional' : 'plain';
        if (this.isP('[')) {
            if (optional) throw new XdrSyntaxError('optional array');
            this.next();
            shape = { fixed: this.value() };
            this.expectP(']');
        } else if (this.isP('<')) {
            if (optional) throw new XdrSyntaxError('optional array');
            this.next();
            shape = { variable: this.isP('>') ? null : this.value() };
            this.expectP('>');
        }
        if (spec.prim === 'opaque' && shape !== 'plain' && shape.fixed === undefined && shape.variable === undefined)
            throw new XdrSyntaxError('opaque needs a length');
        if (spec.prim === 'opaque' && (shape === 'plain' || shape === 'optional'))
            throw new XdrSyntaxError(`opaque '${name}' without a length`);
        if (spec.prim === 'string' && (typeof shape !== 'object' || shape.variable === undefined))
            throw new XdrSyntaxError(`string '${name}' must be variable-length`);
        return { name, spec, shape };
    }
}

// Parses text that holds exactly one definition (or one anonymous body).
function parseDefinition(text) {
    const p = new Parser(text);
    const d = p.definition();
    if (!p.atEnd()) throw new XdrSyntaxError(`trailing text after the definition: '${p.peek().v}'`);
    return d;
}

module.exports = { parseDefinition, tokenize, Parser, XdrSyntaxError, EndOfText };
