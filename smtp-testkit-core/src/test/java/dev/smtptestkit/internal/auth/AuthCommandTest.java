package dev.smtptestkit.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 4954 4: {@code "AUTH" SP sasl-mech [SP initial-response]}. */
class AuthCommandTest {

    @Test
    void splitsTheMechanismAndTheInitialResponse() {
        assertThat(AuthCommand.parse(" PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm"))
                .contains(new AuthCommand("PLAIN", Optional.of("AHRpbQB0YW5zdGFhZnRhbnN0YWFm")));
        assertThat(AuthCommand.parse(" login")).contains(new AuthCommand("login", Optional.empty()));
        assertThat(AuthCommand.parse(" PLAIN =")).contains(new AuthCommand("PLAIN", Optional.of("=")));
        // the name is checked against the offered ones later (504), not here
        assertThat(AuthCommand.parse(" NO-SUCH-THING")).contains(new AuthCommand("NO-SUCH-THING", Optional.empty()));
    }

    @ParameterizedTest(name = "\"AUTH{0}\"")
    @ValueSource(strings = {"", " ", "  PLAIN", " PLAIN ", " PLAIN a b", "PLAIN", "\tPLAIN"})
    void refusesAnythingElse(String afterVerb) {
        assertThat(AuthCommand.parse(afterVerb)).isEmpty();
    }
}
