package dev.smtptestkit.testing;

import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpReceiver;
import java.time.Duration;

/** What a receiver recorded, as the script tests read it. */
public final class Recorded {

    private Recorded() {
    }

    /** The first session's end, waited for up to 10 seconds. */
    public static SmtpEvent.ClientDisconnected disconnect(SmtpReceiver receiver) {
        return receiver.mailbox().awaitEvent(SmtpEvent.ClientDisconnected.class, e -> true, Duration.ofSeconds(10));
    }

    /** The first session's dialogue, rendered. */
    public static String transcript(SmtpReceiver receiver) {
        return receiver.mailbox().transcripts().get(0).render();
    }
}
