package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.ProtocolViolation.Rule;
import dev.smtptestkit.internal.auth.AuthCommand;
import dev.smtptestkit.internal.auth.AuthStep;
import java.util.Optional;

/**
 * AUTH (RFC 4954 4): the command and the lines of its 334 exchange. The SASL work is done by
 * {@link dev.smtptestkit.internal.auth.AuthExchange}; this unit applies the ordering rules and turns
 * each step into a decision. A failed login is the scenario under test, not a protocol violation.
 */
final class AuthVerb {

    private AuthVerb() {
    }

    static Decision decide(Command.Auth c, String line, SessionState s) {
        if (!s.config.auth().enabled() || !s.config.extensions().contains(Extension.AUTH)) {
            return Decision.reply(Replies.notImplemented("AUTH"));
        }
        if (!s.extended) {
            return Decision.reply(Replies.badSequence("send EHLO first (AUTH is an ESMTP extension)"))
                    .outOfSequence(s, line);
        }
        if (s.authenticated != null) {
            // RFC 4954 4: after a successful AUTH, another one gets 503
            return Decision.reply(Replies.badSequence("already authenticated")).outOfSequence(s, line);
        }
        if (s.inTransaction()) {
            // RFC 4954 4: AUTH is not permitted during a mail transaction
            return Decision.reply(Replies.badSequence("AUTH is not permitted during a mail transaction"))
                    .outOfSequence(s, line);
        }
        if (s.config.tls().required() && !s.tlsActive) {
            return Decision.reply(Replies.startTlsFirst());
        }
        Optional<AuthCommand> parsed = AuthCommand.parse(c.argument());
        if (parsed.isEmpty()) {
            return Decision.reply(Replies.syntax(AuthCommand.USAGE)).violation(s, Rule.COMMAND_SYNTAX, line);
        }
        AuthStep step = s.auth.start(parsed.get().mechanism(), parsed.get().initialResponse(), s.tlsActive);
        return step(step, line, s);
    }

    /** One line of the exchange (RFC 4954 4): a base64 response, or "*" to cancel. */
    static Decision line(String text, String recorded, SessionState s) {
        return step(s.auth.next(text), recorded, s);
    }

    private static Decision step(AuthStep step, String line, SessionState s) {
        Decision decision = Decision.reply(step.reply());
        // a refusal by a script ends the exchange too
        decision.onRefuse(() -> {
            s.resetAuth();
            s.mode = Session.Mode.COMMAND;
        });
        if (step instanceof AuthStep.Challenge) {
            return decision.effect(Effect.READ_AUTH_LINE).onAccept(() -> s.mode = Session.Mode.AUTH);
        }
        if (step instanceof AuthStep.Success success) {
            return decision.onAccept(() -> {
                s.authenticated = success.details();
                s.mode = Session.Mode.COMMAND;
            });
        }
        AuthStep.Failure failure = (AuthStep.Failure) step;
        if (failure.reason() == AuthStep.Reason.BAD_BASE64 || failure.reason() == AuthStep.Reason.MALFORMED) {
            decision.violation(s, Rule.COMMAND_SYNTAX, line); // RFC 4954 4: the client sent no valid response
        }
        if (failure.isFailedLogin()) {
            s.failedLogins++;
            if (s.config.auth().tooManyFailures(s.failedLogins)) {
                decision.reply = Replies.authTooManyFailures(s.config.auth().maxFailures());
                decision.effect(Effect.close(DisconnectReason.LIMIT_EXCEEDED,
                        s.failedLogins + " failed logins (limit " + s.config.auth().maxFailures() + ")"));
            }
        }
        return decision;
    }
}
