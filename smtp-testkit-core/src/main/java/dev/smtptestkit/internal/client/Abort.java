package dev.smtptestkit.internal.client;

import dev.smtptestkit.DeliveryResult.Failure;
import dev.smtptestkit.DeliveryResult.Kind;
import dev.smtptestkit.DeliveryResult.Stage;
import dev.smtptestkit.SmtpReply;
import dev.smtptestkit.internal.protocol.Reply;
import java.util.Optional;

/**
 * Ends a step of the dialogue with a {@link Failure}: thrown inside the client, always caught and
 * turned into a result. {@link #connectionUsable()} says whether the next message may still use
 * the connection (a refusal or a local check) or not (a drop, a timeout, a 421).
 */
final class Abort extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Failure failure;
    private final boolean connectionUsable;

    private Abort(Failure failure, boolean connectionUsable) {
        super(failure.message(), null, false, false);
        this.failure = failure;
        this.connectionUsable = connectionUsable;
    }

    static Abort lost(Stage stage, Kind kind, String message) {
        return new Abort(new Failure(stage, kind, Optional.empty(), message), false);
    }

    static Abort local(Stage stage, String message) {
        return new Abort(new Failure(stage, Kind.LOCAL_REFUSAL, Optional.empty(), message), true);
    }

    /** RFC 5321 3.8: a 421 means the server is closing the connection. */
    static Abort refused(Stage stage, Reply reply, String message) {
        return new Abort(new Failure(stage, Kind.REFUSED, Optional.of(publicReply(reply)),
                message + ": " + reply.firstLine()), reply.code() != 421);
    }

    static SmtpReply publicReply(Reply reply) {
        return new SmtpReply(reply.code(), reply.enhancedCode(), reply.lines());
    }

    Failure failure() {
        return failure;
    }

    boolean connectionUsable() {
        return connectionUsable;
    }
}
