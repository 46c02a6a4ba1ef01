package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.AuthDetails;
import dev.smtptestkit.TlsDetails;
import dev.smtptestkit.internal.auth.AuthExchange;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import java.util.EnumSet;
import java.util.Set;

/**
 * The mutable state of one session, shared by the per-verb units. Units read it to decide and
 * change it only through the commit actions of their {@link Decision}, so a script that refuses
 * what a unit would accept leaves it as it was.
 */
final class SessionState {

    final SessionConfig config;
    final String sessionId;
    final InetSocketAddress clientAddress;

    Session.State state = Session.State.GREETED;
    Session.Mode mode = Session.Mode.COMMAND;
    boolean extended;
    String heloName = "";
    int delivered;
    // RFC 2920: this command was sent, unseen, behind a command that was refused
    boolean followsRefusal;
    int junkCommands;

    // TLS (RFC 3207) and AUTH (RFC 4954)
    boolean tlsActive;
    TlsDetails tlsDetails;
    AuthExchange auth;
    AuthDetails authenticated;
    int failedLogins;

    // The transaction (RFC 5321 3.3), cleared by RSET, EHLO, HELO and completion.
    Transaction transaction;
    MessageSink sink;
    DotDecoder decoder;
    long dataOctets;
    // BDAT (RFC 3030): the chunk being read, and the refusal waiting for its end
    long chunkRemaining;
    boolean chunkLast;
    Decision chunkRefusal;
    String chunkCommand;

    private final Supplier<String> challenges;

    SessionState(SessionConfig config, String sessionId, InetSocketAddress clientAddress, Supplier<String> challenges) {
        this.config = config;
        this.sessionId = sessionId;
        this.clientAddress = clientAddress;
        this.challenges = challenges;
        this.tlsActive = config.tls().implicit();
        resetAuth();
    }

    /** A fresh AUTH exchange: after a refusal, and after TLS starts (RFC 3207 4.2). */
    void resetAuth() {
        auth = new AuthExchange(config.auth(), challenges);
    }

    /** The extensions offered in this session: none after HELO or before EHLO (RFC 5321 4.1.1.1). */
    Set<Extension> offered() {
        EnumSet<Extension> offered = EnumSet.noneOf(Extension.class);
        for (Extension e : config.extensions()) {
            if (offers(e)) {
                offered.add(e);
            }
        }
        return offered;
    }

    boolean offers(Extension extension) {
        if (!extended || !config.extensions().contains(extension)) {
            return false;
        }
        switch (extension) {
            case AUTH:
                return config.auth().enabled();
            case STARTTLS:
                return config.tls().startTls() && !tlsActive;
            default:
                return true;
        }
    }

    boolean inTransaction() {
        return state == Session.State.MAIL || state == Session.State.RCPT || state == Session.State.BDAT;
    }

    /** A reply shaped for this session: enhanced codes only after EHLO offered them (RFC 2034 3). */
    Reply adapt(Reply reply) {
        return reply == null || offers(Extension.ENHANCED_STATUS_CODES) ? reply : reply.withoutEnhancedCode();
    }

    void resetTransaction() {
        transaction = null;
        sink = null;
        decoder = null;
        chunkRefusal = null;
        chunkRemaining = 0;
        if (state != Session.State.GREETED && state != Session.State.CLOSED) {
            state = Session.State.READY;
        }
    }
}
