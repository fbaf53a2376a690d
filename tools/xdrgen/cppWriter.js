'use strict';
// Small pieces the C++ generator shares: a code writer with indentation and
// the escaping of XDR names that are C++ keywords (a trailing underscore).

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

module.exports = { Code, ident };
