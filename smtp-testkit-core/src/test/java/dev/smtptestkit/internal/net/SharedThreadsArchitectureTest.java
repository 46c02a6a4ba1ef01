package dev.smtptestkit.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.testing.JavaSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md: the JVM-wide threads run no user code. Neither the shared acceptor nor the timeout
 * watchdog may reach the recorder, the listeners or the mailbox (whose lock a test's predicate may
 * hold); the methods of {@link Server} and {@link Connection} they call may not either. A refusal is
 * only started from there, as a task for the receiver's own thread.
 */
class SharedThreadsArchitectureTest {

    private static final Pattern USER_CODE = Pattern.compile(
            "\\b(Recorder|SmtpListener|Mailbox|SmtpEvent|SmtpReceiver|recorder|dispatch|onEvent)\\b|\\.\\s*(event|transcript|violation)\\s*\\(");
    private static final String NET = "dev/smtptestkit/internal/net/";

    @Test
    void sharedThreadsReferNoRecorderListenerOrMailbox() throws IOException {
        List<String> found = new ArrayList<>();
        for (String name : List.of("SharedAcceptor", "TimeoutWatchdog", "Backoff", "SessionThreads")) {
            found.addAll(userCode(name, JavaSource.code(JavaSource.read(NET + name + ".java"))));
        }
        assertThat(found).isEmpty();
    }

    @Test
    void whatTheSharedThreadsCallOnServersAndConnectionsRecordsNothing() throws IOException {
        String server = JavaSource.code(JavaSource.read(NET + "Server.java"));
        String connection = JavaSource.code(JavaSource.read(NET + "Connection.java"));
        List<String> found = new ArrayList<>();
        // Server.accepted hands the recorder to a new Connection, which runs on the session thread:
        // passing it on is allowed, calling it is not.
        String accepted = JavaSource.methodBody(server, "accepted");
        found.addAll(userCode("Server.accepted", accepted.replaceAll("\\brecorder\\s*,", "")));
        for (String method : List.of("enforceTimeouts", "watchPeriodMillis", "channels", "answerWithoutThread")) {
            found.addAll(userCode("Server." + method, JavaSource.methodBody(server, method)));
        }
        for (String method : List.of("closeIfWriteBlocked", "endReadIfOverdue", "forceClose")) {
            found.addAll(userCode("Connection." + method, JavaSource.methodBody(connection, method)));
        }
        assertThat(found).isEmpty();
        // a refused client is a Connection like any other, run on a thread of the receiver's own
        // (SessionThreads: a waiting one on Java 17-20, reserved and woken first, else a new one of
        // its factory)
        assertThat(accepted).contains("sessionThreads.run(early, connection,").doesNotContain("refuse(");
    }

    @Test
    void findsUserCodeInASample() {
        String code = JavaSource.code("""
                class Example {
                    void a() { recorder.event(e); }   // a call
                    void b() { listener.onEvent(e); } // "dispatch" in a comment is no call
                    void c() { mailbox.record(x); Mailbox m; }
                }
                """);
        assertThat(userCode("Example", code)).containsExactly(
                "Example:2: recorder", "Example:3: onEvent", "Example:4: Mailbox");
        assertThat(JavaSource.methodBody(code, "b")).isEqualTo("{ listener.onEvent(e); }");
    }

    private static List<String> userCode(String where, String code) {
        List<String> found = new ArrayList<>();
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = USER_CODE.matcher(lines[i]);
            if (m.find()) {
                found.add(where + ":" + (i + 1) + ": " + m.group().strip());
            }
        }
        return found;
    }
}
