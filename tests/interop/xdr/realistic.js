'use strict';
// Realistic values built with @stellar/stellar-base itself: transactions from
// its TransactionBuilder (v1, fee bump, Soroban invokeHostFunction with auth
// entries and footprint), a v0 envelope, a generalized tx set with a classic
// and a parallel Soroban phase, SCP envelopes of all four statement kinds,
// every StellarMessage arm, the time-sliced survey messages (signed), and a
// survey response whose body is a real sealed box (sodium-native, the same
// crypto_box_seal stellar-core uses).
//
// Returns [{label, type, value}] with canonical type names.

const sb = require('@stellar/stellar-base');
const sodium = require('sodium-native');

const { xdr, Keypair, TransactionBuilder, Networks, Operation, Asset, Account, Memo, StrKey, Address } = sb;

const kp = (n) => Keypair.fromRawEd25519Seed(Buffer.alloc(32, n));
const nodeId = (n) => xdr.PublicKey.publicKeyTypeEd25519(kp(n).rawPublicKey());
const hash = (text) => sb.hash(Buffer.from(text));
const timebounds = { minTime: 1700000000, maxTime: 1900000000 };

function classicTransaction() {
    const usd = new Asset('USD', kp(9).publicKey());
    const tx = new TransactionBuilder(new Account(kp(1).publicKey(), '1234567890'), {
        fee: '200',
        networkPassphrase: Networks.TESTNET,
        timebounds,
    })
        .addOperation(Operation.payment({ destination: kp(2).publicKey(), asset: Asset.native(), amount: '12.5' }))
        .addOperation(Operation.createAccount({ destination: kp(3).publicKey(), startingBalance: '100' }))
        .addOperation(Operation.changeTrust({ asset: usd, limit: '1000' }))
        .addOperation(Operation.manageSellOffer({ selling: Asset.native(), buying: usd, amount: '5', price: '1.25' }))
        .addOperation(Operation.setOptions({ signer: { ed25519PublicKey: kp(4).publicKey(), weight: 1 }, homeDomain: 'example.org' }))
        .addOperation(Operation.manageData({ name: 'overlay', value: 'interop' }))
        .addOperation(Operation.pathPaymentStrictSend({
            sendAsset: Asset.native(), sendAmount: '1', destination: kp(2).publicKey(), destAsset: usd, destMin: '0.5', path: [],
        }))
        .addOperation(Operation.bumpSequence({ bumpTo: '1234567999' }))
        .addMemo(Memo.text('overlay interop'))
        .build();
    tx.sign(kp(1));
    return tx;
}

function v0Envelope() {
    const tx = new xdr.TransactionV0({
        sourceAccountEd25519: kp(1).rawPublicKey(),
        fee: 100,
        seqNum: 5n,
        timeBounds: new xdr.TimeBounds({ minTime: 0n, maxTime: 1900000000n }),
        memo: xdr.Memo.memoId(7n),
        operations: [Operation.payment({ destination: kp(2).publicKey(), asset: Asset.native(), amount: '1' })],
        ext: new xdr.TransactionV0Ext(0),
    });
    const env = new xdr.TransactionV0Envelope({ tx, signatures: [kp(1).signDecorated(hash('v0'))] });
    return xdr.TransactionEnvelope.envelopeTypeTxV0(env);
}

function sorobanTransaction(operation, sorobanData, seq) {
    const tx = new TransactionBuilder(new Account(kp(6).publicKey(), seq), {
        fee: '1000',
        networkPassphrase: Networks.TESTNET,
        timebounds,
    })
        .addOperation(operation)
        .setSorobanData(sorobanData)
        .build();
    tx.sign(kp(6));
    return tx.toEnvelope();
}

