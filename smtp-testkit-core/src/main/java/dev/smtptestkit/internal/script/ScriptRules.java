package dev.smtptestkit.internal.script;

import dev.smtptestkit.internal.protocol.Extension;
import dev.smtptestkit.internal.protocol.Script;
import dev.smtptestkit.internal.protocol.SessionConfig;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A receiver's rules, in the order added. A change is seen by the next step of every session
 * (the list is copied on write, so a session never sees half a change); hidden extensions apply
 * to the sessions that start after the change.
 */
public final class ScriptRules implements ScriptSource {

    private final List<ScriptRule> rules = new CopyOnWriteArrayList<>();
    private volatile Set<Extension> hidden = Set.of();

    /** Adds a rule after the others. */
    public void add(ScriptRule rule) {
        rules.add(rule);
    }

    /** Removes every rule and shows every extension again. */
    public void clear() {
        rules.clear();
        hidden = Set.of();
    }

    /** Hides these extensions, besides those hidden already, from the sessions that start from now on. */
    public synchronized void hide(Set<Extension> extensions) {
        EnumSet<Extension> all = hidden.isEmpty() ? EnumSet.noneOf(Extension.class) : EnumSet.copyOf(hidden);
        all.addAll(extensions);
        hidden = Set.copyOf(all);
    }

    /** The rules, in order. */
    public List<ScriptRule> rules() {
        return List.copyOf(rules);
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
