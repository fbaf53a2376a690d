'use strict';
// Parses the XDR text that @stellar/stellar-xdr-json puts in each type's JSON
// Schema description. That text is the .x source with every single line
// break turned into a space (only blank lines survive, as "\n\n"), so a `//`
// comment no longer shows where it ends:
//
//   struct TTLEntry { // Hash of the LedgerKey that is associated with this TTLEntry Hash keyHash; ... };
//
// Each comment ends at some word boundary before the next "\n", the next
// `//` or the end. We find the ends by search, shortest comment first:
// after choosing where comment k ends, the text up to comment k+1 must still
// be a valid beginning of the definition (a parse that fails inside it rules
// the choice out; one that runs out of text keeps it). `checkName` (see
// xdrParse.js) refuses field, member and case names the type's JSON Schema
// does not know, which rules out most wrong ends at once. When every comment
// has an end, the whole definition must parse and `accept(tree)` must hold
// (the caller checks the tree against the schema: field names, member and
// case counts); otherwise the search backtracks.

const { Parser, EndOfText, XdrSyntaxError } = require('./xdrParse');

const MAX_STEPS = 200000;

// Start offsets of `//` comments outside /* */ comments.
function commentStarts(text) {
    const starts = [];
    for (let i = 0; i < text.length; i++) {
        if (text.startsWith('/*', i)) {
            const end = text.indexOf('*/', i + 2);
            if (end >= 0) {
                i = end + 1;
                continue;
            }
        }
        if (text.startsWith('//', i)) {
            starts.push(i);
            i += 1;
        }
    }
    return starts;
}

// Where code may resume after the comment starting at `start`: each word
// start before `limit` that can begin a line of a .x definition (a name, a
// brace, a /* comment), and `limit` itself.
function candidateEnds(text, start, limit) {
    const ends = [];
    for (let p = start + 2; p < limit; p++) {
        if (/[A-Za-z_{}/]/.test(text[p]) && /\s/.test(text[p - 1])) ends.push(p);
    }
    ends.push(limit);
    return ends;
}

// How the parse of `text` went: 'ok' (a whole definition, nothing after it),
// 'more' (a valid beginning that ran out of text) or 'bad'.
function tryParse(text, wantWhole, checkName) {
    try {
        const p = new Parser(text, checkName);
        const tree = p.definition();
        if (!p.atEnd()) return { state: 'bad' };
        return { state: 'ok', tree };
    } catch (e) {
        if (e instanceof EndOfText && !wantWhole) return { state: 'more' };
        if (e instanceof XdrSyntaxError) return { state: 'bad', error: e };
        throw e;
    }
}

function parseCollapsed(text, accept, checkName = null) {
    const starts = commentStarts(text);
    const limits = starts.map((s, k) => {
        const newline = text.indexOf('\n', s);
        const next = k + 1 < starts.length ? starts[k + 1] : text.length;
        return newline >= 0 && newline < next ? newline : next;
    });
    let steps = 0;
    let firstFailure = null;
    // `kept`: the text before comment k with earlier comments removed.
    const search = (k, kept, resumeAt) => {
        if (k === starts.length) {
            const whole = kept + text.slice(resumeAt);
            const r = tryParse(whole, true, checkName);
            if (r.state !== 'ok') {
                if (!firstFailure) firstFailure = r.error ? r.error.message : 'text after the definition';
                return null;
            }
            const why = accept(r.tree);
            if (why !== true) {
                if (!firstFailure) firstFailure = why;
                return null;
            }
            return r.tree;
        }
        const before = kept + text.slice(resumeAt, starts[k]) + ' ';
        for (const end of candidateEnds(text, starts[k], limits[k])) {
            if (++steps > MAX_STEPS) throw new XdrSyntaxError('no reading of its // comments found within the step limit');
            const upToNext = before + text.slice(end, k + 1 < starts.length ? starts[k + 1] : text.length);
            if (k + 1 < starts.length && tryParse(upToNext, false, checkName).state === 'bad') continue;
            const tree = search(k + 1, before, end);
            if (tree) return tree;
        }
        return null;
    };
    const tree = search(0, '', 0);
    if (!tree) throw new XdrSyntaxError(firstFailure || 'cannot parse');
    return tree;
}

module.exports = { parseCollapsed, commentStarts };
