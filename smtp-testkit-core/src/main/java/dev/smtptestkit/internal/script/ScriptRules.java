package dev.smtptestkit.internal.script;

import dev.smtptestkit.internal.protocol.Extension;
import dev.smtptestkit.internal.protocol.Script;
import dev.smtptestkit.internal.protocol.SessionConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A receiver's rules, in the order added. A change is seen by the next step of every session
 * (each change publishes a new immutable list, so a session never sees half a change, not even
 * of a whole replacement); hidden extensions apply to the sessions that start after the change.
 */
public final class ScriptRules implements ScriptSource {

    private volatile List<ScriptRule> rules = List.of();
    private volatile Set<Extension> hidden = Set.of();
    // Only in rules no session asks yet, to be taken by replaceWith: a plain list, so staging N rules
    // costs O(N) instead of the O(N^2) of publishing a new list per rule.
    private final List<ScriptRule> staged;

    /** Rules that sessions ask: each change is published at once. */
    public ScriptRules() {
        this.staged = null;
    }

    private ScriptRules(List<ScriptRule> staged) {
        this.staged = staged;
    }

    /** Rules being prepared for {@link #replaceWith}; no session asks them. */
    public static ScriptRules staging() {
        return new ScriptRules(new ArrayList<>());
    }

    /** Adds a rule after the others. */
    public synchronized void add(ScriptRule rule) {
        if (staged != null) {
            staged.add(rule);
            return;
        }
        List<ScriptRule> more = new ArrayList<>(rules);
        more.add(rule);
        rules = List.copyOf(more);
    }

    /** Removes every rule and shows every extension again. */
    public synchronized void clear() {
        rules = List.of();
        hidden = Set.of();
    }

    /** Takes the rules and hidden extensions of {@code other} in place of these, in one step. */
    public synchronized void replaceWith(ScriptRules other) {
        Taken taken = take(other);
        rules = taken.rules();
        hidden = taken.hidden();
    }

    private record Taken(List<ScriptRule> rules, Set<Extension> hidden) {
    }

    private static Taken take(ScriptRules other) {
        synchronized (other) {
            return new Taken(other.staged == null ? other.rules : List.copyOf(other.staged), other.hidden);
        }
    }

    /**
     * Adds the rules of {@code other} after these and hides its hidden extensions too, in one step:
     * a session sees all of them or none.
     */
    public synchronized void addAll(ScriptRules other) {
        Taken taken = take(other);
        List<ScriptRule> more = taken.rules();
        Set<Extension> hide = taken.hidden();
        if (staged != null) {
            staged.addAll(more);
        } else if (!more.isEmpty()) {
            List<ScriptRule> all = new ArrayList<>(rules);
            all.addAll(more);
            rules = List.copyOf(all);
        }
        if (!hide.isEmpty()) {
            hide(hide);
        }
    }

    /** Hides these extensions, besides those hidden already, from the sessions that start from now on. */
    public synchronized void hide(Set<Extension> extensions) {
        EnumSet<Extension> all = hidden.isEmpty() ? EnumSet.noneOf(Extension.class) : EnumSet.copyOf(hidden);
        all.addAll(extensions);
        hidden = Set.copyOf(all);
    }

    /** The rules, in order. */
    public List<ScriptRule> rules() {
        return rules;
    }

    /** The rules that never fired, in order. */
    public List<ScriptRule> unused() {
        return rules.stream().filter(r -> !r.used()).toList();
    }

    List<ScriptRule> snapshot() {
        return rules;
    }

    @Override
    public Script open(String sessionId, InetSocketAddress client) {
        return new SessionScript(this, client);
    }

    @Override
    public SessionConfig configure(SessionConfig base) {
        Set<Extension> hide = hidden;
        if (hide.isEmpty()) {
            return base;
        }
        EnumSet<Extension> offered = base.extensions().isEmpty() ? EnumSet.noneOf(Extension.class)
                : EnumSet.copyOf(base.extensions());
        offered.removeAll(hide);
        return base.withExtensions(offered);
    }
}
