package dev.smtptestkit.internal.protocol;

/**
 * The one guard for the ordering rules shared by MAIL, RCPT, DATA and BDAT (RFC 5321 4.1.4,
 * RFC 3030 2): the decision refusing a command out of order, or null when it may run.
 */
final class OrderGuard {

    private OrderGuard() {
    }

    static Decision check(Command command, String line, SessionState s) {
        if (s.state == Session.State.GREETED) {
            return refuse("send EHLO or HELO first", line, s);
        }
        boolean inTransaction = s.inTransaction();
        if (command instanceof Command.Mail) {
            return inTransaction ? refuse("nested MAIL command (send RSET first)", line, s) : null;
        }
        if (!inTransaction) {
            return refuse("send MAIL first", line, s);
        }
        if (command instanceof Command.Rcpt) {
            return s.state == Session.State.BDAT ? refuse("RCPT after BDAT", line, s) : null;
        }
        if (command instanceof Command.Data && s.state == Session.State.BDAT) {
            return refuse("DATA cannot follow BDAT in one transaction (RFC 3030)", line, s);
        }
        if (s.transaction.recipientCount() == 0) {
            // RFC 5321 3.3: DATA after every RCPT was refused gets 554; the client broke no rule
            // (with PIPELINING it could not have known).
            return s.transaction.allRecipientsRejected() ? Decision.reply(Replies.noValidRecipients())
                    : refuse("send RCPT first", line, s);
        }
        return null;
    }

    private static Decision refuse(String what, String line, SessionState s) {
        return Decision.reply(Replies.badSequence(what)).outOfSequence(s, line);
    }
}
