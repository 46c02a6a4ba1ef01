package dev.smtptestkit.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {

    @Test
    void aFailedComputationIsTriedAgainAndASuccessfulOneIsKept() {
        AtomicInteger calls = new AtomicInteger();
        Lazy<String> lazy = new Lazy<>(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first call fails");
            }
            return "value " + calls.get();
        });

        assertThat(catchThrowable(lazy::get)).hasMessage("first call fails");
        assertThat(lazy.get()).isEqualTo("value 2");
        assertThat(lazy.get()).isEqualTo("value 2");
        assertThat(calls).hasValue(2);
    }
}
