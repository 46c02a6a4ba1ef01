package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.internal.auth.CramMd5;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The credentials policy and what a validator sees, without a receiver. */
class AuthPolicyTest {

    private static Credentials plain(String user, String password) {
        return Credentials.ofPassword(AuthMechanism.PLAIN, Optional.empty(), user, password);
    }

    @Test
    void acceptsAnyLoginByDefault() {
        assertThat(AuthPolicy.acceptAny().accepts(plain("anyone", "anything"))).isTrue();
        assertThat(AuthPolicy.acceptAny().accepts(Credentials.ofCramMd5("x", "<1.2@h>", "0".repeat(32)))).isTrue();
    }

    @Test
    void acceptsExactlyTheGivenUsers() {
        AuthPolicy policy = AuthPolicy.users(Map.of("alice", "s3cret", "bob", "hunter2"));

        assertThat(policy.accepts(plain("alice", "s3cret"))).isTrue();
        assertThat(policy.accepts(Credentials.ofPassword(AuthMechanism.LOGIN, Optional.empty(), "bob", "hunter2"))).isTrue();
        assertThat(policy.accepts(plain("alice", "hunter2"))).isFalse();
        assertThat(policy.accepts(plain("carol", "s3cret"))).isFalse();
        assertThat(policy.accepts(plain("Alice", "s3cret"))).isFalse();
        assertThat(policy.accepts(plain("alice", "s3cret "))).isFalse();
    }

    @Test
    void checksCramMd5DigestsAndXoauth2TokensAgainstTheUsers() {
        AuthPolicy policy = AuthPolicy.users(Map.of("tim", "tanstaaftanstaaf"));
        String challenge = "<1896.697170952@postoffice.reston.mci.net>";

        assertThat(policy.accepts(Credentials.ofCramMd5("tim", challenge, "b913a602c7eda7a495b4e6e7334d3890"))).isTrue();
        assertThat(policy.accepts(Credentials.ofCramMd5("tim", challenge, CramMd5.digest("other", challenge)))).isFalse();
        assertThat(policy.accepts(Credentials.ofToken("tim", "tanstaaftanstaaf"))).isTrue();
        assertThat(policy.accepts(Credentials.ofToken("tim", "expired"))).isFalse();
    }

    @Test
    void asksTheValidator() {
        AuthPolicy policy = AuthPolicy.validator(c -> c.mechanism() == AuthMechanism.PLAIN
                && c.authorizationId().isEmpty() && c.password().orElse("").length() > 3);

        assertThat(policy.accepts(plain("a", "long enough"))).isTrue();
        assertThat(policy.accepts(plain("a", "abc"))).isFalse();
        assertThat(policy.accepts(Credentials.ofToken("a", "long enough"))).isFalse();
    }

    @Test
    void explainsAnEmptyUserSet() {
        assertThat(catchThrowable(() -> AuthPolicy.users(Map.of()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AuthPolicy.users(...) needs at least one user name and password;"
                        + " to accept every login use AuthPolicy.acceptAny()");
    }

    @Test
    void explainsAPasswordForTheWrongMechanism() {
        assertThat(catchThrowable(() -> Credentials.ofPassword(AuthMechanism.XOAUTH2, Optional.empty(), "a", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Credentials.ofPassword takes PLAIN or LOGIN, not XOAUTH2: use ofToken for XOAUTH2 and"
                        + " ofCramMd5 for CRAM-MD5");
    }

    @Test
    void showsNoSecretInToString() {
        assertThat(AuthPolicy.users(Map.of("bob", "hunter2", "alice", "s3cret"))).hasToString("AuthPolicy{users [alice, bob]}");
        assertThat(AuthPolicy.acceptAny()).hasToString("AuthPolicy{accept any}");
        assertThat(AuthPolicy.validator(c -> true)).hasToString("AuthPolicy{validator}");
        assertThat(Credentials.ofPassword(AuthMechanism.PLAIN, Optional.of("Ursel"), "Kurt", "xipj3plmq"))
                .hasToString("Credentials{PLAIN, user=Kurt, authorizationId=Ursel, password=****}");
        assertThat(Credentials.ofToken("a@example.com", "ya29.token")).hasToString("Credentials{XOAUTH2, user=a@example.com, token=****}");
        assertThat(Credentials.ofCramMd5("tim", "<1.2@h>", "b913a602c7eda7a495b4e6e7334d3890"))
                .hasToString("Credentials{CRAM-MD5, user=tim, digest=****}");
    }

    @Test
    void checksAnEmptyCramMd5Password() {
        String challenge = "<1.2@h>";

        assertThat(Credentials.ofCramMd5("u", challenge, CramMd5.digest("", challenge)).secretMatches("")).isTrue();
        assertThat(Credentials.ofCramMd5("u", challenge, CramMd5.digest("", challenge)).secretMatches("x")).isFalse();
    }
}
