package dev.smtptestkit.internal.script;

import dev.smtptestkit.internal.protocol.Command;
import dev.smtptestkit.internal.protocol.Effect;
import dev.smtptestkit.internal.protocol.Outcome;
import dev.smtptestkit.internal.protocol.Script;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The script of one session: asks the receiver's rules in order, the first that fires chooses the
 * outcome. It runs on the session's own thread only, so its own state needs no lock; what rules
 * share across sessions is atomic in the rules.
 */
public final class SessionScript implements Script {

    private final ScriptRules rules;
    private final InetSocketAddress client;
    // per-session match counts of the rules counted per session
    private final Map<ScriptRule, Long> hits = new HashMap<>();
    private String sender;
    private int messages;

    SessionScript(ScriptRules rules, InetSocketAddress client) {
        this.rules = rules;
        this.client = client;
    }

    /** The client's IP address as text, "" when unknown. */
    public String clientAddress() {
        return client == null || client.getAddress() == null ? "" : client.getAddress().getHostAddress();
    }

    /** The sender of the current transaction (the last accepted MAIL FROM), or null before one. */
    public String sender() {
        return sender;
    }

    /** How many messages this session has had accepted. */
    public int messages() {
        return messages;
    }

    @Override
    public Outcome review(Step step, Outcome decided) {
        Outcome applied = decided;
        for (ScriptRule rule : rules.snapshot()) {
            Outcome scripted;
            try {
                scripted = fire(rule, step, decided);
            } catch (RuntimeException e) {
                // a test's predicate that throws is a broken test: the session ends saying which rule
                rule.fired();
                scripted = decided.withScriptedDrop(Effect.scripted("connection closed: script rule "
                        + rule.description() + " threw " + e, false));
            }
            if (scripted != null) {
                applied = scripted;
                break;
            }
        }
        track(step, applied);
        for (ScriptRule rule : rules.snapshot()) {
            rule.action().observe(step, applied, this);
        }
        return applied;
    }

    private Outcome fire(ScriptRule rule, Step step, Outcome decided) {
        if (!rule.matches(step, decided)) {
            return null;
        }
        long count = rule.perSession() ? hits.merge(rule, 1L, Long::sum) : rule.hit();
        if (!rule.firesOn(count)) {
            return null;
        }
        Outcome scripted = rule.action().apply(step, decided, this);
        if (scripted != null) {
            rule.fired();
        }
        return scripted;
    }

    private void track(Step step, Outcome applied) {
        boolean accepted = applied.reply() != null ? applied.reply().code() < 400 : applied.delivery() != null;
        if (step.point() == Point.COMMAND && step.command() instanceof Command.Mail mail && accepted) {
            sender = mail.path().mailbox();
        }
        if (step.point() == Point.END_OF_DATA && applied.delivery() != null) {
            messages++;
        }
    }
}
