package dev.smtptestkit.internal.script;

import dev.smtptestkit.internal.protocol.Outcome;
import dev.smtptestkit.internal.protocol.Script;

/** What a rule does when it fires. */
public interface Action {

    /**
     * The outcome to apply instead of the decided one.
     *
     * @param step    what the session is asked about
     * @param decided what the session decided
     * @param session the session's script state (client, sender, messages)
     * @return the scripted outcome, or null when the action does not apply here (the rule then
     *         counts as not fired and the next rule is asked)
     */
    Outcome apply(Script.Step step, Outcome decided, SessionScript session);

    /**
     * Called for every reviewed step with the outcome that is applied, whichever rule chose it;
     * for actions that count (rate limits).
     *
     * @param step    the step
     * @param applied the outcome applied
     * @param session the session's script state
     */
    default void observe(Script.Step step, Outcome applied, SessionScript session) {
    }
}
