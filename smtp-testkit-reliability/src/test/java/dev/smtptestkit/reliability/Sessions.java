package dev.smtptestkit.reliability;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import java.time.Duration;
import java.util.List;

/** Finds what the receiver recorded about one raw client's session. */
final class Sessions {

    private Sessions() {
    }

    /**
     * The id of the live session of the client with this local port. Call it while the session is
     * open: a finished session that had the same port earlier is skipped.
     */
    static String idOf(Mailbox mailbox, int clientPort) {
        return mailbox.awaitEvent(SmtpEvent.ClientConnected.class,
                c -> c.clientAddress().getPort() == clientPort && !ended(mailbox, c.sessionId()),
                Duration.ofSeconds(10)).sessionId();
    }

    private static boolean ended(Mailbox mailbox, String sessionId) {
        return mailbox.events(SmtpEvent.ClientDisconnected.class).stream().anyMatch(d -> d.sessionId().equals(sessionId));
    }

    /** Waits for the end of a session and returns its event. */
    static SmtpEvent.ClientDisconnected awaitEnd(Mailbox mailbox, String sessionId) {
        return mailbox.awaitEvent(SmtpEvent.ClientDisconnected.class, d -> d.sessionId().equals(sessionId),
                Duration.ofSeconds(15));
    }

    /** The emails of one session. */
    static List<ReceivedEmail> emailsOf(Mailbox mailbox, String sessionId) {
        return mailbox.emails(e -> e.envelope().sessionId().equals(sessionId));
    }
}
