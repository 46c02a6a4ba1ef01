package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.ProtocolViolation.Rule;
import java.util.Map;
import java.util.Set;

/** MAIL FROM (RFC 5321 4.1.1.2): opens a transaction. */
final class MailVerb {

    private MailVerb() {
    }

    static Decision decide(Command.Mail c, String line, SessionState s) {
        Decision order = OrderGuard.check(c, line, s);
        if (order != null) {
            return order;
        }
        if (s.config.tls().required() && !s.tlsActive) {
            return Decision.reply(Replies.startTlsFirst()); // RFC 3207 4: a policy, not the client's fault
        }
        if (s.config.auth().required() && s.authenticated == null) {
            return Decision.reply(Replies.authRequired()); // RFC 4954 6: 530 5.7.0
        }
        Parameters.Refusal bad = Parameters.checkMail(c.parameters(), offered(c.parameters(), s), s.config.maxMessageSize());
        if (bad != null) {
            return Decision.reply(bad.reply()).violation(s, bad, line);
        }
        if (c.path().nonAscii() && !c.parameters().containsKey("SMTPUTF8")) {
            return Decision.reply(Replies.utf8NotAllowed()).violation(s, Rule.NON_ASCII_ADDRESS_WITHOUT_SMTPUTF8, line);
        }
        Decision decision = Decision.reply(Replies.senderOk());
        if (c.spaceBeforePath()) {
            decision.violation(s, Rule.SPACE_BEFORE_PATH, line);
            if (s.config.rejectViolations()) {
                decision.reply = Replies.badSenderSyntax("no space allowed after FROM: (RFC 5321 4.1.1.2)");
                return decision;
            }
        }
        return decision.onAccept(() -> {
            s.transaction = new Transaction(c.path().mailbox(), c.parameters());
            s.state = Session.State.MAIL;
        });
    }

    // The offered extensions only matter for parameters: most MAIL and RCPT commands have none,
    // and need no set built per command.
    static Set<Extension> offered(Map<String, String> parameters, SessionState s) {
        return parameters.isEmpty() ? Set.of() : s.offered();
    }
}
