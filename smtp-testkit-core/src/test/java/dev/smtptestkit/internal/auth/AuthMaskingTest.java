package dev.smtptestkit.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** No AUTH secret is recorded: every shape of AUTH command and exchange line, masked. */
class AuthMaskingTest {

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm", "AUTH PLAIN ****"),
                Arguments.of("auth plain AHRpbQB0YW5zdGFhZnRhbnN0YWFm", "auth plain ****"),
                Arguments.of("AUTH LOGIN YWxpY2U=", "AUTH LOGIN ****"),
                Arguments.of("AUTH XOAUTH2 dXNlcj1hAWF1dGg9QmVhcmVyIHQBAQ==", "AUTH XOAUTH2 ****"),
                Arguments.of("AUTH CRAM-MD5", "AUTH CRAM-MD5"),
                Arguments.of("AUTH PLAIN", "AUTH PLAIN"),
                Arguments.of("AUTH PLAIN =", "AUTH PLAIN ="),               // an empty response hides nothing
                Arguments.of("AUTH PLAIN ", "AUTH PLAIN "),
                Arguments.of("AUTH PLAIN secret with spaces", "AUTH PLAIN ****"),
                Arguments.of("AUTH PLAIN  AHRpbQ==", "AUTH PLAIN ****"),
                Arguments.of("AUTH SOME_MECH-2 x", "AUTH SOME_MECH-2 ****"),
                Arguments.of("auth cram-md5", "auth cram-md5"),
                Arguments.of("AUTH GSSAPI", "AUTH GSSAPI"),                 // unknown, but a SASL name
                Arguments.of("AUTH SCRAM-SHA-256 biwsbj11c2Vy", "AUTH SCRAM-SHA-256 ****"),
                Arguments.of("AUTH dGltOnRhbnN0YWFm", "AUTH ****"),         // mixed case: no SASL name, may be a secret
                Arguments.of("auth gssapi", "auth ****"),
                Arguments.of("AUTH dGltOnRhbnN0YWFm==", "AUTH ****"),       // not a SASL name: may be a secret
                Arguments.of("AUTH tim:tanstaaf", "AUTH ****"),
                Arguments.of("AUTH  PLAIN AHRpbQ==", "AUTH ****"),           // two spaces: the name is empty
                Arguments.of("AUTH ABCDEFGHIJKLMNOPQRSTU x", "AUTH ****"),   // 21 characters: no SASL name
                Arguments.of("AUTH\tPLAIN AHRpbQ==", "AUTH\tPLAIN AHRpbQ=="), // not an AUTH command line (the verb is "AUTH\tPLAIN")
                Arguments.of("AUTH", "AUTH"),
                Arguments.of("AUTH ", "AUTH "),
                Arguments.of("AUTHX PLAIN AHRpbQ==", "AUTHX PLAIN AHRpbQ=="),
                Arguments.of("MAIL FROM:<a@example.com> AUTH=<>", "MAIL FROM:<a@example.com> AUTH=<>"),
                Arguments.of("", ""));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("commands")
    void masksTheInitialResponseOfAnAuthCommand(String line, String recorded) {
        assertThat(AuthMasking.command(line)).isEqualTo(recorded);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("responses")
    void masksEveryExchangeLineButCancelAndEmpty(String line, String recorded) {
        assertThat(AuthMasking.response(line)).isEqualTo(recorded);
    }

    static Stream<Arguments> responses() {
        return Stream.of(
                Arguments.of("YWxpY2U=", "****"),
                Arguments.of("czNjcmV0", "****"),
                Arguments.of("not base64 at all", "****"),
                Arguments.of("=", "****"),
                Arguments.of(" ", "****"),
                Arguments.of("**", "****"),
                Arguments.of("*", "*"),
                Arguments.of("", ""));
    }
}
