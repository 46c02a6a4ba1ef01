package dev.smtptestkit.internal.script;

import dev.smtptestkit.internal.protocol.Outcome;
import dev.smtptestkit.internal.protocol.Script;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

/**
 * One rule: where it applies (a predicate on the step and the decided outcome), how often (the first N
 * times, the Nth time, always; counted per receiver or per session) and what it does.
 * Immutable but for its counters, which are atomic: many sessions ask one rule at once.
 */
public final class ScriptRule {

    private final BiPredicate<Script.Step, Outcome> match;
    private final int times;
    private final int nth;
    private final boolean perSession;
    private final Action action;
    private final String description;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong fired = new AtomicLong();

    /**
     * A rule.
     *
     * @param match       which steps it applies to, given the step and what the session decided
     * @param times       fire for the first {@code times} matches only; 0 for no such limit
     * @param nth         fire for the {@code nth} match only; 0 for none
     * @param perSession  count matches in each session apart instead of across the receiver
     * @param action      what it does
     * @param description how the rule was written, for {@code unusedRules()}
     */
    public ScriptRule(BiPredicate<Script.Step, Outcome> match, int times, int nth, boolean perSession,
                      Action action, String description) {
        this.match = Objects.requireNonNull(match, "match");
        this.times = times;
        this.nth = nth;
        this.perSession = perSession;
        this.action = Objects.requireNonNull(action, "action");
        this.description = Objects.requireNonNull(description, "description");
    }

    boolean matches(Script.Step step, Outcome decided) {
        return match.test(step, decided);
    }

    boolean perSession() {
        return perSession;
    }

    /** The receiver-wide count of one more match. */
    long hit() {
        return hits.incrementAndGet();
    }

    /** Whether the rule fires on the match with this count (1 for the first). */
    boolean firesOn(long count) {
        if (nth > 0) {
            return count == nth;
        }
        return times == 0 || count <= times;
    }

    void fired() {
        fired.incrementAndGet();
    }

    Action action() {
        return action;
    }

    /** Whether the rule has fired at least once. */
    public boolean used() {
        return fired.get() > 0;
    }

    /** How many times the rule has fired. */
    public long firedCount() {
        return fired.get();
    }

    /** How the rule was written, for example {@code onRcpt("bob@example.com").reply(550, "5.1.1", "No such user")}. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