function sorobanEnvelopes() {
    const contract = StrKey.encodeContract(Buffer.alloc(32, 7));
    const contractAddress = new Address(contract).toScAddress();
    const args = [
        new Address(kp(6).publicKey()).toScVal(),
        new Address(kp(2).publicKey()).toScVal(),
        sb.nativeToScVal(1000n, { type: 'i128' }),
        sb.nativeToScVal({ memo: 'x', list: [1, 2, 3] }),
    ];
    const invocation = new xdr.SorobanAuthorizedInvocation({
        function: xdr.SorobanAuthorizedFunction.sorobanAuthorizedFunctionTypeContractFn(
            new xdr.InvokeContractArgs({ contractAddress, functionName: 'transfer', args })),
        subInvocations: [],
    });
    const auth = [
        new xdr.SorobanAuthorizationEntry({ credentials: xdr.SorobanCredentials.sorobanCredentialsSourceAccount(), rootInvocation: invocation }),
        new xdr.SorobanAuthorizationEntry({
            credentials: xdr.SorobanCredentials.sorobanCredentialsAddress(new xdr.SorobanAddressCredentials({
                address: new Address(kp(2).publicKey()).toScAddress(),
                nonce: 123456789n,
                signatureExpirationLedger: 60000000,
                signature: xdr.ScVal.scvVec([sb.nativeToScVal({ public_key: kp(2).rawPublicKey(), signature: Buffer.alloc(64, 5) })]),
            })),
            rootInvocation: invocation,
        }),
    ];
    const instanceKey = xdr.LedgerKey.contractData(new xdr.LedgerKeyContractData({
        contract: contractAddress,
        key: xdr.ScVal.scvLedgerKeyContractInstance(),
        durability: xdr.ContractDataDurability.persistent(),
    }));
    const balanceKey = xdr.LedgerKey.contractData(new xdr.LedgerKeyContractData({
        contract: contractAddress,
        key: sb.nativeToScVal(['Balance', kp(2).publicKey()], { type: ['symbol', 'address'] }),
        durability: xdr.ContractDataDurability.persistent(),
    }));
    const codeKey = xdr.LedgerKey.contractCode(new xdr.LedgerKeyContractCode({ hash: hash('wasm') }));
    const data = new sb.SorobanDataBuilder()
        .setResourceFee(123456)
        .setResources(2000000, 4096, 1024)
        .setReadOnly([instanceKey, codeKey])
        .setReadWrite([balanceKey])
        .build();
    return {
        invoke: sorobanTransaction(Operation.invokeContractFunction({ contract, function: 'transfer', args, auth }), data, '42'),
        upload: sorobanTransaction(Operation.uploadContractWasm({ wasm: Buffer.from('0061736d01000000', 'hex') }), data, '43'),
        extend: sorobanTransaction(Operation.extendFootprintTtl({ extendTo: 500000 }), data, '44'),
        restore: sorobanTransaction(Operation.restoreFootprint({}), data, '45'),
    };
}

function generalizedTxSet(classic, v0, feeBump, soroban) {
    const classicPhase = new xdr.TransactionPhase(0, [
        xdr.TxSetComponent.txsetCompTxsMaybeDiscountedFee(new xdr.TxSetComponentTxsMaybeDiscountedFee({ baseFee: 100n, txes: [classic, v0, feeBump] })),
        xdr.TxSetComponent.txsetCompTxsMaybeDiscountedFee(new xdr.TxSetComponentTxsMaybeDiscountedFee({ baseFee: null, txes: [classic] })),
    ]);
    const sorobanPhase = new xdr.TransactionPhase(1, new xdr.ParallelTxsComponent({
        baseFee: 150n,
        executionStages: [[[soroban.invoke]], [[soroban.upload, soroban.extend], [soroban.restore]]],
    }));
    return new xdr.GeneralizedTransactionSet(1, new xdr.TransactionSetV1({ previousLedgerHash: hash('lcl'), phases: [classicPhase, sorobanPhase] }));
}

function stellarValue(txSetHash, signed) {
    return new xdr.StellarValue({
        txSetHash,
        closeTime: 1750000000n,
        upgrades: [xdr.LedgerUpgrade.ledgerUpgradeBaseFee(100).toXDR(), xdr.LedgerUpgrade.ledgerUpgradeVersion(27).toXDR()],
        ext: signed
            ? xdr.StellarValueExt.stellarValueSigned(new xdr.LedgerCloseValueSignature({ nodeId: nodeId(7), signature: kp(7).sign(txSetHash) }))
            : xdr.StellarValueExt.stellarValueBasic(),
    });
}

