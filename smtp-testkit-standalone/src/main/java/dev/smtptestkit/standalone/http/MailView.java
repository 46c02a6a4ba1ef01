package dev.smtptestkit.standalone.http;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The mailbox as the HTTP API shows it: newest first, without the emails deleted through the API.
 * {@link Mailbox} has no removal of one email, so deleting one hides it here (the mailbox keeps
 * it); clearing all clears the mailbox itself.
 */
final class MailView {

    private final Mailbox mailbox;
    private final EventFeed feed;
    private final Set<String> hidden = ConcurrentHashMap.newKeySet();

    MailView(Mailbox mailbox, EventFeed feed) {
        this.mailbox = mailbox;
        this.feed = feed;
    }

    Mailbox mailbox() {
        return mailbox;
    }

    /** The visible emails matching {@code filter}, newest first. */
    List<ReceivedEmail> emails(Filter filter) {
        List<ReceivedEmail> out = new ArrayList<>();
        for (ReceivedEmail e : mailbox.emails()) {
            if (!hidden.contains(e.id()) && filter.test(e)) {
                out.add(e);
            }
        }
        Collections.reverse(out);
        return out;
    }

    Optional<ReceivedEmail> email(String id) {
        if (hidden.contains(id)) {
            return Optional.empty();
        }
        return mailbox.emails().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** Hides one email; false when there is no visible email with that id. */
    boolean delete(String id) {
        return email(id).isPresent() && hidden.add(id);
    }

    /** Empties the mailbox (emails, events, transcripts, violations); returns how many emails were visible. */
    int clear() {
        int visible = emails(Filter.ANY).size();
        mailbox.clear();
        hidden.clear();
        return visible;
    }

    /** The newest visible email matching {@code filter}, waiting up to {@code millis} for one to arrive. */
    Optional<ReceivedEmail> await(Filter filter, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            long seen = feed.last(); // read before looking, so an email arriving in between wakes us
            List<ReceivedEmail> found = emails(filter);
            if (!found.isEmpty()) {
                return Optional.of(found.get(0));
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0 || !feed.awaitAfter(seen, left)) {
                return Optional.empty();
            }
        }
    }

    /**
     * A filter on recipient, sender and subject: each a case-insensitive substring, "" for any.
     * Recipient matches the envelope recipients and the To and Cc headers; sender the reverse path
     * and the From header.
     */
    record Filter(String to, String from, String subject) {

        static final Filter ANY = new Filter("", "", "");

        Filter {
            to = to.toLowerCase(Locale.ROOT);
            from = from.toLowerCase(Locale.ROOT);
            subject = subject.toLowerCase(Locale.ROOT);
        }

        boolean test(ReceivedEmail e) {
            return (to.isEmpty() || contains(e.envelope().recipients(), to) || contains(safe(e::to), to)
                    || contains(safe(e::cc), to))
                    && (from.isEmpty() || e.envelope().sender().toLowerCase(Locale.ROOT).contains(from)
                    || contains(safe(e::from), from))
                    && (subject.isEmpty() || EmailJson.subject(e).toLowerCase(Locale.ROOT).contains(subject));
        }

        /** "" for any email, else " matching to=..., subject=...". */
        String describe() {
            List<String> parts = new ArrayList<>();
            if (!to.isEmpty()) {
                parts.add("to=" + to);
            }
            if (!from.isEmpty()) {
                parts.add("from=" + from);
            }
            if (!subject.isEmpty()) {
                parts.add("subject=" + subject);
            }
            return parts.isEmpty() ? "" : " matching " + String.join(", ", parts);
        }

        private static boolean contains(List<String> addresses, String part) {
            return addresses.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).contains(part));
        }

        private static List<String> safe(Supplier<List<String>> addresses) {
            try {
                return addresses.get();
            } catch (RuntimeException unparseable) {
                return List.of();
            }
        }
    }
}
