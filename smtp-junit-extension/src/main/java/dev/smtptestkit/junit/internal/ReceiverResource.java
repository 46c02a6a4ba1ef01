package dev.smtptestkit.junit.internal;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.SmtpText;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The store value that owns one running receiver. JUnit closes it when its context ends: through
 * {@link AutoCloseable} on 6.x (and 5.13+ with auto-closing on), through {@code CloseableResource}
 * on 5.x otherwise; {@link #close()} is idempotent, so being closed twice does no harm. A failure to
 * close (a session thread that does not stop) fails the test or class that owned the receiver.
 */
@SuppressWarnings("deprecation") // CloseableResource: deprecated in 5.13+, still the only way on 5.x with auto-close off
public final class ReceiverResource implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    /** The most dialogue lines shown in a failure. */
    static final int DIALOGUE_LINES = 120;

    // A session that ended like this means the client misbehaved (or hung); QUIT and a plain close do not.
    private static final Set<DisconnectReason> ABNORMAL =
            EnumSet.of(DisconnectReason.IDLE_TIMEOUT, DisconnectReason.LIMIT_EXCEEDED, DisconnectReason.IO_ERROR);

    private final SmtpReceiver receiver;
    private final Settings settings;
    private final Runnable afterClose;
    private volatile int violationsBefore;
    private volatile int eventsBefore;

    private ReceiverResource(SmtpReceiver receiver, Settings settings, Runnable afterClose) {
        this.receiver = receiver;
        this.settings = settings;
        this.afterClose = afterClose;
    }

    /** Builds and starts a receiver with these settings. */
    public static ReceiverResource start(Settings settings, Runnable afterClose) {
        return new ReceiverResource(settings.newReceiver().start(), settings, afterClose);
    }

    /** The running receiver. */
    public SmtpReceiver receiver() {
        return receiver;
    }

    /** The settings it was started with. */
    public Settings settings() {
        return settings;
    }

    /** Called before each test: clears a class-wide mailbox if asked, and marks where this test's records begin. */
    public void beginTest() {
        Mailbox mailbox = receiver.mailbox();
        if (settings.scope() == dev.smtptestkit.junit.SmtpServer.Scope.PER_CLASS && settings.clearBetweenTests()) {
            mailbox.clear();
        }
        violationsBefore = mailbox.violations().size();
        eventsBefore = mailbox.events().size();
    }

    /** The compact dialogue of every session, headed by the receiver's address. */
    public String dialogue() {
        return "SMTP dialogue of the receiver on " + receiver.host() + ":" + receiver.port() + ":\n"
                + indent(receiver.mailbox().dialogue(DIALOGUE_LINES));
    }

    /**
     * Whether a failure already shows this receiver's whole dialogue, as the failures of
     * {@code Mailbox} and of the assertions do when it is short; then attaching it again would only
     * repeat it. A failure that shows only the first lines of it does not count.
     */
    public boolean alreadyShownIn(Throwable failure) {
        String whole = unindented(receiver.mailbox().dialogue(Integer.MAX_VALUE));
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && unindented(t.getMessage()).contains(whole)) {
                return true;
            }
        }
        return false;
    }

    // Compared without leading blanks, so that however deep a message indents the dialogue, it is found.
    private static String unindented(String text) {
        return text.lines().map(String::stripLeading).collect(java.util.stream.Collectors.joining("\n"));
    }

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }

    /**
     * What strict mode objects to in the current test, or empty: violations and abnormal session
     * ends (with {@code strict}), unread mail (with {@code failOnUnreadMail}).
     */
    public Optional<String> strictProblems() {
        Mailbox mailbox = receiver.mailbox();
        StringBuilder out = new StringBuilder();
        if (settings.strict()) {
            List<ProtocolViolation> all = mailbox.violations();
            List<ProtocolViolation> violations = all.subList(Math.min(violationsBefore, all.size()), all.size());
            List<SmtpEvent> events = mailbox.events();
            List<SmtpEvent.ClientDisconnected> abnormal = events.subList(Math.min(eventsBefore, events.size()),
                    events.size()).stream()
                    .filter(SmtpEvent.ClientDisconnected.class::isInstance).map(SmtpEvent.ClientDisconnected.class::cast)
                    .filter(d -> ABNORMAL.contains(d.reason())).toList();
            int count = violations.size() + abnormal.size();
            if (count > 0) {
                out.append("Strict SMTP check (").append(settings.origin()).append(", strict = true): ")
                        .append(count).append(count == 1 ? " protocol problem" : " protocol problems")
                        .append(" during this test:");
                violations.forEach(v -> out.append("\n  ").append(v));
                abnormal.forEach(d -> out.append("\n  ").append(SmtpText.event(d)));
            }
        }
        if (settings.failOnUnreadMail()) {
            List<ReceivedEmail> unread = mailbox.unreadEmails();
            if (!unread.isEmpty()) {
                if (out.length() > 0) {
                    out.append('\n');
                }
                out.append("Strict SMTP check (").append(settings.origin()).append(", failOnUnreadMail = true): ")
                        .append(unread.size()).append(unread.size() == 1 ? " email" : " emails")
                        .append(" arrived that the test never read:");
                unread.forEach(e -> out.append('\n').append(indent(SmtpText.email(e))));
                out.append("\nRead mail through the Mailbox (singleEmail(), emails(), awaitEmails(n)).");
            }
        }
        return out.length() == 0 ? Optional.empty() : Optional.of(out.toString());
    }

    /** Closes the receiver (idempotent). */
    @Override
    public void close() {
        try {
            receiver.close();
        } finally {
            afterClose.run();
        }
    }

    @Override
    public String toString() {
        return "ReceiverResource{" + settings.origin() + ", " + receiver + "}";
    }
}
