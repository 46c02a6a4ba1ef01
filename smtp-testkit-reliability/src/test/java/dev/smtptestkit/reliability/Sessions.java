package dev.smtptestkit.reliability;

import static org.awaitility.Awaitility.await;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import java.time.Duration;
import java.util.List;

/** Finds what the receiver recorded about one raw client's session. */
final class Sessions {

    private Sessions() {
    }

    /** The id of the session the client with this local port got (the newest one, should the port recur). */
    static String idOf(Mailbox mailbox, int clientPort) {
        String[] found = new String[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<SmtpEvent.ClientConnected> connected = mailbox.events(SmtpEvent.ClientConnected.class);
            for (int k = connected.size() - 1; k >= 0; k--) {
                if (connected.get(k).clientAddress().getPort() == clientPort) {
                    found[0] = connected.get(k).sessionId();
                    return true;
                }
            }
            return false;
        });
        return found[0];
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
