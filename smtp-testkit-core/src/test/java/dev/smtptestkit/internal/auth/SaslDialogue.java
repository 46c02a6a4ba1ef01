package dev.smtptestkit.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Drives an {@link AuthExchange} like an RFC 4954 transcript: the AUTH command or a client line,
 * then the exact reply expected. Failures print the exchange so far.
 *
 * <pre>{@code
 * SaslDialogue.over(exchange).auth("LOGIN").expect("334 VXNlcm5hbWU6").send(b64("alice")).expect("334 UGFzc3dvcmQ6");
 * }</pre>
 */
final class SaslDialogue {

    private final AuthExchange exchange;
    private final List<String> transcript = new ArrayList<>();
    private boolean tls;
    private AuthStep last;

    private SaslDialogue(AuthExchange exchange) {
        this.exchange = exchange;
    }

    static SaslDialogue over(AuthExchange exchange) {
        return new SaslDialogue(exchange);
    }

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] octets) {
        return Base64.getEncoder().encodeToString(octets);
    }

    SaslDialogue overTls() {
        tls = true;
        return this;
    }

    /** {@code AUTH mechanism} without an initial response. */
    SaslDialogue auth(String mechanism) {
        transcript.add("C: AUTH " + mechanism);
        last = exchange.start(mechanism, Optional.empty(), tls);
        return this;
    }

    /** {@code AUTH mechanism initialResponse}. */
    SaslDialogue auth(String mechanism, String initialResponse) {
        transcript.add("C: AUTH " + mechanism + " " + initialResponse);
        last = exchange.start(mechanism, Optional.of(initialResponse), tls);
        return this;
    }

    /** A client line inside the exchange. */
    SaslDialogue send(String line) {
        transcript.add("C: " + line);
        last = exchange.next(line);
        return this;
    }

    /** The reply to the last line, as sent without CRLF, for example {@code "334 VXNlcm5hbWU6"}. */
    SaslDialogue expect(String wire) {
        String got = String.join("\r\n", last.reply().wireLines());
        transcript.add("S: " + got);
        assertThat(got).as("reply in%n%s", String.join("\n", transcript)).isEqualTo(wire);
        assertThat(exchange.inProgress()).as("exchange open after %s", got).isEqualTo(!last.ends());
        return this;
    }

    /** The last step, for checks beyond its reply. */
    AuthStep step() {
        return last;
    }
}
