package dev.smtptestkit.internal.protocol;

/** DATA (RFC 5321 4.1.1.4): 354, then the message up to CRLF.CRLF. */
final class DataVerb {

    private DataVerb() {
    }

    static Decision decide(Command.Data c, String line, SessionState s) {
        Decision order = OrderGuard.check(c, line, s);
        if (order != null) {
            return order;
        }
        return Decision.reply(Replies.startData()).effect(Effect.READ_DATA).onAccept(() -> {
            s.state = Session.State.DATA;
            s.mode = Session.Mode.DATA;
            s.sink = new MessageSink(s.config.maxMessageSize(), s.transaction.declaredSize());
            s.decoder = new DotDecoder();
            s.dataOctets = 0;
        });
    }
}
