package dev.smtptestkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a {@link Mailbox} holds, under one lock (this object's monitor): emails, events, one record
 * per session, violations, and which emails were handed out. It is bounded: a session records at
 * most {@code maxRecordedLines} transcript lines, CommandReceived events and violations (the lines
 * beyond are counted); with a retention limit, the oldest emails are dropped, and with them the
 * records of ended sessions that began no later and hold no retained email.
 *
 * <p>Emails and events carry a sequence number that {@link #clear()} does not reset, so that a
 * waiter can ask for "what came after what I have seen" while items are dropped from the front.
 * Every method takes the lock for a bounded, short time; nothing here runs user code.
 */
final class Recordings {

    /** One item with the sequence number it was recorded under. */
    record Numbered<T>(long seq, T item) {
    }

    /** What one session recorded. */
    private static final class SessionRecord {
        final List<Transcript.Line> lines = new ArrayList<>();
        long linesNotRecorded;
        int commandEvents;
        int violations;
        int retainedEmails;
        boolean ended;
    }

    private final int maxRecordedLines;
    private final int maxRetainedEmails;

    private final List<Numbered<ReceivedEmail>> emails = new ArrayList<>();
    private final List<Numbered<SmtpEvent>> events = new ArrayList<>();
    private final Map<String, SessionRecord> sessions = new LinkedHashMap<>();
    private final List<ProtocolViolation> violations = new ArrayList<>();
    // Emails a query has handed to the caller; what is left is "unread".
    private final Set<ReceivedEmail> read = Collections.newSetFromMap(new IdentityHashMap<>());
    private long emailSeq;
    private long eventSeq;
    private long droppedEmails;
    // Threads in awaitChange: without one, a recording skips notifyAll (a native call per event).
    private int waiters;

    Recordings(int maxRecordedLines, int maxRetainedEmails) {
        this.maxRecordedLines = maxRecordedLines;
        this.maxRetainedEmails = maxRetainedEmails;
    }

    // The session recorded to last: its lines and events come in runs, so most look-ups are this one.
    private String lastId;
    private SessionRecord lastRecord;

    private SessionRecord session(String id) {
        if (id.equals(lastId)) {
            return lastRecord;
        }
        SessionRecord record = sessions.computeIfAbsent(id, k -> new SessionRecord());
        lastId = id;
        lastRecord = record;
        return record;
    }

    // Whenever a session record may have gone: the next look-up goes to the map.
    private void forgetLast() {
        lastId = null;
        lastRecord = null;
    }

    // ---- recording ----

    synchronized void line(String sessionId, Transcript.Line line) {
        add(session(sessionId), line);
    }

    /**
     * Lines of one session's transcript, then that session's event (null: none): what one reply
     * records, under one lock and one look-up of the session.
     */
    synchronized void lines(String sessionId, Transcript.Line[] lines, SmtpEvent event) {
        SessionRecord s = session(sessionId);
        for (Transcript.Line line : lines) {
            add(s, line);
        }
        if (event != null) {
            event(event);
        }
    }

    private void add(SessionRecord s, Transcript.Line line) {
        if (s.lines.size() < maxRecordedLines) {
            s.lines.add(line);
        } else {
            s.linesNotRecorded++; // counted, never kept: a NOOP flood cannot grow the heap
        }
    }

    synchronized void event(SmtpEvent event) {
        String sessionId = event.session().orElse(null);
        if (sessionId != null) {
            SessionRecord s = session(sessionId);
            if (event instanceof SmtpEvent.CommandReceived && s.commandEvents++ >= maxRecordedLines) {
                return; // the transcript counts the lines beyond the cap
            }
            if (event instanceof SmtpEvent.ClientDisconnected) {
                s.ended = true;
            }
        }
        events.add(new Numbered<>(eventSeq++, event));
        changed();
    }

    synchronized void violation(ProtocolViolation violation) {
        if (session(violation.sessionId()).violations++ < maxRecordedLines) {
            violations.add(violation);
        }
    }

    synchronized void email(ReceivedEmail email) {
        emails.add(new Numbered<>(emailSeq++, email));
        session(email.envelope().sessionId()).retainedEmails++;
        while (emails.size() > maxRetainedEmails) {
            dropOldestEmail();
        }
        changed();
    }

    private void dropOldestEmail() {
        ReceivedEmail dropped = emails.remove(0).item();
        read.remove(dropped);
        droppedEmails++;
        String owner = dropped.envelope().sessionId();
        SessionRecord record = sessions.get(owner);
        if (record != null) {
            record.retainedEmails--;
        }
        // The records of ended sessions up to the dropped email's own go once they hold no email.
        Set<String> gone = new HashSet<>();
        for (Iterator<Map.Entry<String, SessionRecord>> it = sessions.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, SessionRecord> e = it.next();
            if (e.getValue().ended && e.getValue().retainedEmails <= 0) {
                gone.add(e.getKey());
                it.remove();
                forgetLast();
            }
            if (e.getKey().equals(owner)) {
                break;
            }
        }
        if (!gone.isEmpty()) {
            events.removeIf(n -> n.item().session().map(gone::contains).orElse(false));
            violations.removeIf(v -> gone.contains(v.sessionId()));
        }
    }

    synchronized void clear() {
        emails.clear();
        events.clear();
        sessions.clear();
        forgetLast();
        violations.clear();
        read.clear();
        droppedEmails = 0;
    }

    // ---- queries: snapshots ----

    synchronized List<ReceivedEmail> emails() {
        return emails.stream().map(Numbered::item).toList();
    }

    synchronized int emailCount() {
        return emails.size();
    }

    synchronized List<ReceivedEmail> unread() {
        return emails.stream().map(Numbered::item).filter(e -> !read.contains(e)).toList();
    }

    synchronized void markRead(List<ReceivedEmail> given) {
        read.addAll(given);
    }

    synchronized List<SmtpEvent> events() {
        return events.stream().map(Numbered::item).toList();
    }

    synchronized List<Transcript> transcripts() {
        List<Transcript> out = new ArrayList<>(sessions.size());
        sessions.forEach((id, s) -> {
            if (!s.lines.isEmpty() || s.linesNotRecorded > 0) {
                out.add(new Transcript(id, s.lines, s.linesNotRecorded));
            }
        });
        return List.copyOf(out);
    }

    synchronized Transcript transcript(String sessionId) {
        SessionRecord s = sessions.get(sessionId);
        return s == null || (s.lines.isEmpty() && s.linesNotRecorded == 0) ? null
                : new Transcript(sessionId, s.lines, s.linesNotRecorded);
    }

    synchronized List<ProtocolViolation> violations() {
        return List.copyOf(violations);
    }

    synchronized long droppedEmails() {
        return droppedEmails;
    }

    synchronized String summary() {
        return emails.size() + " emails, " + sessions.size() + " sessions, " + events.size() + " events"
                + (droppedEmails > 0 ? ", " + droppedEmails + " emails dropped" : "");
    }

    // ---- waiting: the caller holds this monitor only to wait, never while it tests a predicate ----

    /** The sequence number the next email will get. */
    synchronized long nextEmailSeq() {
        return emailSeq;
    }

    /** The sequence number the next event will get. */
    synchronized long nextEventSeq() {
        return eventSeq;
    }

    /** The retained emails numbered {@code from} or later, in order. */
    synchronized List<ReceivedEmail> emailsFrom(long from) {
        return itemsFrom(emails, from);
    }

    /** The retained events numbered {@code from} or later, in order. */
    synchronized List<SmtpEvent> eventsFrom(long from) {
        return itemsFrom(events, from);
    }

    private static <T> List<T> itemsFrom(List<Numbered<T>> list, long from) {
        // Sorted by seq: find the first at or after 'from' by binary search.
        int lo = 0;
        int hi = list.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (list.get(mid).seq() < from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return list.subList(lo, list.size()).stream().map(Numbered::item).toList();
    }

    /**
     * Waits, holding this monitor only while waiting, until {@code changed} holds or the deadline
     * passes.
     *
     * @return false when the deadline passed first
     * @throws IllegalStateException when interrupted (the interrupt status is kept)
     */
    synchronized boolean awaitChange(Predicate<Recordings> changed, long deadlineNanos) {
        while (!changed.test(this)) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            waiters++;
            try {
                wait(Math.max(1, remaining / 1_000_000));
            } catch (InterruptedException e) {
                // Not a timeout: a negative wait ("no email within ...") must not pass because of it.
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting on the mailbox", e);
            } finally {
                waiters--;
            }
        }
        return true;
    }

    // Under the monitor: wakes the threads in awaitChange, if any.
    private void changed() {
        if (waiters > 0) {
            notifyAll();
        }
    }

    // For the conditions of awaitChange, which run holding the monitor already.

    int heldEmailCount() {
        return emails.size();
    }

    long heldEmailSeq() {
        return emailSeq;
    }

    long heldEventSeq() {
        return eventSeq;
    }
}
