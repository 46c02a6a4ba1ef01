package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.ProtocolViolation.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * What a per-verb unit decided, before the script has seen it: the reply, the violations it
 * detected, the after-effect, and the state change as two actions, one for when the reply stands
 * ({@link #onAccept}) and one for when it refuses, the unit's own refusal or a script's ({@link #onRefuse}).
 */
final class Decision {

    private static final Runnable NOTHING = () -> { };

    Reply reply;
    Effect effect = Effect.NONE;
    Session.Delivery delivery;
    Runnable accept = NOTHING;
    Runnable refuse = NOTHING;
    final List<ProtocolViolation> violations = new ArrayList<>(1);

    private Decision(Reply reply) {
        this.reply = reply;
    }

    static Decision reply(Reply reply) {
        return new Decision(reply);
    }

    /** No reply yet: more octets are needed (a BDAT chunk, message data). */
    static Decision pending(Effect effect) {
        return new Decision(null).effect(effect);
    }

    Decision effect(Effect next) {
        this.effect = next;
        return this;
    }

    Decision onAccept(Runnable action) {
        this.accept = action;
        return this;
    }

    Decision onRefuse(Runnable action) {
        this.refuse = action;
        return this;
    }

    Decision delivery(Session.Delivery accepted) {
        this.delivery = accepted;
        return this;
    }

    /** Names a rule the client broke, where it was detected. */
    Decision violation(SessionState s, Rule rule, String line) {
        violations.add(new ProtocolViolation(s.sessionId, rule, line));
        return this;
    }

    /**
     * A command out of order is the client's mistake, unless it was pipelined behind a refused
     * command and so could not be held back (RFC 2920 3.1): then it gets its 503, and no violation.
     */
    Decision outOfSequence(SessionState s, String line) {
        return s.followsRefusal ? this : violation(s, Rule.BAD_SEQUENCE, line);
    }

    Decision violation(SessionState s, Parameters.Refusal refusal, String line) {
        return refusal.rule() == null ? this : violation(s, refusal.rule(), line);
    }
}
