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

    /**
     * A session's record as its connection holds it ({@link MailboxRecorder#open}), so what the
     * session records needs no look-up by id (with many sessions at a time, the look-up in a map
     * of every session was the largest part of recording a reply). Used under this object's
     * monitor only.
     */
    static final class Handle {
        private final String id;
        private SessionRecord record; // null, or dropped by clear(): looked up (made) again

        Handle(String id) {
            this.id = id;
        }
    }

    /** What one session recorded. */
    private static final class SessionRecord {
        final List<Transcript.Line> lines = new ArrayList<>();
        boolean dropped; // no longer in the map: a handle that holds it looks it up again
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

    private SessionRecord session(Handle handle) {
        SessionRecord record = handle.record;
        if (record == null || record.dropped) {
            record = sessions.computeIfAbsent(handle.id, k -> new SessionRecord());
            handle.record = record;
        }
        return record;
    }

    // ---- recording ----

    synchronized void line(Handle session, Transcript.Line line) {
        add(session(session), line);
    }

    /**
     * Lines of one session's transcript, then that session's event (null: none): what one reply
     * records, under one lock.
     */
    synchronized void lines(Handle session, Transcript.Line[] lines, SmtpEvent event) {
        SessionRecord s = session(session);
        for (Transcript.Line line : lines) {
            add(s, line);
        }
        if (event != null) {
            record(s, event);
        }
    }

    private void add(SessionRecord s, Transcript.Line line) {
        if (s.lines.size() < maxRecordedLines) {
            s.lines.add(line);
        } else {
            s.linesNotRecorded++; // counted, never kept: a NOOP flood cannot grow the heap
        }
    }

    /** An event of the receiver's own (ServerStarted, ServerStopped): of no session. */
    synchronized void event(SmtpEvent event) {
        record(null, event);
    }

    /** An event of the session {@code session}, whose id the event carries. */
    synchronized void event(Handle session, SmtpEvent event) {
        record(session(session), event);
    }

    // s: the record of the event's session, null for an event of no session
    private void record(SessionRecord s, SmtpEvent event) {
        if (s != null) {
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

    synchronized void violation(Handle session, ProtocolViolation violation) {
        if (session(session).violations++ < maxRecordedLines) {
            violations.add(violation);
        }
    }

    /** An accepted email of the session {@code session}, then its EmailReceived, under one lock. */
    synchronized void email(Handle session, ReceivedEmail email, SmtpEvent received) {
        emails.add(new Numbered<>(emailSeq++, email));
        SessionRecord s = session(session);
        s.retainedEmails++;
        while (emails.size() > maxRetainedEmails) {
            dropOldestEmail(); // drops ended sessions' records only: this one's stays
        }
        record(s, received); // wakes the waiters, for both
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
                e.getValue().dropped = true;
                it.remove();
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
        sessions.values().forEach(s -> s.dropped = true);
        sessions.clear();
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
