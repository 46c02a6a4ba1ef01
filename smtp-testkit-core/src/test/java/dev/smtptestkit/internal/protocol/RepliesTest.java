package dev.smtptestkit.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every reply the receiver can send, checked for the shape RFC 5321 4.2 and RFC 3463 ask for. */
class RepliesTest {

    private static final Map<Class<?>, Object> SAMPLE_ARGUMENTS = Map.of(
            String.class, "sample", int.class, 7, long.class, 7L, List.class, List.of("SIZE 7", "PIPELINING"));

    static Stream<Method> replies() {
        return Arrays.stream(Replies.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getReturnType() == Reply.class)
                .filter(m -> !m.getName().equals("scripted")) // a test's own reply, checked by SmtpScript
                .sorted((a, b) -> a.getName().compareTo(b.getName()));
    }

    private static Reply build(Method method) throws ReflectiveOperationException {
        Object[] arguments = Arrays.stream(method.getParameterTypes()).map(SAMPLE_ARGUMENTS::get).toArray();
        return (Reply) method.invoke(null, arguments);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void hasAnEnhancedCodeOfTheSameClassAsItsCode(Method method) throws ReflectiveOperationException {
        Reply reply = build(method);

        // RFC 3463 2: class "." subject "." detail, and the class agrees with the reply code
        if (!reply.enhancedCode().isEmpty()) {
            assertThat(reply.enhancedCode()).matches("[245]\\.[0-9]{1,3}\\.[0-9]{1,3}");
            assertThat(reply.enhancedCode().charAt(0) - '0').isEqualTo(reply.code() / 100);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void isWrittenAsRfc5321ReplyLines(Method method) throws ReflectiveOperationException {
        Reply reply = build(method);
        String[] lines = reply.wire().split("\r\n", -1);

        // RFC 5321 4.2.1: "code-" on every line but the last, "code " on the last, each ending in CRLF
        assertThat(lines[lines.length - 1]).isEmpty();
        for (int i = 0; i < lines.length - 1; i++) {
            String separator = i == lines.length - 2 ? " " : "-";
            assertThat(lines[i]).startsWith(reply.code() + separator);
            assertThat(lines[i].length()).isLessThanOrEqualTo(512 - 2); // RFC 5321 4.5.3.1.5
        }
    }

    @Test
    void leavesTheEnhancedCodeOutOnlyWhereRfc2034Says() {
        // RFC 2034 3: greeting, EHLO/HELO answers and the 354 intermediate reply carry none
        List<String> without = replies().filter(m -> {
            try {
                return build(m).enhancedCode().isEmpty();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }).map(Method::getName).toList();

        assertThat(without).containsExactlyInAnyOrder("greeting", "ehlo", "helo", "startData", "authChallenge");
    }

    @Test
    void sendsAScriptedReplyAsGiven() {
        assertThat(Replies.scripted(550, "5.1.1", List.of("No such", "user")).wire())
                .isEqualTo("550-5.1.1 No such\r\n550 5.1.1 user\r\n");
        assertThat(Replies.scripted(421, "", List.of("Bye")).wire()).isEqualTo("421 Bye\r\n");
    }

    @Test
    void sendsAnEmptyAuthChallengeAsCodeAndSpace() {
        // RFC 4954 4: "334" SP [base64] CRLF; the empty challenge keeps the space
        assertThat(Replies.authChallenge("").wire()).isEqualTo("334 \r\n");
        assertThat(Replies.authChallenge("VXNlcm5hbWU6").wire()).isEqualTo("334 VXNlcm5hbWU6\r\n");
    }

    @Test
    void answersAuthWithTheCodesOfRfc4954() {
        // RFC 4954 4 and 6
        assertThat(Replies.authSucceeded().firstLine()).isEqualTo("235 2.7.0 Authentication successful");
        assertThat(Replies.authCredentialsInvalid().firstLine()).isEqualTo("535 5.7.8 Authentication credentials invalid");
        assertThat(Replies.authMechanismUnknown("PLAIN LOGIN").firstLine())
                .isEqualTo("504 5.5.4 Unrecognized authentication mechanism; offered: PLAIN LOGIN");
        assertThat(Replies.authBadBase64().firstLine())
                .isEqualTo("501 5.5.2 Cannot decode response: not base64 (RFC 4648, with padding, no spaces)");
        assertThat(Replies.authCancelled().firstLine()).isEqualTo("501 5.0.0 Authentication cancelled");
        assertThat(Replies.authTemporaryFailure().firstLine()).isEqualTo("454 4.7.0 Temporary authentication failure");
        assertThat(Replies.authRequired().firstLine()).isEqualTo("530 5.7.0 Authentication required");
        assertThat(Replies.authEncryptionRequired().firstLine())
                .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
        assertThat(Replies.authLineTooLong(12288).firstLine())
                .isEqualTo("500 5.5.6 Authentication exchange line is too long (limit 12288 octets including CRLF)");
        assertThat(Replies.authTooManyFailures(3).firstLine())
                .isEqualTo("421 4.7.0 Too many failed authentication attempts (limit 3), closing connection");
        assertThat(Replies.authTooManyFailures(3).closesConnection()).isTrue();
    }

    @Test
    void namesTheServerAskedForEachTimeThoughTheLastNameIsKept() {
        // the greeting and the 221 are kept for the last name: another receiver's name must not leak
        assertThat(Replies.greeting("a.example").firstLine()).isEqualTo("220 a.example ESMTP smtp-testkit ready");
        assertThat(Replies.greeting("b.example").firstLine()).isEqualTo("220 b.example ESMTP smtp-testkit ready");
        assertThat(Replies.greeting("a.example").wireLines()).containsExactly("220 a.example ESMTP smtp-testkit ready");
        assertThat(Replies.closing("b.example").wireLines()).containsExactly("221 2.0.0 b.example closing connection");
        assertThat(Replies.closing("a.example").wireLines()).containsExactly("221 2.0.0 a.example closing connection");
    }

    @Test
    void echoesAPrintableClientNameAsItCameAndMasksTheRest() {
        assertThat(Replies.helo("mx", "client.example").firstLine()).isEqualTo("250 mx greets client.example");
        assertThat(Replies.helo("mx", "bad\u00e9name x").firstLine()).isEqualTo("250 mx greets bad?name?x");
        assertThat(Replies.helo("mx", "n".repeat(64)).firstLine()).isEqualTo("250 mx greets " + "n".repeat(64));
        assertThat(Replies.helo("mx", "n".repeat(65)).firstLine()).isEqualTo("250 mx greets " + "n".repeat(64) + "...");
    }

    @Test
    void isAValueWhoseRenderedFormsAreKeptButEqualToFreshOnes() {
        Reply kept = Replies.senderOk();
        Reply fresh = new Reply(250, "2.1.0", List.of("Sender OK"));

        assertThat(kept).isEqualTo(fresh).hasSameHashCodeAs(fresh).hasToString(fresh.toString())
                .isNotEqualTo(new Reply(250, "2.1.5", List.of("Sender OK")));
        assertThat(kept.wireLines()).isEqualTo(fresh.wireLines()).containsExactly("250 2.1.0 Sender OK");
        assertThat(kept.wireLines()).isSameAs(kept.wireLines());
        // after HELO (RFC 2034 3): the same reply without its enhanced code, also kept
        assertThat(kept.withoutEnhancedCode().wireLines()).containsExactly("250 Sender OK");
        assertThat(kept.withoutEnhancedCode()).isSameAs(kept.withoutEnhancedCode()).isEqualTo(new Reply(250, "", List.of("Sender OK")));
        assertThat(kept.toString()).isEqualTo("Reply[code=250, enhancedCode=2.1.0, lines=[Sender OK]]");
    }
}
