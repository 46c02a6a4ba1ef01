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

        assertThat(without).containsExactlyInAnyOrder("greeting", "ehlo", "helo", "startData");
    }
}