function scpEnvelopes(txSetHash) {
    const value = stellarValue(txSetHash, true).toXDR();
    const other = stellarValue(hash('other'), false).toXDR();
    const qSetHash = hash('qset');
    const ballot = (counter, v) => new xdr.ScpBallot({ counter, value: v });
    const pledges = {
        prepare: xdr.ScpStatementPledges.scpStPrepare(new xdr.ScpStatementPrepare({
            quorumSetHash: qSetHash, ballot: ballot(3, value), prepared: ballot(2, value), preparedPrime: ballot(1, other), nC: 1, nH: 2,
        })),
        confirm: xdr.ScpStatementPledges.scpStConfirm(new xdr.ScpStatementConfirm({
            ballot: ballot(4, value), nPrepared: 4, nCommit: 2, nH: 4, quorumSetHash: qSetHash,
        })),
        externalize: xdr.ScpStatementPledges.scpStExternalize(new xdr.ScpStatementExternalize({
            commit: ballot(5, value), nH: 5, commitQuorumSetHash: qSetHash,
        })),
        nominate: xdr.ScpStatementPledges.scpStNominate(new xdr.ScpNomination({ quorumSetHash: qSetHash, votes: [value, other], accepted: [value] })),
    };
    const out = {};
    for (const [kind, p] of Object.entries(pledges)) {
        const statement = new xdr.ScpStatement({ nodeId: nodeId(7), slotIndex: 59000000n, pledges: p });
        out[kind] = new xdr.ScpEnvelope({ statement, signature: kp(7).sign(statement.toXDR()) });
    }
    return out;
}

function quorumSet() {
    const inner = new xdr.ScpQuorumSet({ threshold: 1, validators: [nodeId(11), nodeId(12)], innerSets: [] });
    return new xdr.ScpQuorumSet({ threshold: 2, validators: [nodeId(7), nodeId(8), nodeId(9)], innerSets: [inner] });
}

function surveyMessages() {
    const surveyor = kp(20);
    const surveyed = kp(21);
    const encPk = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES);
    const encSk = Buffer.alloc(sodium.crypto_box_SECRETKEYBYTES);
    sodium.crypto_box_seed_keypair(encPk, encSk, Buffer.alloc(sodium.crypto_box_SEEDBYTES, 3));
    const ledgerNum = 59000100;
    const nonce = 77;
    const request = new xdr.TimeSlicedSurveyRequestMessage({
        request: new xdr.SurveyRequestMessage({
            surveyorPeerId: xdr.PublicKey.publicKeyTypeEd25519(surveyor.rawPublicKey()),
            surveyedPeerId: xdr.PublicKey.publicKeyTypeEd25519(surveyed.rawPublicKey()),
            ledgerNum,
            encryptionKey: new xdr.Curve25519Public({ key: encPk }),
            commandType: xdr.SurveyMessageCommandType.timeSlicedSurveyTopology(),
        }),
        nonce,
        inboundPeersIndex: 0,
        outboundPeersIndex: 25,
    });
    const peer = (n, version) => new xdr.TimeSlicedPeerData({
        peerStats: new xdr.PeerStats({
            id: nodeId(n),
            versionStr: version,
            messagesRead: 1000n, messagesWritten: 900n, bytesRead: 123456789n, bytesWritten: 98765432n, secondsConnected: 3600n,
            uniqueFloodBytesRecv: 1n, duplicateFloodBytesRecv: 2n, uniqueFetchBytesRecv: 3n, duplicateFetchBytesRecv: 4n,
            uniqueFloodMessageRecv: 5n, duplicateFloodMessageRecv: 6n, uniqueFetchMessageRecv: 7n, duplicateFetchMessageRecv: 8n,
        }),
        averageLatencyMs: 120,
    });
    const body = xdr.SurveyResponseBody.surveyTopologyResponseV2(new xdr.TopologyResponseBodyV2({
        inboundPeers: [peer(30, 'stellar-core 27.1.0'), peer(31, 'v26.1.0')],
        outboundPeers: [peer(32, 'stellar-overlay 0.1.0')],
        nodeData: new xdr.TimeSlicedNodeData({
            addedAuthenticatedPeers: 3, droppedAuthenticatedPeers: 1, totalInboundPeerCount: 2, totalOutboundPeerCount: 1,
            p75ScpFirstToSelfLatencyMs: 250, p75ScpSelfToOtherLatencyMs: 300, lostSyncCount: 0, isValidator: true,
            maxInboundPeerCount: 64, maxOutboundPeerCount: 8,
        }),
    }));
    const plain = body.toXDR();
    const sealed = Buffer.alloc(plain.length + sodium.crypto_box_SEALBYTES);
    sodium.crypto_box_seal(sealed, plain, encPk);
    const response = new xdr.TimeSlicedSurveyResponseMessage({
        response: new xdr.SurveyResponseMessage({
            surveyorPeerId: xdr.PublicKey.publicKeyTypeEd25519(surveyor.rawPublicKey()),
            surveyedPeerId: xdr.PublicKey.publicKeyTypeEd25519(surveyed.rawPublicKey()),
            ledgerNum,
            commandType: xdr.SurveyMessageCommandType.timeSlicedSurveyTopology(),
            encryptedBody: sealed,
        }),
        nonce,
    });
    const start = new xdr.TimeSlicedSurveyStartCollectingMessage({ surveyorId: nodeId(20), nonce, ledgerNum });
    const stop = new xdr.TimeSlicedSurveyStopCollectingMessage({ surveyorId: nodeId(20), nonce, ledgerNum: ledgerNum + 30 });
    // Survey signatures are Ed25519 over the raw XDR of the inner message (SPEC-ERRATA E14).
    return {
        body,
        request,
        signedRequest: new xdr.SignedTimeSlicedSurveyRequestMessage({ requestSignature: surveyor.sign(request.toXDR()), request }),
        response,
        signedResponse: new xdr.SignedTimeSlicedSurveyResponseMessage({ responseSignature: surveyed.sign(response.toXDR()), response }),
        start,
        signedStart: new xdr.SignedTimeSlicedSurveyStartCollectingMessage({ signature: surveyor.sign(start.toXDR()), startCollecting: start }),
        stop,
        signedStop: new xdr.SignedTimeSlicedSurveyStopCollectingMessage({ signature: surveyor.sign(stop.toXDR()), stopCollecting: stop }),
    };
}

