package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.Envelope;
import dev.smtptestkit.ProtocolViolation.Rule;

/**
 * Message octets after DATA (up to CRLF.CRLF, dot-unstuffed: RFC 5321 4.5.2) and BDAT chunks
 * (exactly their size: RFC 3030 2), and the end of a message: lint, accept or refuse.
 */
final class DataPhase {

    /**
     * What one call consumed and, at an end, what was decided.
     *
     * @param consumed octets consumed
     * @param decision what was decided (a pending decision before the end)
     * @param point    the end reached, or null
     * @param octets   at an end, the octets of the data or chunk as the client sent them (for
     *                 DATA without the ".CRLF" that ends it)
     */
    record Step(int consumed, Decision decision, Script.Point point, long octets) {
    }

    private DataPhase() {
    }

    static Step data(byte[] in, int off, int len, SessionState s) {
        if (s.mode == Session.Mode.DATA) {
            int r = s.decoder.feed(in, off, len, s.sink);
            if (r >= 0) {
                s.dataOctets += r;
                return new Step(r, Decision.pending(Effect.READ_DATA), null, 0);
            }
            int consumed = -1 - r;
            s.dataOctets += consumed;
            s.mode = Session.Mode.COMMAND;
            return new Step(consumed, complete(s), Script.Point.END_OF_DATA, s.dataOctets - 3);
        }
        if (s.mode == Session.Mode.CHUNK) {
            int n = (int) Math.min(len, s.chunkRemaining);
            if (s.chunkRefusal == null) {
                s.sink.write(in, off, n);
            }
            s.chunkRemaining -= n;
            s.dataOctets += n;
            if (s.chunkRemaining > 0) {
                return new Step(n, Decision.pending(new Effect.ReadChunk(s.chunkRemaining)), null, 0);
            }
            return endOfChunk(n, s);
        }
        throw new IllegalStateException("data() called in mode " + s.mode);
    }

    static Step endOfChunk(int consumed, SessionState s) {
        s.mode = Session.Mode.COMMAND;
        if (s.chunkRefusal != null) {
            Decision refusal = s.chunkRefusal;
            s.chunkRefusal = null;
            return new Step(consumed, refusal, Script.Point.END_OF_CHUNK, s.dataOctets); // answered only now, after its chunk
        }
        if (s.sink.overflow()) {
            return new Step(consumed, Decision.reply(Replies.messageTooBig(s.config.maxMessageSize()))
                    .onRefuse(s::resetTransaction), Script.Point.END_OF_CHUNK, s.dataOctets);
        }
        if (!s.chunkLast) {
            // RFC 3030 2: a refused chunk fails the transaction
            return new Step(consumed, Decision.reply(Replies.chunkAccepted(s.sink.total()))
                    .onRefuse(s::resetTransaction), Script.Point.END_OF_CHUNK, s.dataOctets);
        }
        return new Step(consumed, complete(s), Script.Point.END_OF_DATA, s.dataOctets);
    }

    // End of DATA or of BDAT LAST: the message is accepted or refused, and the transaction ends either way.
    private static Decision complete(SessionState s) {
        MessageSink message = s.sink;
        message.finish();
        if (message.overflow()) {
            return Decision.reply(Replies.messageTooBig(s.config.maxMessageSize())).onRefuse(s::resetTransaction);
        }
        Decision decision = Decision.reply(null);
        Rule refused = null;
        for (HeaderLint.Finding finding : message.findings(s.transaction.eightBitDeclared(), s.transaction.smtputf8())) {
            decision.violation(s, finding.rule(), finding.line());
            if (refused == null && finding.rule().rejectable()) {
                refused = finding.rule();
            }
        }
        if (s.config.rejectViolations() && refused != null) {
            decision.reply = Replies.rejected(refused.description() + " (" + refused.reference() + ")");
            return decision.onRefuse(s::resetTransaction);
        }
        String id = s.sessionId + "." + (s.delivered + 1);
        Envelope envelope = s.transaction.envelope(s.heloName, s.extended, s.sessionId, s.clientAddress,
                s.tlsDetails, s.authenticated);
        decision.reply = Replies.messageAccepted(id);
        return decision.delivery(new Session.Delivery(id, envelope, message.content()))
                .onAccept(() -> {
                    s.delivered++;
                    s.junkCommands = 0;
                    s.resetTransaction();
                })
                .onRefuse(s::resetTransaction);
    }
}
