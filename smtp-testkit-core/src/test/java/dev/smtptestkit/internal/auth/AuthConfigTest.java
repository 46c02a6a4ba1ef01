package dev.smtptestkit.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.AuthPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AUTH settings: the EHLO keyword (RFC 4954 3), the TLS rule, the failure limit, bad settings. */
class AuthConfigTest {

    private static AuthConfig config(List<AuthMechanism> mechanisms, boolean plaintextWithoutTls, int maxFailures) {
        return new AuthConfig(true, false, mechanisms, plaintextWithoutTls, AuthPolicy.acceptAny(), maxFailures);
    }

    @Test
    void advertisesTheEnabledMechanismsInOrder() {
        assertThat(AuthConfig.acceptingAny().ehloKeyword(false)).contains("AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2");
        assertThat(config(List.of(AuthMechanism.LOGIN, AuthMechanism.PLAIN), true, 0).ehloKeyword(false))
                .contains("AUTH LOGIN PLAIN");
    }

    @Test
    void advertisesNothingWhenOff() {
        assertThat(AuthConfig.disabled().ehloKeyword(false)).isEmpty();
        assertThat(AuthConfig.disabled().ehloKeyword(true)).isEmpty();
    }

    @Test
    void leavesClearTextMechanismsOutBeforeTlsWhenTlsIsInsistedOn() {
        AuthConfig all = config(List.of(AuthMechanism.values()), false, 0);

        assertThat(all.ehloKeyword(false)).contains("AUTH CRAM-MD5");
        assertThat(all.ehloKeyword(true)).contains("AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2");
        assertThat(config(List.of(AuthMechanism.PLAIN, AuthMechanism.LOGIN), false, 0).ehloKeyword(false)).isEmpty();
        assertThat(all.needsTls(AuthMechanism.XOAUTH2, false)).isTrue();
        assertThat(all.needsTls(AuthMechanism.CRAM_MD5, false)).isFalse();
        assertThat(all.needsTls(AuthMechanism.PLAIN, true)).isFalse();
    }

    @Test
    void findsOfferedMechanismsCaseInsensitively() {
        AuthConfig config = config(List.of(AuthMechanism.CRAM_MD5), true, 0);

        assertThat(config.offered("cram-MD5")).contains(AuthMechanism.CRAM_MD5);
        assertThat(config.offered("PLAIN")).isEmpty();
        assertThat(config.offered("CRAM_MD5")).isEmpty();
    }

    @Test
    void countsFailedLoginsAgainstTheLimit() {
        AuthConfig three = config(List.of(AuthMechanism.PLAIN), true, 3);

        assertThat(three.tooManyFailures(2)).isFalse();
        assertThat(three.tooManyFailures(3)).isTrue();
        assertThat(config(List.of(AuthMechanism.PLAIN), true, 0).tooManyFailures(1_000_000)).isFalse();
    }

    @Test
    void explainsEachBadSetting() {
        assertThat(catchThrowable(() -> config(List.of(), true, 0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AUTH needs at least one mechanism; offer one of [PLAIN, LOGIN, CRAM_MD5, XOAUTH2] or switch AUTH off");
        assertThat(catchThrowable(() -> config(List.of(AuthMechanism.PLAIN, AuthMechanism.PLAIN), true, 0)))
                .hasMessage("each AUTH mechanism may be offered once, got [PLAIN, PLAIN]");
        assertThat(catchThrowable(() -> new AuthConfig(false, true, List.of(AuthMechanism.PLAIN), true,
                AuthPolicy.acceptAny(), 0))).hasMessage("AUTH cannot be required while it is off; enable AUTH too");
        assertThat(catchThrowable(() -> config(List.of(AuthMechanism.PLAIN), true, -1)))
                .hasMessage("maxFailures must be 0 (no limit) or more, was -1");
    }
}
