package dev.smtptestkit.internal.protocol;

/**
 * BDAT (RFC 3030 2): a chunk of exactly the given size follows the command, and is read whatever
 * the answer is, so a refused BDAT never makes its content look like commands. The reply comes
 * after the chunk.
 */
final class BdatVerb {

    private BdatVerb() {
    }

    static Decision decide(Command.Bdat c, String line, SessionState s) {
        Decision refusal = s.offers(Extension.CHUNKING) ? OrderGuard.check(c, line, s)
                : Decision.reply(Replies.badSequence("BDAT requires EHLO (CHUNKING)")).outOfSequence(s, line);
        return Decision.pending(new Effect.ReadChunk(c.size())).onAccept(() -> {
            s.chunkRefusal = refusal;
            s.chunkCommand = line;
            s.chunkRemaining = c.size();
            s.chunkLast = c.last();
            s.dataOctets = 0;
            if (refusal == null) {
                if (s.state != Session.State.BDAT) {
                    s.sink = new MessageSink(s.config.maxMessageSize(), s.transaction.declaredSize());
                }
                s.state = Session.State.BDAT;
            }
            s.mode = Session.Mode.CHUNK;
        });
    }
}
