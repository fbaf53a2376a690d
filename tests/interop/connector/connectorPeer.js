'use strict';
// One peer speaking the Stellar overlay through
// @stellarbeat/js-stellar-node-connector, an independent implementation of
// the handshake and of message authentication, driven by a C++ test
// (ConnectorPeer.cpp) over stdin and stdout.
//
//   node connectorPeer.js dial <ip> <port>    connect to a node
//   node connectorPeer.js accept              listen on 127.0.0.1, any port,
//                                             and serve the first connection
//
// The connector reads its settings from the environment (NETWORK,
// PRIVATE_KEY, LEDGER_VERSION, OVERLAY_VERSION, OVERLAY_MIN_VERSION,
// VERSION_STRING, ...: see its lib/node-config.js).
//
// stdout, one JSON object a line:
//   {"event":"listening","port":N}
//   {"event":"connected","publicKey":"G...","nodeInfo":{...}}
//   {"event":"message","xdr":"<base64 StellarMessage>"}  every message the
//       connector accepted: from HELLO on, each one passed its sequence and
//       MAC checks first (ERROR_MSG carries no MAC)
//   {"event":"error","message":"..."}   the connector refused something
//   {"event":"closed"}                  then the process exits
// stdin, one command a line:
//   send <base64 StellarMessage>   the connector sends it (sequence and MAC its own)
//   tamper-next-mac                the next message sent carries a wrong MAC
//   close                          end the connection
//
// Connector logs (pino, JSON) go to stderr so that stdout stays parseable.

const path = require('path');
const readline = require('readline');

const connectorDir = path.dirname(require.resolve('@stellarbeat/js-stellar-node-connector/package.json'));
const { createNode, getConfigFromEnv } = require('@stellarbeat/js-stellar-node-connector');
// The connector compares message types by identity with its own copy of
// stellar-base (12.x), so messages it sends must be built with that copy.
const { xdr } = require(require.resolve('@stellar/stellar-base', { paths: [connectorDir] }));
const pino = require(require.resolve('pino', { paths: [connectorDir] }));

function emit(event) {
    process.stdout.write(JSON.stringify(event) + '\n');
}

const logger = pino({ level: process.env.LOG_LEVEL || 'warn', base: undefined }, pino.destination(2));
const node = createNode(getConfigFromEnv(), logger);

let connection = null;
let tamperNextMac = false;
let finished = false;

function finish(code) {
    if (finished) return;
    finished = true;
    emit({ event: 'closed' });
    // Let stdout drain before leaving.
    process.stdout.write('', () => process.exit(code));
}

function attach(conn) {
    connection = conn;
    // Record every message the connector hands to its own dispatch. It calls
    // handleStellarMessage only after the sequence and MAC checks passed, and
    // keeps SEND_MORE_EXTENDED, HELLO and AUTH to itself, so this is the one
    // place that sees them all.
    const handle = conn.handleStellarMessage.bind(conn);
    conn.handleStellarMessage = (message, size) => {
        emit({ event: 'message', xdr: message.toXDR('base64') });
        return handle(message, size);
    };
    const mac = conn.getMacForAuthenticatedMessage.bind(conn);
    conn.getMacForAuthenticatedMessage = (message) => {
        const m = mac(message);
        if (tamperNextMac && message.switch() !== xdr.MessageType.hello()) {
            tamperNextMac = false;
            const bytes = Buffer.from(m.mac());
            bytes[0] ^= 0xff;
            return new xdr.HmacSha256Mac({ mac: bytes });
        }
        return m;
    };
    conn.on('connect', (publicKey, nodeInfo) => emit({ event: 'connected', publicKey, nodeInfo }));
    // Consuming the stream is what lets the connector keep reading.
    conn.on('data', (work) => work.done());
    conn.on('error', (e) => emit({ event: 'error', message: e.message }));
    conn.on('close', () => finish(0));
}

const [mode, ip, port] = process.argv.slice(2);
if (mode === 'dial') {
    attach(node.connectTo(ip, Number(port)));
} else if (mode === 'accept') {
    node.on('connection', (conn) => {
        if (connection) {
            conn.destroy();
            return;
        }
        attach(conn);
    });
    node.on('listening', () => emit({ event: 'listening', port: node.server.address().port }));
    node.on('error', (e) => {
        emit({ event: 'error', message: e.message });
        finish(1);
    });
    node.acceptIncomingConnections(0, '127.0.0.1');
} else {
    process.stderr.write('usage: connectorPeer.js dial <ip> <port> | accept\n');
    process.exit(2);
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const [command, argument] = line.trim().split(/\s+/, 2);
    if (command === 'send' && connection) {
        connection.sendStellarMessage(xdr.StellarMessage.fromXDR(argument, 'base64'));
    } else if (command === 'tamper-next-mac') {
        tamperNextMac = true;
    } else if (command === 'close') {
        if (connection) connection.end();
        else finish(0);
    } else if (command) {
        emit({ event: 'error', message: `unknown command: ${line}` });
    }
}).on('close', () => {
    // The test went away: end as if told to.
    if (connection) connection.destroy();
    finish(0);
});

// A test that dies leaves no orphan behind for long.
setTimeout(() => {
    emit({ event: 'error', message: 'connectorPeer.js: giving up after 120 s' });
    finish(1);
}, 120000).unref();
