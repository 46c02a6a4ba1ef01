package dev.smtptestkit.internal.script;

import dev.smtptestkit.internal.protocol.Command;
import dev.smtptestkit.internal.protocol.Effect;
import dev.smtptestkit.internal.protocol.Outcome;
import dev.smtptestkit.internal.protocol.Replies;
import dev.smtptestkit.internal.protocol.Reply;
import dev.smtptestkit.internal.protocol.Script;
import dev.smtptestkit.internal.protocol.Script.Point;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The actions a rule can take, and the ready-made behaviours built on them. */
public final class Actions {

    // Greylisting remembers at most this many triplets; beyond, it starts afresh (bounded memory).
    private static final int MAX_TRIPLETS = 100_000;

    private Actions() {
    }

    /** Replies with {@code reply} instead (a 421 closes the connection, RFC 5321 3.8). */
    public static Action reply(Reply reply) {
        return (step, decided, session) -> decided.withScriptedReply(reply);
    }

    /** Writes the decided reply after {@code wait}. */
    public static Action delay(Duration wait) {
        return (step, decided, session) -> decided.withScriptedDelay(wait);
    }

    /** Ends the connection where the client waits for the reply: FIN, or RST when {@code reset}. */
    public static Action drop(boolean reset) {
        return (step, decided, session) -> decided.withScriptedDrop(
                Effect.scripted((reset ? "connection reset " : "connection closed ") + where(step, decided), reset));
    }

    /** Writes the decided reply, then ends the connection: FIN, or RST when {@code reset}. */
    public static Action dropAfterReply(boolean reset) {
        return (step, decided, session) -> decided.withScriptedEffect(Effect.scripted(
                (reset ? "connection reset after the reply to " : "connection closed after the reply to ")
                        + what(step, decided), reset));
    }

    /** Sends nothing more; the client's own timeout ends the session. */
    public static Action stall() {
        return (step, decided, session) -> new Outcome(null, new Effect.Stall(), decided.violations(),
                decided.delivery(), decided.clientLine(), decided.answered(), decided.consumed(), true,
                decided.delay());
    }

    /** After DATA or BDAT: ends the connection once {@code octets} octets of the data have arrived. */
    public static Action cutData(long octets, boolean reset) {
        return (step, decided, session) -> {
            if (!(decided.effect() instanceof Effect.ReadData || decided.effect() instanceof Effect.ReadChunk)) {
                return null; // the command was refused: no data follows, nothing to cut
            }
            String what = decided.effect() instanceof Effect.ReadChunk ? "BDAT chunks" : "DATA";
            Effect.Close close = Effect.scripted((reset ? "connection reset after " : "connection closed after ")
                    + octets + " octets of " + what, reset);
            return decided.withScriptedEffect(new Effect.CutData(decided.effect(), octets, close));
        };
    }

    /** From this step on, reads and writes at most {@code octetsPerSecond} a second. */
    public static Action throttle(long octetsPerSecond) {
        return (step, decided, session) -> decided.withScriptedEffect(
                new Effect.Throttle(octetsPerSecond, decided.effect()));
    }

    /**
     * Greylisting (RFC 6647 2.1): a RCPT whose triplet of client address, sender and recipient is
     * new gets 451 4.7.1; the same triplet is accepted once {@code retryAfter} has passed since it
     * was first seen.
     */
    public static Action greylisting(Duration retryAfter) {
        Map<String, Long> firstSeen = new ConcurrentHashMap<>();
        long wait = retryAfter.toNanos();
        return (step, decided, session) -> {
            if (!(step.command() instanceof Command.Rcpt rcpt) || decided.reply() == null
                    || decided.reply().code() >= 400) {
                return null; // only a RCPT the receiver would accept is greylisted
            }
            String triplet = session.clientAddress() + "|" + session.sender() + "|"
                    + rcpt.path().mailbox().toLowerCase(Locale.ROOT);
            long now = System.nanoTime();
            if (firstSeen.size() >= MAX_TRIPLETS) {
                firstSeen.clear();
            }
            long first = firstSeen.computeIfAbsent(triplet, t -> now);
            long left = first + wait - now;
            if (first != now && left <= 0) {
                return null; // a retry after the delay passes
            }
            long seconds = (Math.max(0, left) + 999_999_999L) / 1_000_000_000L;
            return decided.withScriptedReply(Replies.greylisted(seconds));
        };
    }

    /**
     * A rate limit: MAIL gets 421 4.7.0 once {@code messages} messages were accepted in this
     * session, or through the whole receiver when {@code perReceiver}.
     */
    public static Action rateLimit(int messages, boolean perReceiver) {
        AtomicInteger accepted = new AtomicInteger();
        return new Action() {
            @Override
            public Outcome apply(Script.Step step, Outcome decided, SessionScript session) {
                int count = perReceiver ? accepted.get() : session.messages();
                if (!(step.command() instanceof Command.Mail) || count < messages) {
                    return null;
                }
                return decided.withScriptedReply(Replies.rateLimited(messages, perReceiver ? "receiver" : "session"));
            }

            @Override
            public void observe(Script.Step step, Outcome applied, SessionScript session) {
                if (step.point() == Point.END_OF_DATA && applied.delivery() != null) {
                    accepted.incrementAndGet();
                }
            }
        };
    }

    /** The first attempts (MAIL commands) get 421 4.3.2; count them with the rule's times. */
    public static Action tryAgainLater() {
        return reply(Replies.tryAgainLater());
    }

    /**
     * Seeded chaos: each command but QUIT gets 421 4.3.0 with probability {@code probability}; the
     * reply names the seed and the step, so a run can be replayed with the same seed.
     */
    public static Action random(long seed, double probability) {
        Random random = new Random(seed);
        AtomicInteger steps = new AtomicInteger();
        return (step, decided, session) -> {
            if (step.command() instanceof Command.Quit) {
                return null;
            }
            boolean fault;
            int n;
            synchronized (random) {
                n = steps.incrementAndGet();
                fault = random.nextDouble() < probability;
            }
            return fault ? decided.withScriptedReply(Replies.randomFault(seed, n)) : null;
        };
    }

    private static String where(Script.Step step, Outcome decided) {
        switch (step.point()) {
            case GREETING:
                return "before the greeting";
            case END_OF_DATA:
                return decided.answered() != null ? "after the last BDAT chunk, before the reply"
                        : "after the final dot, before the reply";
            case END_OF_CHUNK:
                return "after a BDAT chunk, before the reply";
            case TLS_HANDSHAKE:
                return "after the TLS handshake";
            default:
                return "instead of the reply to " + what(step, decided);
        }
    }

    private static String what(Script.Step step, Outcome decided) {
        if (step.point() == Point.GREETING) {
            return "the greeting";
        }
        if (decided.answered() != null && step.command() == null) {
            return decided.answered(); // a BDAT line, answered after its chunk
        }
        if (step.point() == Point.END_OF_DATA) {
            return "the final dot";
        }
        return step.command() != null ? step.command().verb() : String.valueOf(step.line());
    }
}
