package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Envelope}: a value built by its builder, so it can grow without breaking callers. */
class EnvelopeTest {

    private static Envelope.Builder full() {
        return Envelope.builder().sender("a@example.com").senderParameter("size", "120").senderParameter("BODY", "8BITMIME")
                .recipient("b@example.com").recipient("c@example.com", Map.of("notify", "NEVER"))
                .heloName("client.example").extended(false).sessionId("s7")
                .clientAddress(new InetSocketAddress("127.0.0.1", 40000));
    }

    @Test
    void theBuilderSetsEveryFactAndUpperCasesParameterKeys() {
        Envelope e = full().build();
        assertThat(e.sender()).isEqualTo("a@example.com");
        assertThat(e.senderParameters()).isEqualTo(Map.of("SIZE", "120", "BODY", "8BITMIME"));
        assertThat(e.senderParameter("Size")).isEqualTo("120");
        assertThat(e.senderParameter("SMTPUTF8")).isNull();
        assertThat(e.recipients()).containsExactly("b@example.com", "c@example.com");
        assertThat(e.recipientParameters()).containsExactly(Map.of(), Map.of("NOTIFY", "NEVER"));
        assertThat(e.heloName()).isEqualTo("client.example");
        assertThat(e.extended()).isFalse();
        assertThat(e.sessionId()).isEqualTo("s7");
        assertThat(e.clientAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 40000));
        assertThat(e.isBounce()).isFalse();
    }

    @Test
    void defaultsSuitASenderThatHasNoSession() {
        Envelope e = Envelope.builder().sender("").recipient("b@example.com").build();
        assertThat(e.isBounce()).isTrue();
        assertThat(e.heloName()).isEmpty();
        assertThat(e.extended()).isTrue();
        assertThat(e.sessionId()).isEmpty();
        assertThat(e.clientAddress()).isNull();
    }

    @Test
    void isAnImmutableValue() {
        Map<String, String> parameters = new HashMap<>(Map.of("NOTIFY", "NEVER"));
        Envelope.Builder builder = full().recipient("d@example.com", parameters);
        Envelope e = builder.build();
        parameters.put("ORCPT", "x");
        builder.recipient("later@example.com");
        assertThat(e.recipients()).hasSize(3);
        assertThat(e.recipientParameters().get(2)).isEqualTo(Map.of("NOTIFY", "NEVER"));
        assertThat(full().build()).isEqualTo(full().build()).hasSameHashCodeAs(full().build())
                .isNotEqualTo(full().sessionId("s8").build());
        assertThatThrownBy(() -> e.recipients().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(e.toString()).startsWith("Envelope[sender=a@example.com, ").contains("recipients=" + List.of(
                "b@example.com", "c@example.com", "d@example.com"));
    }

    @Test
    void aSenderAndARecipientAreRequired() {
        assertThatThrownBy(() -> Envelope.builder().recipient("b@example.com").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("An envelope needs a sender: call sender(address), or sender(\"\") for the null reverse path <>.");
        assertThatThrownBy(() -> Envelope.builder().sender("a@example.com").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("An envelope needs at least one recipient: call recipient(address).");
    }
}
