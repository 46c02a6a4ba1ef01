package dev.smtptestkit.internal.script;

import dev.smtptestkit.internal.protocol.Script;
import dev.smtptestkit.internal.protocol.SessionConfig;
import java.net.InetSocketAddress;

/** Where the server gets each new session's script and the session's settings from. */
public interface ScriptSource {

    /** No script: every session as configured. */
    ScriptSource NONE = new ScriptSource() {
        @Override
        public Script open(String sessionId, InetSocketAddress client) {
            return Script.NONE;
        }

        @Override
        public SessionConfig configure(SessionConfig base) {
            return base;
        }
    };

    /**
     * The script of a new session; called on the acceptor, so it must not block.
     *
     * @param sessionId the session's id
     * @param client    the client's address
     * @return the script the session asks about every outcome
     */
    Script open(String sessionId, InetSocketAddress client);

    /**
     * The settings of a new session (a script may hide extensions).
     *
     * @param base the receiver's settings
     * @return the settings for the session
     */
    SessionConfig configure(SessionConfig base);
}
