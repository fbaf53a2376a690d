'use strict';
// A slow, flow-controlled client for FloodStreamTests.cpp, run by
// @stellarbeat/js-stellar-node-connector, which applies stellar-core's flow
// control rules as a receiver: it grants 200 messages / 300,000 bytes after
// AUTH and hands back each batch (40 messages or 100,000 bytes) once its
// consumer has finished with it.
//
//   node floodStream.js <ip> <port> <messagesPer10ms>
//
// It dials the node and finishes `messagesPer10ms` messages every 10 ms, in
// arrival order (a slow reader: the node runs out of credit over and over),
// demands every advertised transaction (the connector has no pull mode of
// its own), and checks, at each flood message it accepts, that the node never
// went beyond what it had granted by then, on both axes.
//
// stdout, one JSON object a line:
//   {"event":"connected"}
//   {"event":"stats", ...counts...}   every 200 ms and when the connection ends
//   {"event":"violation", ...}        a flood message beyond the grant
//   {"event":"closed"}
// stdin: "close" ends the connection.

const path = require('path');
const readline = require('readline');

const connectorDir = path.dirname(require.resolve('@stellarbeat/js-stellar-node-connector/package.json'));
const { createNode, getConfigFromEnv } = require('@stellarbeat/js-stellar-node-connector');
const { xdr } = require(require.resolve('@stellar/stellar-base', { paths: [connectorDir] }));
const pino = require(require.resolve('pino', { paths: [connectorDir] }));

const FLOOD = [xdr.MessageType.scpMessage(), xdr.MessageType.transaction(), xdr.MessageType.floodAdvert(),
    xdr.MessageType.floodDemand()];

function emit(event) {
    process.stdout.write(JSON.stringify(event) + '\n');
}

const [ip, port, perTick] = process.argv.slice(2);
const logger = pino({ level: process.env.LOG_LEVEL || 'warn', base: undefined }, pino.destination(2));
const node = createNode(getConfigFromEnv(), logger);

const stats = {
    grantedMessages: 0, grantedBytes: 0, sendMores: 0,
    floodMessages: 0, floodBytes: 0,
    // The least credit left after any flood message: 0 means the node used a
    // grant to the last message.
    minMessageCreditLeft: 200, minByteCreditLeft: 300000,
    scp: 0, transactions: 0, adverts: 0, advertisedHashes: 0, demandedHashes: 0,
    violations: 0,
};
let finished = false;

function finish(code) {
    if (finished) return;
    finished = true;
    emit({ event: 'stats', ...stats });
    emit({ event: 'closed' });
    process.stdout.write('', () => process.exit(code));
}

let closing = false; // the test said close: nothing more is written
const conn = node.connectTo(ip, Number(port));

// What the connector grants: every SEND_MORE_EXTENDED it sends, counted as it
// leaves (the node cannot have seen a grant earlier than that).
const send = conn.sendStellarMessage.bind(conn);
conn.sendStellarMessage = (message, cb) => {
    if (message.switch() === xdr.MessageType.sendMoreExtended()) {
        stats.grantedMessages += message.sendMoreExtendedMessage().numMessages();
        stats.grantedBytes += message.sendMoreExtendedMessage().numBytes();
        stats.sendMores++;
    }
    return send(message, cb);
};

// What it accepted (after its sequence and MAC checks), with the size its
// flow control counts: the StellarMessage's XDR.
const handle = conn.handleStellarMessage.bind(conn);
conn.handleStellarMessage = (message, size) => {
    if (FLOOD.includes(message.switch())) {
        stats.floodMessages++;
        stats.floodBytes += size;
        stats.minMessageCreditLeft = Math.min(stats.minMessageCreditLeft, stats.grantedMessages - stats.floodMessages);
        stats.minByteCreditLeft = Math.min(stats.minByteCreditLeft, stats.grantedBytes - stats.floodBytes);
        if (stats.floodMessages > stats.grantedMessages || stats.floodBytes > stats.grantedBytes) {
            stats.violations++;
            emit({ event: 'violation', type: message.switch().name, floodMessages: stats.floodMessages,
                grantedMessages: stats.grantedMessages, floodBytes: stats.floodBytes,
                grantedBytes: stats.grantedBytes });
        }
    }
    return handle(message, size);
};

conn.on('connect', () => emit({ event: 'connected' }));
conn.on('data', (work) => {
    const m = work.stellarMessage;
    switch (m.switch()) {
    case xdr.MessageType.scpMessage():
        stats.scp++;
        break;
    case xdr.MessageType.transaction():
        stats.transactions++;
        break;
    case xdr.MessageType.floodAdvert(): {
        stats.adverts++;
        const hashes = m.floodAdvert().txHashes();
        stats.advertisedHashes += hashes.length;
        if (closing)
            break;
        stats.demandedHashes += hashes.length;
        conn.sendStellarMessage(xdr.StellarMessage.floodDemand(new xdr.FloodDemand({ txHashes: hashes })));
        break;
    }
    default:
        break;
    }
    waiting.push(work);
});
// The consumer's pace, not the network's. Once it closes it consumes no more:
// a consumed message makes the connector grant (write) again.
const waiting = [];
const consumer = setInterval(() => {
    for (let i = 0; i < Number(perTick) && waiting.length > 0; i++)
        waiting.shift().done();
}, 10);
consumer.unref();
conn.on('error', (e) => emit({ event: 'error', message: e.message }));
conn.on('close', () => finish(0));

const ticker = setInterval(() => emit({ event: 'stats', ...stats }), 200);
ticker.unref();

readline.createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim() === 'close') {
        closing = true;
        clearInterval(consumer);
        conn.end();
    }
}).on('close', () => {
    conn.destroy();
    finish(0);
});

setTimeout(() => {
    emit({ event: 'error', message: 'floodStream.js: giving up after 120 s' });
    finish(1);
}, 120000).unref();
