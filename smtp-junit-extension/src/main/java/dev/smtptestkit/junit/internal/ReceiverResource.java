package dev.smtptestkit.junit.internal;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.SmtpText;
import dev.smtptestkit.Transcript;
import java.util.ArrayList;
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

    // How deep a failure's cause chain is searched for dialogues it already shows.
    private static final int MAX_CAUSES = 16;

    // A session that ended like this means the client misbehaved (or hung); QUIT and a plain close do not.
    private static final Set<DisconnectReason> ABNORMAL =
            EnumSet.of(DisconnectReason.IDLE_TIMEOUT, DisconnectReason.LIMIT_EXCEEDED, DisconnectReason.IO_ERROR);

    private final SmtpReceiver receiver;
    private final Settings settings;
    private final Runnable afterClose;
    // False for a receiver handed over by an SmtpReceiverProvider: its owner closes it, and other tests
    // (other classes sharing a cached Spring context) use it too, so its mailbox is cleared before each test.
    private final boolean owned;
    private volatile int violationsBefore;
    private volatile int eventsBefore;

    private ReceiverResource(SmtpReceiver receiver, Settings settings, Runnable afterClose, boolean owned) {
        this.receiver = receiver;
        this.settings = settings;
        this.afterClose = afterClose;
        this.owned = owned;
    }

    /** Builds and starts a receiver with these settings. */
    public static ReceiverResource start(Settings settings, Runnable afterClose) {
        return new ReceiverResource(settings.newReceiver().start(), settings, afterClose, true);
    }

    /**
     * Wraps a running receiver that someone else owns (an {@code SmtpReceiverProvider}): never closed
     * here, its mailbox cleared before each test, or once now when the class keeps mail between tests.
     */
    public static ReceiverResource provided(Settings settings, SmtpReceiver receiver) {
        if (keepsMailBetweenTests(settings)) {
            receiver.mailbox().clear(); // what an earlier class sharing it received is not this class's mail
        }
        return new ReceiverResource(receiver, settings, () -> { }, false);
    }

    private static boolean keepsMailBetweenTests(Settings settings) {
        return settings.scope() == dev.smtptestkit.junit.SmtpServer.Scope.PER_CLASS && !settings.clearBetweenTests();
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
        boolean shared = settings.scope() == dev.smtptestkit.junit.SmtpServer.Scope.PER_CLASS || !owned;
        if (shared && !keepsMailBetweenTests(settings)) {
            mailbox.clear();
        }
        violationsBefore = mailbox.violations().size();
        eventsBefore = mailbox.events().size();
    }

    /**
     * The compact dialogue of every session, headed by the receiver's address; one short line when no
     * client connected (a failure that has nothing to do with mail gets no empty block).
     */
    public String dialogue() {
        if (receiver.mailbox().transcripts().isEmpty()) {
            return head() + " no SMTP session";
        }
        return head() + "\n" + indent(receiver.mailbox().dialogue(DIALOGUE_LINES));
    }

    private String head() {
        return "SMTP dialogue of the receiver on " + receiver.host() + ":" + receiver.port() + ":";
    }

    /**
     * The dialogue to attach to a failure, without the sessions the failure already shows whole (as
     * the failures of {@code Mailbox} and of the assertions do when they are short): empty when it
     * shows every session, so nothing is printed twice. A session the failure shows only the first
     * lines of, or that has grown since, is attached.
     */
    public Optional<String> dialogueFor(Throwable failure) {
        List<Transcript> all = receiver.mailbox().transcripts();
        if (all.isEmpty()) {
            return Optional.of(dialogue());
        }
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null && messages.size() < MAX_CAUSES; t = t.getCause()) {
            if (t.getMessage() != null) {
                messages.add(unindented(t.getMessage()));
            }
        }
        List<Transcript> unseen = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Transcript t : all) {
            String whole = unindented(t.render());
            if (!whole.isEmpty() && messages.stream().anyMatch(m -> m.contains(whole))) {
                seen.add(t.sessionId());
            } else {
                unseen.add(t);
            }
        }
        if (unseen.isEmpty()) {
            return Optional.empty();
        }
        if (seen.isEmpty()) {
            return Optional.of(dialogue());
        }
        return Optional.of(head() + sessions(unseen) + "\n  (" + (seen.size() == 1 ? "session " : "sessions ")
                + String.join(", ", seen) + " shown in the failure above)");
    }

    // The given sessions as Mailbox.dialogue shows them, sharing the budget of DIALOGUE_LINES lines.
    private static String sessions(List<Transcript> transcripts) {
        StringBuilder out = new StringBuilder();
        int budget = DIALOGUE_LINES;
        for (int i = 0; i < transcripts.size(); i++) {
            if (budget <= 0) {
                int rest = transcripts.size() - i;
                out.append("\n  ... ").append(rest).append(rest == 1 ? " more session" : " more sessions");
                break;
            }
            Transcript t = transcripts.get(i);
            List<String> lines = t.render().lines().toList();
            out.append("\n  session ").append(t.sessionId()).append(':');
            lines.stream().limit(budget).forEach(line -> out.append("\n    ").append(line));
            if (lines.size() > budget) {
                out.append("\n    ... ").append(lines.size() - budget).append(" more lines");
            }
            budget -= lines.size();
        }
        return out.toString();
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
     * ends (with {@code strict}), unread mail (with {@code failOnUnreadMail}), script rules that never
     * fired (with {@code failOnUnusedScriptRules}).
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
        if (settings.failOnUnusedRules()) {
            List<String> unused = receiver.script().unusedRules();
            if (!unused.isEmpty()) {
                if (out.length() > 0) {
                    out.append('\n');
                }
                out.append("Strict SMTP check (").append(settings.origin()).append(", failOnUnusedScriptRules = true): ")
                        .append(unused.size()).append(unused.size() == 1 ? " script rule" : " script rules")
                        .append(" never fired during this test:");
                unused.forEach(rule -> out.append("\n  ").append(rule));
                out.append("\nRemove the rule, or check that the client reached the step it is for.");
            }
        }
        return out.length() == 0 ? Optional.empty() : Optional.of(out.toString());
    }

    /** Closes the receiver (idempotent); one handed over by a provider is left to its owner. */
    @Override
    public void close() {
        try {
            if (owned) {
                receiver.close();
            }
        } finally {
            afterClose.run();
        }
    }

    @Override
    public String toString() {
        return "ReceiverResource{" + settings.origin() + ", " + receiver + "}";
    }
}
