package dev.smtptestkit.internal.protocol;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.ProtocolViolation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the session decided for one step (a command line, a run of message octets, a timeout, ...):
 * the reply, the violations detected in this step, the accepted message, and the after-effect.
 * The connection applies it as it is: records, waits {@link #delay()}, writes {@link #reply()},
 * performs {@link #effect()}.
 *
 * @param reply      the reply to write, or null when there is nothing to write yet
 * @param effect     what the connection does after the reply
 * @param violations rules the client broke in this step, named where they were detected
 * @param delivery   the accepted message, or null
 * @param clientLine what the client sent in this step as it may be recorded (secrets masked,
 *                   message data as {@code <N bytes>}), or null when nothing is to be recorded
 * @param answered   the command line (masked) that {@link #reply()} answers, for the
 *                   {@code CommandReceived} event, or null when the reply answers no command
 * @param consumed   octets consumed by {@link Session#data}; 0 otherwise
 * @param scripted   whether a {@link Script} replaced the reply or the effect
 * @param delay      how long to wait before writing the reply ({@link Duration#ZERO}: at once)
 */
public record Outcome(Reply reply, Effect effect, List<ProtocolViolation> violations, Session.Delivery delivery,
                      String clientLine, String answered, int consumed, boolean scripted, Duration delay) {

    /** Checks the parts. */
    public Outcome {
        Objects.requireNonNull(effect, "effect");
        violations = List.copyOf(violations);
        Objects.requireNonNull(delay, "delay");
    }

    /** The reason the connection closes after this step, or null when it goes on. */
    public DisconnectReason close() {
        return effect instanceof Effect.Close c ? c.reason() : null;
    }

    /**
     * This outcome with the reply a script chose instead: marked scripted, without a delivery when
     * the new reply refuses (the octets were not accepted), and closing when the new reply is 421
     * (RFC 5321 3.8).
     *
     * @param replacement the scripted reply
     * @return the changed outcome
     */
    public Outcome withScriptedReply(Reply replacement) {
        Effect next = replacement.code() == 421 ? Effect.close(DisconnectReason.SCRIPTED, "connection closed after the scripted 421")
                : effect;
        Session.Delivery kept = replacement.code() < 400 ? delivery : null;
        return new Outcome(replacement, next, violations, kept, clientLine, answered, consumed, true, delay);
    }

    /**
     * This outcome with a scripted effect instead of its own (a drop, a reset, a stall).
     *
     * @param replacement the effect
     * @return the changed outcome
     */
    public Outcome withScriptedEffect(Effect replacement) {
        return new Outcome(reply, replacement, violations, delivery, clientLine, answered, consumed, true, delay);
    }

    /**
     * This outcome without its reply, ending the connection instead (a scripted drop or reset where
     * the client waits for the reply). A delivery is kept: at the end of data the octets were
     * accepted, and the email is recorded as one whose reply was never sent.
     *
     * @param close how the connection ends
     * @return the changed outcome
     */
    public Outcome withScriptedDrop(Effect.Close close) {
        return new Outcome(null, close, violations, delivery, clientLine, answered, consumed, true, delay);
    }

    /**
     * This outcome written after a scripted delay.
     *
     * @param wait how long to wait before the reply
     * @return the changed outcome
     */
    public Outcome withScriptedDelay(Duration wait) {
        return new Outcome(reply, effect, violations, delivery, clientLine, answered, consumed, true, wait);
    }

    /** Whether the reply refuses (4xx or 5xx), so the step's state change must not happen. */
    boolean refuses() {
        return reply != null && reply.code() >= 400;
    }
}