function hello() {
    return new xdr.Hello({
        ledgerVersion: 27,
        overlayVersion: 41,
        overlayMinVersion: 40,
        networkId: hash(Networks.TESTNET),
        versionStr: 'stellar-core 27.1.0 (interop)',
        listeningPort: 11625,
        peerId: nodeId(40),
        cert: new xdr.AuthCert({ pubkey: new xdr.Curve25519Public({ key: Buffer.alloc(32, 0x41) }), expiration: 1750003600n, sig: kp(40).sign(hash('cert')) }),
        nonce: hash('nonce'),
    });
}

function realisticValues() {
    const classicTx = classicTransaction();
    const classic = classicTx.toEnvelope();
    const v0 = v0Envelope();
    const feeBumpTx = TransactionBuilder.buildFeeBumpTransaction(kp(5), '400', classicTx, Networks.TESTNET);
    feeBumpTx.sign(kp(5));
    const feeBump = feeBumpTx.toEnvelope();
    const soroban = sorobanEnvelopes();
    const txSet = generalizedTxSet(classic, v0, feeBump, soroban);
    const scp = scpEnvelopes(hash('txset'));
    const survey = surveyMessages();
    const M = xdr.StellarMessage;
    const messages = {
        ERROR_MSG: M.errorMsg(new xdr.Error({ code: xdr.ErrorCode.errLoad(), msg: 'peer rejected' })),
        HELLO: M.hello(hello()),
        AUTH: M.auth(new xdr.Auth({ flags: 200 })),
        DONT_HAVE: M.dontHave(new xdr.DontHave({ type: xdr.MessageType.generalizedTxSet(), reqHash: hash('missing') })),
        PEERS: M.peers([
            new xdr.PeerAddress({ ip: xdr.PeerAddressIp.iPv4(Buffer.from([203, 0, 113, 9])), port: 11625, numFailures: 0 }),
            new xdr.PeerAddress({ ip: xdr.PeerAddressIp.iPv6(Buffer.from('20010db8000000000000000000000001', 'hex')), port: 11625, numFailures: 3 }),
        ]),
        GET_TX_SET: M.getTxSet(hash('txset')),
        TX_SET: M.txSet(new xdr.TransactionSet({ previousLedgerHash: hash('lcl'), txes: [classic, v0] })),
        GENERALIZED_TX_SET: M.generalizedTxSet(txSet),
        TRANSACTION: M.transaction(soroban.invoke),
        GET_SCP_QUORUMSET: M.getScpQuorumset(hash('qset')),
        SCP_QUORUMSET: M.scpQuorumset(quorumSet()),
        SCP_MESSAGE: M.scpMessage(scp.externalize),
        GET_SCP_STATE: M.getScpState(59000000),
        SEND_MORE: M.sendMore(new xdr.SendMore({ numMessages: 200 })),
        SEND_MORE_EXTENDED: M.sendMoreExtended(new xdr.SendMoreExtended({ numMessages: 200, numBytes: 300000 })),
        FLOOD_ADVERT: M.floodAdvert(new xdr.FloodAdvert({ txHashes: [hash('tx1'), hash('tx2')] })),
        FLOOD_DEMAND: M.floodDemand(new xdr.FloodDemand({ txHashes: [hash('tx1')] })),
        TIME_SLICED_SURVEY_REQUEST: M.timeSlicedSurveyRequest(survey.signedRequest),
        TIME_SLICED_SURVEY_RESPONSE: M.timeSlicedSurveyResponse(survey.signedResponse),
        TIME_SLICED_SURVEY_START_COLLECTING: M.timeSlicedSurveyStartCollecting(survey.signedStart),
        TIME_SLICED_SURVEY_STOP_COLLECTING: M.timeSlicedSurveyStopCollecting(survey.signedStop),
    };
    const authenticated = new xdr.AuthenticatedMessage(0, new xdr.AuthenticatedMessageV0({
        sequence: 17n, message: messages.SCP_MESSAGE, mac: new xdr.HmacSha256Mac({ mac: Buffer.alloc(32, 0x6d) }),
    }));

    const values = [];
    const add = (label, type, value) => values.push({ label, type, value });
    for (const [arm, m] of Object.entries(messages)) add(`StellarMessage ${arm}`, 'StellarMessage', m);
    add('AuthenticatedMessage v0 carrying SCP_MESSAGE', 'AuthenticatedMessage', authenticated);
    add('TransactionEnvelope v1 (TransactionBuilder, 8 operations)', 'TransactionEnvelope', classic);
    add('TransactionEnvelope v0', 'TransactionEnvelope', v0);
    add('TransactionEnvelope fee bump', 'TransactionEnvelope', feeBump);
    add('TransactionEnvelope Soroban invokeHostFunction with auth', 'TransactionEnvelope', soroban.invoke);
    add('TransactionEnvelope Soroban uploadContractWasm', 'TransactionEnvelope', soroban.upload);
    add('TransactionEnvelope Soroban extendFootprintTtl', 'TransactionEnvelope', soroban.extend);
    add('TransactionEnvelope Soroban restoreFootprint', 'TransactionEnvelope', soroban.restore);
    add('GeneralizedTransactionSet classic + parallel Soroban phases', 'GeneralizedTransactionSet', txSet);
    for (const [kind, env] of Object.entries(scp)) add(`SCPEnvelope ${kind}`, 'SCPEnvelope', env);
    add('SCPQuorumSet with an inner set', 'SCPQuorumSet', quorumSet());
    add('StellarValue signed', 'StellarValue', stellarValue(hash('txset'), true));
    add('TimeSlicedSurveyRequestMessage', 'TimeSlicedSurveyRequestMessage', survey.request);
    add('SignedTimeSlicedSurveyRequestMessage', 'SignedTimeSlicedSurveyRequestMessage', survey.signedRequest);
    add('TimeSlicedSurveyResponseMessage (sealed body)', 'TimeSlicedSurveyResponseMessage', survey.response);
    add('SignedTimeSlicedSurveyResponseMessage', 'SignedTimeSlicedSurveyResponseMessage', survey.signedResponse);
    add('TimeSlicedSurveyStartCollectingMessage', 'TimeSlicedSurveyStartCollectingMessage', survey.start);
    add('SignedTimeSlicedSurveyStartCollectingMessage', 'SignedTimeSlicedSurveyStartCollectingMessage', survey.signedStart);
    add('TimeSlicedSurveyStopCollectingMessage', 'TimeSlicedSurveyStopCollectingMessage', survey.stop);
    add('SignedTimeSlicedSurveyStopCollectingMessage', 'SignedTimeSlicedSurveyStopCollectingMessage', survey.signedStop);
    add('SurveyResponseBody (before sealing)', 'SurveyResponseBody', survey.body);
    add('EncryptedBody (sealed SurveyResponseBody)', 'EncryptedBody', survey.response.response().encryptedBody());
    return values;
}

module.exports = { realisticValues };
