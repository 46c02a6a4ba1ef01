package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.ProtocolViolation.Rule;

/**
 * RCPT TO (RFC 5321 4.1.1.3): adds a recipient. A refused recipient is counted, so that DATA after
 * nothing but refusals gets 554 (RFC 5321 3.3).
 */
final class RcptVerb {

    private RcptVerb() {
    }

    static Decision decide(Command.Rcpt c, String line, SessionState s) {
        Decision order = OrderGuard.check(c, line, s);
        if (order != null) {
            return order;
        }
        Runnable rejected = () -> s.transaction.rejectRecipient();
        Parameters.Refusal bad = Parameters.checkRcpt(c.parameters(), MailVerb.offered(c.parameters(), s));
        if (bad != null) {
            return Decision.reply(bad.reply()).violation(s, bad, line).onRefuse(rejected);
        }
        if (c.path().nonAscii() && !s.transaction.smtputf8()) {
            return Decision.reply(Replies.utf8NotAllowed())
                    .violation(s, Rule.NON_ASCII_ADDRESS_WITHOUT_SMTPUTF8, line).onRefuse(rejected);
        }
        Decision decision = Decision.reply(Replies.recipientOk()).onRefuse(rejected);
        if (c.spaceBeforePath()) {
            decision.violation(s, Rule.SPACE_BEFORE_PATH, line);
            if (s.config.rejectViolations()) {
                decision.reply = Replies.badRecipientSyntax("no space allowed after TO: (RFC 5321 4.1.1.3)");
                return decision;
            }
        }
        if (s.transaction.recipientCount() >= s.config.maxRecipients()) {
            decision.reply = Replies.tooManyRecipients(s.config.maxRecipients()); // a limit, not the client's fault
            return decision;
        }
        return decision.onAccept(() -> {
            s.transaction.addRecipient(c.path().mailbox(), c.parameters());
            s.state = Session.State.RCPT;
        });
    }
}
